"""One test per ranking rule that no other test would miss if it were gone: the preferred-genre boost,
the hub penalty, the text's temperature, the emotion-fit floor, the topic's hub bias (CSLS) and the
artist cap.  ``scripts/mutate_ranking.py`` removes each rule in turn; these are the tests that fail."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.engine.recommend import GENRE_BOOST, Mode, Recommender
from desktop.library.catalog import Catalog
from tests.helpers import make_catalog, one_hot_mix, song_row, topic_axis

H, S, A = 0, 1, 4


def recommender(tmp_path, rows) -> Recommender:
    return Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "rules.db", rows)))


def by_title(recs):
    return {r.song.title: r for r in recs}


def titles(recs):
    return [r.song.title for r in recs]


def test_a_preferred_genre_lifts_a_song_past_a_slightly_better_fit(tmp_path):
    rows = [
        song_row("1", "ballad", one_hot_mix(S, None, 0.60), genre="발라드"),
        song_row("2", "dance", one_hot_mix(S, None, 0.62), genre="댄스"),
    ]
    rec = recommender(tmp_path, rows)
    sad = np.array(one_hot_mix(S, None, 0.85))
    plain = rec.rank(sad, top=2)
    assert titles(plain) == ["ballad", "dance"]
    gap = plain[0].score - plain[1].score
    assert 0 < gap < GENRE_BOOST  # the setup: the boost is larger than the fit's lead
    preferred = rec.rank(sad, top=2, preferred_genres=frozenset({"댄스"}))
    assert titles(preferred) == ["dance", "ballad"]
    assert preferred[0].preferred_genre and not preferred[1].preferred_genre
    assert preferred[0].score == pytest.approx(plain[1].score + GENRE_BOOST, abs=1e-5)


def test_the_hub_penalty_holds_a_hub_song_back_in_blended_modes_only(tmp_path):
    hub = song_row("1", "hub", one_hot_mix(S, None, 0.60))
    hub["hub_penalty"] = 0.05
    rows = [hub, song_row("2", "plain", one_hot_mix(S, None, 0.65))]
    rec = recommender(tmp_path, rows)
    sad = np.array(one_hot_mix(S, None, 0.60))
    for mode in (Mode.MATCH, Mode.LIFT):
        recs = by_title(rec.rank(sad, top=2, mode=mode))
        assert recs["hub"].match > recs["plain"].match  # the better fit, shown as such ...
        assert recs["hub"].rank == 2  # ... but placed after the other song
        assert recs["hub"].score == pytest.approx(recs["hub"].emotion_fit - 0.05, abs=1e-5)
    assert titles(rec.rank(sad, top=2, mode=Mode.EMOTION)) == ["hub", "plain"]  # emotion-only: no penalty


def test_blended_modes_rank_against_the_text_at_temperature_two(tmp_path):
    """An over-confident one-liner is softened (p^(1/2), renormalised) before its emotion fit is taken."""
    song = one_hot_mix(S, H, 0.5)
    rec = recommender(tmp_path, [song_row("1", "sad happy", song)])
    text = np.array(one_hot_mix(S, None, 0.9))
    text /= text.sum()
    v = np.array(song) / np.sum(song)
    soft = np.sqrt(text) / np.sqrt(text).sum()
    bc = float(np.sqrt(soft * v).sum())
    got = rec.rank(text, top=1)[0].emotion_fit
    assert got == pytest.approx((bc - 0.35) / 0.65, abs=1e-4)
    raw = (float(np.sqrt(text * v).sum()) - 0.35) / 0.65
    assert got > raw + 0.02  # softer than the raw distribution: the second emotion counts for more


def test_emotion_fits_below_the_floor_read_as_zero(tmp_path):
    rec = recommender(
        tmp_path, [song_row("1", "angry", one_hot_mix(A, None, 0.88)), song_row("2", "sad", one_hot_mix(S, None, 0.88))]
    )
    pure_happy = np.eye(7, dtype=np.float32)[H]  # Bhattacharyya coefficient sqrt(0.02 / 1.02): 0.14
    assert rec.emotion_fit(pure_happy).tolist() == [0.0, 0.0]
    sad = np.array(one_hot_mix(S, None, 0.88), dtype=np.float32)
    sad /= sad.sum()
    assert rec.emotion_fit(sad)[1] == pytest.approx(1.0, abs=1e-5)  # the same distribution: a full fit
    bc = float(np.sqrt(sad * (np.array(one_hot_mix(A, None, 0.88)) / sum(one_hot_mix(A, None, 0.88)))).sum())
    assert rec.emotion_fit(sad)[0] == pytest.approx(max(0.0, (bc - 0.35) / 0.65), abs=1e-5)


def test_a_songs_topic_hub_bias_is_taken_off_its_topic_fit(tmp_path):
    rows = [
        song_row("1", "hub", one_hot_mix(S, None, 0.85), topic=topic_axis(0)),
        song_row("2", "plain", one_hot_mix(S, None, 0.85), topic=topic_axis(0)),
    ]
    rows[0]["topic_bias"] = 0.3
    rec = recommender(tmp_path, rows)
    recs = by_title(rec.rank(np.array(one_hot_mix(S, None, 0.85)), top=2, topic=topic_axis(0)))
    assert recs["plain"].topic_fit == pytest.approx(1.0, abs=0.02)
    assert recs["hub"].topic_fit == pytest.approx(0.7, abs=0.02)
    assert recs["plain"].rank == 1


def test_a_list_holds_at_most_two_songs_by_one_artist(tmp_path):
    """The README's promise (not the constant, which the diversity test reads)."""
    rows = [song_row(f"a{i}", f"one {i}", one_hot_mix(S, None, 0.80 + 0.01 * i), artist="One") for i in range(5)]
    rows += [song_row(f"b{i}", f"other {i}", one_hot_mix(H, None, 0.6), artist=f"B{i}") for i in range(5)]
    rec = recommender(tmp_path, rows)
    recs = rec.rank(np.array(one_hot_mix(S, None, 0.86)), top=6)
    assert sum(r.song.artist == "One" for r in recs) == 2
    assert titles(recs)[:2] == ["one 0", "one 1"]
