"""The scenario layer: everyday moments with the songs curators picked for each, brought up for a
text near a moment's example messages (``desktop.engine.recommend``, ``ScenarioLayer``)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop.core.errors import CatalogError
from desktop.engine.explain import explain
from desktop.engine.recommend import SCENARIO_NEAR, Recommender
from desktop.library.catalog import Catalog, write_scenarios
from tests.helpers import TOPIC_DIM, one_hot_mix, topic_axis
from tests.test_situations import S, _corrupt, situated

NAMES = [("친구 결혼식 하객", "a friend's wedding, as a guest"), ("월급날 전 텅장", "broke before payday")]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _songs(tmp_path):
    """Three grief songs alike in all but familiarity (a > b > c, so a leads without scenarios)."""
    return situated(
        tmp_path,
        [
            ("a", "first", one_hot_mix(S), 0, "grief", -0.9, 0.3),
            ("b", "second", one_hot_mix(S), 0, "grief", -0.9, 0.2),
            ("c", "third", one_hot_mix(S), 0, "grief", -0.9, 0.1),
        ],
    )


def _with_scenarios(path, picks=((0, 1), (0, 2), (1, 0))):
    """Scenario 0's examples lie on topic axis 6, scenario 1's on axis 7; scenario 0 picked b then c."""
    centroids = [_unit(topic_axis(6) + 0.1 * topic_axis(0)), _unit(topic_axis(7) + 0.1 * topic_axis(0))]
    write_scenarios(path, np.array(centroids, np.float32), np.array(picks), NAMES)
    return path


def _ranked(path, text: np.ndarray) -> list:
    rec = Recommender.from_catalog(Catalog.open(path))
    return rec.rank(np.array(one_hot_mix(S), np.float32), top=3, topic=text)


def test_a_curators_pick_comes_first_for_a_text_near_its_scenario(tmp_path):
    path = _songs(tmp_path)
    text = _unit(2 * topic_axis(2) + topic_axis(6))  # about half-way near scenario 0: picks count, not in full
    assert [r.song.key for r in _ranked(path, text)] == ["a", "b", "c"]  # familiarity alone
    _with_scenarios(path)
    first, second, third = _ranked(path, text)
    assert [first.song.key, second.song.key, third.song.key] == ["b", "c", "a"]
    # the second pick counts less than the first
    assert 0 < second.scenario_fit < first.scenario_fit and third.scenario_fit < 0.01
    # the explanation names the moment, in the UI's language, only where the picks counted
    assert f"moments like “{NAMES[0][1]}”" in explain(first, "en")
    assert f"‘{NAMES[0][0]}’ 같은 순간에 큐레이터가 고른 곡" in explain(first, "ko")
    assert third.scenario is None and "curators" not in explain(third, "en")


def test_a_text_near_no_scenario_gets_no_picks(tmp_path):
    path = _with_scenarios(_songs(tmp_path))
    rec = Recommender.from_catalog(Catalog.open(path))
    far = _unit(topic_axis(2) + topic_axis(1))  # no scenario's examples are anywhere near
    mix = rec.text_scenarios(far)
    assert mix is not None and mix.sum() == 0
    assert [r.song.key for r in _ranked(path, far)] == ["a", "b", "c"]
    # how near counts: at the upper bound the mix is whole, in between a part of it
    near = rec.text_scenarios(topic_axis(6))
    assert near.sum() == pytest.approx(1.0) and near.argmax() == 0
    lo, hi = SCENARIO_NEAR
    assert 0 < lo < hi < 1


def test_a_catalog_without_scenarios_ranks_as_before(tmp_path):
    path = _songs(tmp_path)
    rec = Recommender.from_catalog(Catalog.open(path))
    assert rec.scenarios is None and rec.text_scenarios(topic_axis(6)) is None
    r = rec.rank(np.array(one_hot_mix(S), np.float32), top=1, topic=topic_axis(6))[0]
    assert r.scenario_fit is None and r.scenario is None


def test_the_writer_refuses_picks_out_of_scenario_order(tmp_path):
    path = _songs(tmp_path)
    with pytest.raises(ValueError, match="ascending"):
        _with_scenarios(path, picks=((1, 0), (0, 1)))


@pytest.mark.parametrize(
    "damage",
    [
        ("UPDATE meta SET value = 'not json' WHERE key = 'scenarios'",),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", json.dumps([["하나", "one"]])),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", json.dumps([["x" * 81, "a"], ["b", "c"]])),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", json.dumps([[1, 2], ["b", "c"]])),
        ("UPDATE text_arrays SET data = ? WHERE name = 'scenario_pick'", np.array([0, 1, 0, 1, 1, 0], "<i4").tobytes()),
        ("UPDATE text_arrays SET data = ? WHERE name = 'scenario_pick'", np.array([0, 1, 0, 9, 1, 0], "<i4").tobytes()),
        ("UPDATE text_arrays SET data = ? WHERE name = 'scenario_pick'", np.array([1, 1, 0, 2, 0, 0], "<i4").tobytes()),
        (
            "UPDATE text_arrays SET rows = 1, data = ? WHERE name = 'scenario_centroid'",
            (np.ones(TOPIC_DIM) / np.sqrt(TOPIC_DIM)).astype("<f2").tobytes(),
        ),
        ("UPDATE text_arrays SET data = ? WHERE name = 'scenario_centroid'", np.zeros(2 * TOPIC_DIM, "<f2").tobytes()),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'scenario_centroid'",
            np.full(2 * TOPIC_DIM, np.nan, "<f2").tobytes(),
        ),
        ("UPDATE text_arrays SET rows = 3 WHERE name = 'scenario_centroid'",),
        ("DELETE FROM text_arrays WHERE name = 'scenario_pick'",),
    ],
    ids=[
        "names-not-json",
        "fewer-names",
        "long-name",
        "names-not-text",
        "twice-picked",
        "no-such-song",
        "descending",
        "a-centroid-short",
        "not-unit",
        "nan",
        "mis-sized",
        "no-picks",
    ],
)
def test_damaged_scenario_numbers_are_refused(tmp_path, damage):
    path = _with_scenarios(_songs(tmp_path))
    assert Catalog.open(path).scenarios is not None
    _corrupt(path, *damage)
    with pytest.raises(CatalogError, match="damaged.*scenario"):
        Catalog.open(path)


def test_scenario_names_are_shown_as_plain_text(tmp_path):
    path = _songs(tmp_path)
    write_scenarios(
        path,
        np.array([topic_axis(6), topic_axis(7)], np.float32),
        np.array([(0, 1)]),
        [("<b>굵게</b>\x1b[31m", "bold"), ("둘", "two")],
    )
    names = Catalog.open(path).scenarios.names
    assert "\x1b" not in names[0][0] and names[1] == ("둘", "two")


def test_committed_catalog_has_the_scenario_layer():
    from tests.helpers import ROOT

    cat = Catalog.open(ROOT / "catalog.db")
    layer = cat.scenarios
    assert layer is not None, "catalog.db has no scenario layer (python -m training.add_scenarios)"
    assert len(layer.names) >= 100 and layer.centroids.shape == (len(layer.names), cat.topics.shape[1])
    per = np.bincount(layer.pick_scenario, minlength=len(layer.names))
    assert per.min() >= 5 and per.max() <= 15
    report = json.loads((ROOT / "training" / "scenario_report.json").read_text(encoding="utf-8"))
    assert report["scenarios"] == len(layer.names) and report["picks"] == len(layer.pick_row)


def test_committed_scenarios_and_picks_agree_with_the_catalog():
    from tests.helpers import ROOT
    from training.scenario_curation import MAX_PICKS, MIN_PICKS, read_scenarios

    scenarios = read_scenarios(sorted((ROOT / "training" / "scenarios").glob("*.json")))
    assert all(len(s["messages"]) >= 6 and s["brief"] for s in scenarios)
    picks = json.loads((ROOT / "training" / "scenario_picks.json").read_text(encoding="utf-8"))
    keys = set(Catalog.open(ROOT / "catalog.db").songs.keys)
    assert set(picks) <= {s["id"] for s in scenarios}
    assert all(MIN_PICKS <= len(v) <= MAX_PICKS and set(v) <= keys and len(set(v)) == len(v) for v in picks.values())
    # the catalog holds exactly the scenarios that have picks, by name
    names = Catalog.open(ROOT / "catalog.db").scenarios.names
    assert [n for n in names] == [(s["title_ko"], s["title_en"]) for s in scenarios if s["id"] in picks]


def test_a_song_picked_for_many_moments_counts_less_per_pick(tmp_path):
    """b is picked for one moment, c for six (each first): for a text as near one of c's moments as
    another text is to b's, c's fit is smaller by sqrt(SCENARIO_SPREAD / 6), so a song curators love
    for everything does not answer every text (the hub bar)."""
    from desktop.engine.recommend import SCENARIO_SPREAD

    path = _songs(tmp_path)
    centroids = np.array([topic_axis(i) for i in range(7)], np.float32)
    picks = [(0, 1)] + [(i, 2) for i in range(1, 7)]
    write_scenarios(path, centroids, np.array(picks), [(f"순간 {i}", f"moment {i}") for i in range(7)])
    rec = Recommender.from_catalog(Catalog.open(path))
    mix = np.zeros(7, np.float32)
    mix[0] = 0.3
    b = rec.scenario_fit(mix)[1]
    mix[[0, 1]] = [0.0, 0.3]
    c = rec.scenario_fit(mix)[2]
    assert SCENARIO_SPREAD < 6 and c == pytest.approx(b * np.sqrt(SCENARIO_SPREAD / 6), rel=1e-4)


@pytest.mark.parametrize(
    "damage",
    [
        ("DELETE FROM text_arrays WHERE name = 'scenario_centroid'",),
        ("DELETE FROM meta WHERE key = 'scenarios'",),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", "[" * 200_000),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", json.dumps([["\u202e", "a"], ["b", "c"]])),
        ("UPDATE meta SET value = ? WHERE key = 'scenarios'", json.dumps([["\x1b", "a"], ["b", "c"]])),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'scenario_pick'",
            np.array([0, -1, 0, 2, 1, 0], "<i4").tobytes(),
        ),
        (
            "UPDATE text_arrays SET rows = 3, data = ? WHERE name = 'scenario_centroid'",
            (np.ones((3, TOPIC_DIM)) / np.sqrt(TOPIC_DIM)).astype("<f2").tobytes(),
        ),
    ],
    ids=[
        "centroids-missing",
        "names-missing",
        "nested-json",
        "bidi-only-name",
        "escape-only-name",
        "negative-row",
        "more-centroids",
    ],
)
def test_a_partial_or_hostile_scenario_layer_is_refused(tmp_path, damage):
    path = _with_scenarios(_songs(tmp_path))
    _corrupt(path, *damage)
    with pytest.raises(CatalogError, match="damaged.*scenario"):
        Catalog.open(path)


def test_the_writer_never_replaces_a_catalog_with_one_the_app_refuses(tmp_path):
    path = _with_scenarios(_songs(tmp_path))
    before = path.read_bytes()
    with pytest.raises(ValueError, match="checks"):
        write_scenarios(path, np.array([topic_axis(6)], np.float32), np.array([(0, 1)]), [("x" * 81, "long")])
    assert path.read_bytes() == before and not list(tmp_path.glob("*.tmp"))
    assert Catalog.open(path).scenarios.names == tuple(NAMES)


def test_a_text_half_way_near_gets_part_of_the_mix(tmp_path):
    rec = Recommender.from_catalog(Catalog.open(_with_scenarios(_songs(tmp_path))))
    mix = rec.text_scenarios(_unit(2 * topic_axis(2) + topic_axis(6)))
    assert 0.1 < mix.sum() < 0.9 and mix.argmax() == 0
