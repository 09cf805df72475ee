"""Seeded fuzzing of the public surface: every input is answered (a result or a one-line
InputTextError), never a crash, with valid data written and exported."""

from __future__ import annotations

import csv
import json
import random

import numpy as np
import pytest

from desktop.core.errors import InputTextError
from desktop.core.text_input import clean_text
from desktop.engine.model_spec import EMOTION
from desktop.library.catalog import Catalog
from desktop.profile.feedback_export import export_feedback
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from tests.helpers import ROOT

POOLS = [
    (0x20, 0x7E),
    (0xAC00, 0xD7A3),
    (0x3131, 0x318E),
    (0x1F300, 0x1FAFF),
    (0x0, 0x1F),
    (0xD800, 0xDFFF),
    (0x2000, 0x206F),
    (0x4E00, 0x9FFF),
    (0x0600, 0x06FF),
    (0xFFF0, 0xFFFF),
]


def fuzz_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.01:
        return "행복해 " * rng.randint(50_000, 150_000)  # ~0.4-1 MB
    if kind < 0.05:
        return rng.choice(["", " ", "\n\t", "-_-;;", "--json", "ㅋㅋㅋㅋ", "ㅠㅠ", "😀" * 50, "\x00", "\udcff"])
    n = rng.choice([1, 2, 5, 20, 80, 300])
    chars = []
    for _ in range(n):
        lo, hi = rng.choice(POOLS)
        chars.append(chr(rng.randint(lo, hi)))
    return "".join(chars)


@pytest.fixture(scope="module")
def service(tmp_path_factory, model):
    cat = Catalog.open(ROOT / "catalog.db")
    svc = Moodtune(model, cat, UserStore(tmp_path_factory.mktemp("fuzz")))
    yield svc
    svc.close()


def test_fuzzed_inputs_are_answered(service, tmp_path):
    rng = random.Random(20261125)
    answered = rejected = 0
    for i in range(2000):
        text = fuzz_text(rng)
        try:
            clean = clean_text(text)
        except InputTextError as exc:
            assert "\n" not in str(exc).strip()  # one line
            rejected += 1
            continue
        clean.encode("utf-8")  # valid Unicode from here on
        windows, _ = service.model.preprocess([clean[:10_000]])
        assert 1 <= len(windows) <= EMOTION.max_windows
        if i % 50 == 0 or len(text) > 100_000:  # the full path on a sample (models are ~50 ms a text)
            analysis = service.analyze(text)
            assert np.isfinite(analysis.probs).all() and abs(float(analysis.probs.sum()) - 1) < 1e-4
            for mode in ("match", "lift", "emotion"):
                recs = service.recommend(analysis, top=5, mode=mode)
                assert recs and all(0 <= r.match <= 100 for r in recs)
            service.vote(text, analysis.probs, recs[0], rng.choice([1, -1]))
        answered += 1
    assert answered > 1700 and rejected > 0
    n = export_feedback(service.store, tmp_path / "v.csv", "csv")
    with open(tmp_path / "v.csv", encoding="utf-8-sig", newline="") as f:  # texts may hold U+2028, CR...
        rows = list(csv.DictReader(f))
    assert n == len(rows) > 30
    assert max(len(r["text"] or "") for r in rows) <= 10_001  # votes keep what was analysed
    export_feedback(service.store, tmp_path / "v.json", "json")
    assert len(json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["votes"]) == n


def test_fuzzed_rank_vectors(service):
    rng = np.random.default_rng(7)
    rec = service.recommender
    for _ in range(500):
        p = rng.dirichlet(np.full(7, rng.uniform(0.05, 3)))
        t = rng.standard_normal(384).astype(np.float32) if rec.has_topics else None
        out = rec.rank(p, top=int(rng.integers(0, 50)), topic=t, mode=rng.choice(["match", "lift", "emotion"]))
        assert len({r.song.key for r in out}) == len(out)
