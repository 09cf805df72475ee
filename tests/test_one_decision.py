"""Decisions written once: ranking modes, language codes, the dominant emotion, int8 rows, and the
profile-less store (what a session without a profile answers)."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

from desktop.core.labels import LABELS, dominant, dominant_index
from desktop.core.languages import language_of
from desktop.engine.modes import CODES, MODES, Mode, mode_spec, tooltip
from desktop.library.quantise import quantise_rows
from desktop.profile.null_store import NoStore
from desktop.profile.user_store import UserStore
from tests.helpers import ROOT


def test_every_mode_is_declared_with_names_and_docs_in_both_languages():
    assert CODES == tuple(m.value for m in Mode)
    for spec in MODES:
        assert spec.name("ko") != spec.name("en") and spec.doc("ko") and spec.doc("en")
        assert mode_spec(spec.code) is spec and mode_spec(spec.mode) is spec
    assert tooltip("ko").count("\n") == len(MODES) - 1
    with pytest.raises(ValueError):
        mode_spec("shuffle")


def test_the_cli_offers_exactly_the_registered_modes():
    from desktop.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command").choices["recommend"]
    assert tuple(next(a for a in sub._actions if a.dest == "mode").choices) == CODES


def test_the_ranking_follows_the_mode_flags_not_its_name(small_catalog, monkeypatch):
    """A mode declared not blended ranks by the dominant emotion, whatever it is called."""
    from desktop.engine import modes, recommend
    from desktop.library.catalog import Catalog
    from tests.helpers import one_hot_mix

    rec = recommend.Recommender.from_catalog(Catalog.open(small_catalog))
    p = np.array(one_hot_mix(1))

    def ranked(mode):
        return [(r.song.key, round(r.similarity, 6), round(r.score, 6)) for r in rec.rank(p, top=5, mode=mode)]

    emotion_only = ranked("emotion")
    assert ranked("match") != emotion_only
    monkeypatch.setitem(modes._BY_MODE, Mode.MATCH, modes.ModeSpec(Mode.MATCH, {}, {}, blended=False))
    assert ranked("match") == emotion_only


@pytest.mark.parametrize(
    ("code", "want"),
    [
        ("ko", "ko"),
        ("ko_KR.UTF-8", "ko"),
        ("KO", "ko"),
        ("en_GB", "en"),
        ("system", "en"),
        ("", "en"),
        (None, "en"),
        ("ja_JP", "en"),
    ],
)
def test_language_codes(code, want):
    assert language_of(code) == want


def test_no_module_tests_a_language_code_itself():
    offenders = [
        p.name
        for p in (ROOT / "desktop").rglob("*.py")
        if p.name != "languages.py" and 'startswith("ko")' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_dominant_emotion_takes_the_first_of_a_tie_like_argmax():
    tie = [0.3, 0.3, 0.1, 0.1, 0.1, 0.05, 0.05]
    assert dominant_index(tie) == int(np.argmax(tie)) == 0 and dominant(np.array(tie)) == LABELS[0]
    assert dominant([0, 0, 0, 0, 0, 0, 1]) == LABELS[6]
    with pytest.raises(ValueError):
        dominant_index([1.0, 0.0])


def test_no_module_takes_the_argmax_of_a_mood_itself():
    """The main emotion of a 7-vector is ``desktop.core.labels.dominant``; argmax elsewhere is for
    other things (the catalog's per-song column, the diversity pass)."""
    found = []
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = ast.unparse(node)
            if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "LABELS" and "argmax" in text:
                found.append(f"{path.name}: {ast.unparse(node)}")
            if isinstance(node, ast.Call) and "key=mood.__getitem__" in ast.unparse(node):
                found.append(f"{path.name}: {ast.unparse(node)}")
    assert found == []


def test_int8_rows_round_trip_within_half_a_step_and_zero_rows_stay_zero():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(20, 16)).astype(np.float32)
    v[3] = 0
    for levels in (127, 63):
        q, scale = quantise_rows(v, levels)
        assert q.dtype == np.int8 and np.abs(q).max() == levels and scale.dtype == np.float32
        assert np.all(np.abs(q * scale[:, None] - v) <= scale[:, None] / 2 + 1e-7)
        assert not q[3].any()


def test_the_catalog_and_the_topic_index_quantise_the_same_way():
    from desktop.engine.topic_index import LEVELS, TopicIndex
    from desktop.library.catalog import quantise_topics

    v = np.random.default_rng(1).normal(size=(5, 8)).astype(np.float32)
    rows, scales = quantise_topics(v)
    q, s = quantise_rows(v)
    assert rows == [r.tobytes() for r in q] and scales == pytest.approx(s.tolist())
    index = TopicIndex(v, graph=ROOT / "missing.onnx")
    assert np.array_equal(index.q8, quantise_rows(v, LEVELS)[0])


def test_the_null_store_has_every_store_method_the_service_calls():
    tree = ast.parse((ROOT / "desktop" / "service.py").read_text(encoding="utf-8"))
    called = {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and ast.unparse(n.value) in ("self.store", "service.store")
    }
    assert called and sorted(called - set(dir(NoStore))) == []
    for name in called:
        if callable(getattr(UserStore, name, None)):
            store_params = list(inspect.signature(getattr(UserStore, name)).parameters)
            null_params = list(inspect.signature(getattr(NoStore, name)).parameters)
            assert null_params[:2] == store_params[:2] or "args" in null_params, name


def test_a_session_without_a_profile_reads_defaults_and_nothing_else(small_catalog, model):
    from desktop.library.catalog import Catalog
    from desktop.service import Moodtune

    app = Moodtune(model, Catalog.open(small_catalog), store=None)
    assert not app.has_profile and app.data_folder is None
    assert app.setting("top_n") == 30 and app.votes() == [] and app.history() == [] and app.latest_votes() == {}
    assert app.last_vote("1") is None and app.remembered_filters().genres == frozenset()
    app.save_settings({"top_n": 50})  # kept nowhere
    assert app.setting("top_n") == 30
    with pytest.raises(KeyError):
        app.save_settings({"volume": 3})
    analysis = app.analyze("오늘 너무 행복해")
    recs = app.recommend(analysis, top=3)
    assert len(recs) == 3
    with pytest.raises(RuntimeError):
        app.vote("x", analysis.probs, recs[0], 1)
    with pytest.raises(RuntimeError):
        app.export_feedback("x.csv")
    app.close()
