"""The ranking on synthetic catalogs: modes (match / lift / emotion only), topic, diversity,
match figure, filters, feedback."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.engine.explain import MESSAGES, explain
from desktop.engine.recommend import LIKE_BOOST, MAX_PER_ARTIST, FeedbackSignals, Filters, Mode, Recommender
from desktop.library.catalog import Catalog
from desktop.profile.user_store import UserStore
from tests.helpers import make_catalog, one_hot_mix, song_row, topic_axis

H, S, A = 0, 1, 4


@pytest.fixture
def rec(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog))


@pytest.fixture
def topical(tmp_path):
    """Sad and happy songs about rain (topic 0) and about the sea (topic 1)."""
    rows = [
        song_row("r1", "sad rain", one_hot_mix(S, None, 0.85), topic=topic_axis(0)),
        song_row("r2", "happy rain", one_hot_mix(H, None, 0.85), topic=topic_axis(0)),
        song_row("s1", "sad sea", one_hot_mix(S, None, 0.85), topic=topic_axis(1)),
        song_row("s2", "happy sea", one_hot_mix(H, None, 0.85), topic=topic_axis(1)),
        song_row("x1", "sad other", one_hot_mix(S, None, 0.85), topic=topic_axis(2)),
        song_row("x2", "angry other", one_hot_mix(A, None, 0.85), topic=topic_axis(3)),
    ]
    return Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "t.db", rows)))


def titles(recs):
    return [r.song.title for r in recs]


# ------------------------------------------------------------------ emotion-only (the original rule)
def test_emotion_mode_same_dominant_first_then_cosine(rec):
    # A sad-leaning text that is also quite happy: "happy sad" is closer by cosine than
    # "sad pure", but "sad pure" and "sad happy" share the dominant label and come first.
    q = np.array(one_hot_mix(S, H, 0.45))
    q[H] = 0.44
    q = q / q.sum()
    recs = rec.rank(q, top=6, mode=Mode.EMOTION)
    assert [r.same_dominant for r in recs][:2] == [True, True]
    assert set(titles(recs)[:2]) == {"sad pure", "sad happy"}
    assert titles(recs)[0] == "sad happy"  # closer by cosine among the sad ones
    assert not recs[2].same_dominant
    sims = [r.similarity for r in recs[2:]]
    assert sims == sorted(sims, reverse=True)
    assert [r.rank for r in recs] == [1, 2, 3, 4, 5, 6]
    assert "similar" in explain(recs[0])


def test_emotion_mode_cosine_is_exact(rec):
    q = np.array(one_hot_mix(H))
    top = rec.rank(q, top=1, mode="emotion")[0]
    v = np.array(one_hot_mix(H, None, 0.88))
    v = v / v.sum()
    expected = float(q @ v / np.linalg.norm(q) / np.linalg.norm(v))
    assert top.song.title == "happy pure"
    assert top.similarity == pytest.approx(expected, abs=1e-5)


# ------------------------------------------------------------------ blended: emotion + topic
def test_topic_decides_between_songs_of_the_same_mood(topical):
    sad = np.array(one_hot_mix(S, None, 0.85))
    about_sea = topical.rank(sad, top=3, topic=topic_axis(1))
    assert titles(about_sea)[0] == "sad sea"
    about_rain = topical.rank(sad, top=3, topic=topic_axis(0))
    assert titles(about_rain)[0] == "sad rain"
    assert about_rain[0].main_reason in ("topic", "emotion") and about_rain[0].topic_fit == pytest.approx(1.0)


def test_without_topic_vector_the_blend_is_emotion_fit(topical):
    sad = np.array(one_hot_mix(S, None, 0.85))
    recs = topical.rank(sad, top=3)
    assert all(r.topic_fit is None for r in recs)
    assert {t.split()[0] for t in titles(recs)} == {"sad"}


def test_match_figure_spreads_over_0_100(topical):
    sad = np.array(one_hot_mix(S, None, 0.85))
    recs = topical.rank(sad, top=6, topic=topic_axis(0), diversify=False)
    by_title = {r.song.title: r for r in recs}
    assert by_title["sad rain"].match >= 95  # same mood, same topic
    assert by_title["angry other"].match <= 25  # other mood, other topic
    assert 35 <= by_title["sad other"].match <= 65  # same mood only
    assert all(0 <= r.match <= 100 for r in recs)


def test_lift_moves_a_sad_text_toward_happy_songs_on_topic(topical):
    sad = np.array(one_hot_mix(S, None, 0.85))
    match = topical.rank(sad, top=2, topic=topic_axis(0), mode=Mode.MATCH)
    lift = topical.rank(sad, top=2, topic=topic_axis(0), mode=Mode.LIFT)
    assert titles(match)[0] == "sad rain"
    assert titles(lift)[0] == "happy rain"  # happier, still about rain
    assert lift[0].main_reason in ("lift", "topic") and lift[0].mode is Mode.LIFT


def test_lift_leaves_a_happy_text_alone(topical):
    happy = np.array(one_hot_mix(H, None, 0.85))
    assert titles(topical.rank(happy, top=3, topic=topic_axis(1), mode="lift")) == titles(
        topical.rank(happy, top=3, topic=topic_axis(1), mode="match")
    )


def test_diversity_caps_songs_per_artist(tmp_path):
    rows = [
        song_row(
            f"a{i}", f"same artist {i}", one_hot_mix(S, None, 0.85 - i * 0.01), artist="One Artist", topic=topic_axis(0)
        )
        for i in range(6)
    ]
    rows += [song_row(f"b{i}", f"other {i}", one_hot_mix(H, None, 0.6), topic=topic_axis(1 + i % 7)) for i in range(8)]
    r = Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "d.db", rows)))
    q = np.array(one_hot_mix(S, None, 0.85))
    recs = r.rank(q, top=6, topic=topic_axis(0))
    assert sum(x.song.artist == "One Artist" for x in recs) == MAX_PER_ARTIST
    undiversified = r.rank(q, top=6, topic=topic_axis(0), diversify=False)
    assert sum(x.song.artist == "One Artist" for x in undiversified) == 6  # the cap is what changed it


def test_explanations_in_both_languages(topical):
    sad = np.array(one_hot_mix(S, None, 0.85))
    r = topical.rank(sad, top=1, topic=topic_axis(0))[0]
    ko, en = explain(r, "ko"), explain(r, "en")
    assert "주제 일치 100%" in ko and "topic fit 100%" in en
    assert "슬픔" in ko and "sadness" in en and "슬픔" not in en
    assert set(MESSAGES["ko"]) == set(MESSAGES["en"])


# ------------------------------------------------------------------ filters and feedback
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
    q = np.array(one_hot_mix(S, H, 0.6), dtype=np.float32)
    before = rec.rank(q, top=6, mode=Mode.EMOTION)
    assert titles(before)[:2] == ["sad happy", "sad pure"]
    liked = rec.songs.index(before[1].song)
    fb = FeedbackSignals(np.array([liked]), np.array([1], dtype=np.int8), q[None, :])
    after = rec.rank(q, top=6, feedback=fb, mode=Mode.EMOTION)
    assert titles(after)[0] == "sad pure"
    assert after[0].score == pytest.approx(before[1].score + LIKE_BOOST, abs=1e-4)
    assert after[0].liked_before and "liked" in explain(after[0])
    plain = {r.song.title: r for r in rec.rank(q, top=6)}
    boosted = next(r for r in rec.rank(q, top=6, feedback=fb) if r.song.title == "sad pure")
    assert boosted.score > plain["sad pure"].score + 0.9 * LIKE_BOOST and boosted.main_reason == "feedback"
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


@pytest.mark.parametrize("bad", [np.ones(5), np.full(7, np.nan), -np.ones(7), np.zeros(7)])
def test_bad_vector_rejected(rec, bad):
    with pytest.raises(ValueError):
        rec.rank(bad, top=3)


def test_year_filter_keeps_or_drops_unknown_years_explicitly(tmp_path):
    rows = [
        song_row("1", "dated", one_hot_mix(S), year=2015),
        song_row("2", "undated", one_hot_mix(S), year=None),
        song_row("3", "old", one_hot_mix(S), year=1999),
    ]
    r = Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "y.db", rows)))
    q = np.array(one_hot_mix(S))
    kept = titles(r.rank(q, top=5, filters=Filters(year_min=2010, year_max=2020)))
    assert sorted(kept) == ["dated", "undated"]
    dropped = titles(r.rank(q, top=5, filters=Filters(year_min=2010, unknown_year=False)))
    assert dropped == ["dated"]


def test_blocked_artists_never_shown_and_liked_artists_preferred(tmp_path):
    rows = [
        song_row("1", "a1", one_hot_mix(S, None, 0.84), artist="A"),
        song_row("2", "b1", one_hot_mix(S, H, 0.5), artist="B"),
        song_row("3", "c1", one_hot_mix(S, None, 0.85), artist="C"),
    ]
    r = Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "a.db", rows)))
    q = np.array(one_hot_mix(S, None, 0.85))
    first, second = titles(r.rank(q, top=3))[:2]
    assert {first, second} == {"a1", "c1"}
    assert first not in titles(r.rank(q, top=3, blocked_artists=frozenset({first[0]})))  # "a"/"c": case-insensitive
    assert titles(r.rank(q, top=3, liked_artists=frozenset({second[0].upper()})))[0] == second


@pytest.mark.parametrize("dim", [384, 128])
def test_int8_topic_index_matches_float_and_falls_back(tmp_path, dim):
    """Any vector width keeps the int8 path (the shipped graph's width is symbolic)."""
    from desktop.engine.topic_index import TopicIndex

    rng = np.random.default_rng(1)
    topics = rng.standard_normal((3000, dim)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    q = rng.standard_normal(dim).astype(np.float32)
    q /= np.linalg.norm(q)
    fast = TopicIndex(topics)
    got = fast.dot(q)
    assert fast.backend == "int8"  # the onnxruntime int8 path, not the fallback
    assert np.abs(got - topics @ q).max() < 0.01  # 7-bit weights: no u8s8 saturation
    slow = TopicIndex(topics, graph=tmp_path / "missing.onnx")
    assert np.abs(slow.dot(q) - topics @ q).max() < 0.01 and slow.backend == "numpy"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("spread", [1.0, 1e-4])
def test_lazy_diversity_pass_picks_what_the_plain_greedy_picks(seed, spread, monkeypatch):
    """Songs in topic clusters by few artists, so both the MMR discount and the artist cap act.
    Scores spread over 1.0 stay lazy; packed within 1e-4, every discount reorders the pool and the
    pass goes on as the plain greedy from where it is (both paths must pick the same songs)."""
    from desktop.library.catalog import SongInfo

    rng = np.random.default_rng(seed)
    n, dim = 900, 48
    centres = rng.standard_normal((12, dim))
    topics = (centres[rng.integers(0, 12, n)] + 0.5 * rng.standard_normal((n, dim))).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    vectors = rng.dirichlet(np.full(7, 0.6), size=n).astype(np.float32)
    songs = [
        SongInfo(
            key=str(i),
            title=f"t{i}",
            artist=f"a{i % 25}",
            album="",
            year=None,
            genre="발라드",
            melon_id=i,
            dominant="행복",
        )
        for i in range(n)
    ]
    rec = Recommender(vectors, songs, topics)
    eager = Recommender._diverse_eager
    score = (0.5 + spread * (rng.random(n) - 0.5)).astype(np.float32)
    score[rng.integers(0, n, 40)] = 0.5  # exact ties: the earlier candidate must win in both
    cand = np.argsort(-score, kind="stable")[:400]
    base = score[cand]
    switched = []
    monkeypatch.setattr(Recommender, "_diverse_eager", lambda self, *a: switched.append(a[2]) or eager(self, *a))
    for top in (1, 10, 30):  # the reference: the plain greedy from scratch (every score after every pick)
        plain = eager(rec, cand, base, top, np.ones(len(cand), dtype=bool), [], {}, set())
        assert rec._diverse(cand, base, top) == plain
    assert switched == ([10, 30] if spread < 1 else [])  # both paths are exercised
