"""The ranking rule on a synthetic catalog: dominant label first, then cosine; filters; feedback."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import one_hot_mix

from desktop.catalog import Catalog
from desktop.recommend import LIKE_BOOST, FeedbackSignals, Filters, Recommender
from desktop.user_store import UserStore

H, S, A = 0, 1, 4


@pytest.fixture
def rec(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog))


def titles(recs):
    return [r.song.title for r in recs]


def test_same_dominant_first_then_cosine(rec):
    # A sad-leaning text that is also quite happy: "happy sad" is closer by cosine than
    # "sad pure", but "sad pure" and "sad happy" share the dominant label and come first.
    q = np.array(one_hot_mix(S, H, 0.45))
    q[H] = 0.44
    q = q / q.sum()
    recs = rec.rank(q, top=6)
    assert [r.same_dominant for r in recs][:2] == [True, True]
    assert set(titles(recs)[:2]) == {"sad pure", "sad happy"}
    assert titles(recs)[0] == "sad happy"  # closer by cosine among the sad ones
    assert not recs[2].same_dominant
    sims = [r.similarity for r in recs[2:]]
    assert sims == sorted(sims, reverse=True)
    assert [r.rank for r in recs] == [1, 2, 3, 4, 5, 6]
    assert "similar" in recs[0].reason


def test_cosine_is_exact(rec):
    q = np.array(one_hot_mix(H))
    top = rec.rank(q, top=1)[0]
    v = np.array(one_hot_mix(H, None, 0.88))
    v = v / v.sum()
    expected = float(q @ v / np.linalg.norm(q) / np.linalg.norm(v))
    assert top.song.title == "happy pure"
    assert top.similarity == pytest.approx(expected, abs=1e-5)


def test_filters_genre_and_years(rec):
    q = np.array(one_hot_mix(S))
    only_ballad = rec.rank(q, top=10, filters=Filters(genres=frozenset({"발라드"})))
    assert set(titles(only_ballad)) == {"happy sad", "sad pure", "sad happy"}
    recent = rec.rank(q, top=10, filters=Filters(year_min=2012, year_max=2018))
    assert set(titles(recent)) == {"happy sad", "angry", "angry sad"}
    assert rec.rank(q, top=10, filters=Filters(genres=frozenset({"트로트"}))) == []


def test_dislike_leaves_for_similar_mood_only(rec):
    sad = np.array(one_hot_mix(S), dtype=np.float32)
    row = rec.songs.index(next(s for s in rec.songs if s.title == "sad pure"))
    fb = FeedbackSignals(np.array([row]), np.array([-1], dtype=np.int8), sad[None, :])
    assert "sad pure" not in titles(rec.rank(sad * 0.9 + 0.1 / 7, top=6, feedback=fb))
    happy = np.array(one_hot_mix(H), dtype=np.float32)
    assert "sad pure" in titles(rec.rank(happy, top=6, feedback=fb))
    assert "sad pure" not in titles(rec.rank(happy, top=6, feedback=fb, filters=Filters(exclude_disliked=True)))


def test_like_rises_for_similar_mood(rec):
    q = np.array(one_hot_mix(S, H, 0.6), dtype=np.float32)  # "sad happy" 0.98 vs "sad pure" 0.90
    before = rec.rank(q, top=6)
    assert titles(before)[:2] == ["sad happy", "sad pure"]
    liked = rec.songs.index(before[1].song)
    fb = FeedbackSignals(np.array([liked]), np.array([1], dtype=np.int8), q[None, :])
    after = rec.rank(q, top=6, feedback=fb)
    assert titles(after)[0] == "sad pure"
    assert after[0].score == pytest.approx(before[1].score + LIKE_BOOST, abs=1e-4)
    assert after[0].liked_before and "liked" in after[0].reason
    # a very different mood is not affected by that like
    angry = np.array(one_hot_mix(A), dtype=np.float32)
    assert not any(r.liked_before for r in rec.rank(angry, top=6, feedback=fb))


def test_latest_vote_wins(rec):
    sad = np.array(one_hot_mix(S), dtype=np.float32)
    row = rec.songs.index(next(s for s in rec.songs if s.title == "sad pure"))
    fb = FeedbackSignals(np.array([row, row]), np.array([-1, 1], dtype=np.int8), np.stack([sad, sad]))
    assert titles(rec.rank(sad, top=6, feedback=fb))[0] == "sad pure"


def test_store_feedback_round_trip(small_catalog, tmp_path):
    cat = Catalog.open(small_catalog)
    rec = Recommender.from_catalog(cat)
    store = UserStore(tmp_path / "u")
    sad = np.array(one_hot_mix(S), dtype=np.float32)
    first = rec.rank(sad, top=3)[0]
    store.add_vote("너무 슬퍼", sad, first, -1, "m", "c")
    after = rec.rank(sad, top=6, feedback=store.signals(cat))
    assert first.song.title not in titles(after)
    store.close()


def test_bad_vector_rejected(rec):
    with pytest.raises(ValueError):
        rec.rank(np.ones(5), top=3)
