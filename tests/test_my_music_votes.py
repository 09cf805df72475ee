"""Votes on your own songs (issue 23): a like or dislike on a song of your music that is not in the
catalog is kept under a key from its tags, follows the file through a rescan and a move, survives an
export and import, and shapes the next "My music only" ranking as a vote on a catalog song shapes the
catalog's.  Generated tiny MP3s; every lyric is written for these tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop.engine.recommend import ARTIST_BOOST, LIKE_BOOST, Filters
from desktop.library.catalog import Catalog
from desktop.library.my_music import LOCAL_PREFIX, local_key, path_key
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from tests.audio_fixtures import write_mp3
from tests.test_my_music import PARTY_SONG, RAIN_SONG

TEARS_SONG = "혼자 남은 방 안에서\n눈물이 흘러내려요\n떠나간 너를 생각해요\n가슴이 아파서 잠들 수 없어요"
RAINY, HAPPY = "비 오는 날 우울해", "오늘 너무 신나서 춤추고 싶어"


@pytest.fixture(scope="module")
def catalog():
    return Catalog.open()


def write_music(folder: Path) -> Path:
    folder.mkdir(parents=True)
    write_mp3(folder / "rain.mp3", "빗속의 산책", "테스트 가수", lyrics=RAIN_SONG)
    write_mp3(folder / "tears.mp3", "눈물의 방", "테스트 가수", lyrics=TEARS_SONG)
    write_mp3(folder / "party.mp3", "파티 타임", "테스트 밴드", lyrics=PARTY_SONG)
    write_mp3(folder / "known.mp3", "영원 (Remastered)", "스카이")  # a catalog song, as a listener names it
    return folder


def open_profile(model, catalog, profile: Path, music: Path) -> Moodtune:
    app = Moodtune(model, catalog, UserStore(profile))
    app.my_music.add_folder(music)
    app.my_music.scan()
    app.analyse_library()
    return app


@pytest.fixture
def mine(model, catalog, tmp_path):
    """A profile in the test's data folder (the CLI's too) whose library holds three songs of its own
    and one catalog song."""
    app = open_profile(model, catalog, tmp_path / "profile", write_music(tmp_path / "music"))
    yield app
    app.close()


def rank(app: Moodtune, text: str = RAINY):
    return app.recommend(app.analyze(text), top=10, library_only=True)


def by_title(recs) -> dict:
    return {r.song.title: r for r in recs}


def vote(app: Moodtune, title: str, value: int, text: str = RAINY) -> None:
    analysis = app.analyze(text)
    rec = by_title(app.recommend(analysis, top=10, library_only=True))[title]
    app.vote(text, analysis.probs, rec, value)


def test_a_vote_on_your_own_song_is_kept_under_its_tags(mine):
    rec = by_title(rank(mine))["빗속의 산책"]
    assert rec.song.key == local_key("빗속의 산책", "테스트 가수") and rec.song.key.startswith(LOCAL_PREFIX)
    assert rec.song.key not in mine.catalog.index
    assert local_key(" 빗속의  산책", "ＴＥＳＴ") == local_key("빗속의 산책", "test")  # spacing, width, case
    assert local_key("Intro", "가수", "1집") != local_key("Intro", "가수", "2집")  # every album has one
    assert local_key("", "테스트 가수") is None and local_key("제목", "") is None
    vote(mine, "빗속의 산책", -1)
    (kept,) = mine.votes()
    assert (kept.song_key, kept.title, kept.artist, kept.vote) == (rec.song.key, "빗속의 산책", "테스트 가수", -1)
    assert mine.latest_votes() == {rec.song.key: -1}


def test_a_dislike_takes_your_song_out_of_the_next_ranking_for_a_similar_mood(mine):
    assert rank(mine)[0].song.title == "빗속의 산책"
    vote(mine, "빗속의 산책", -1)
    assert "빗속의 산책" not in by_title(rank(mine))
    # as for a catalog song: a mood far from the dislike's keeps the song, unless disliked songs are hidden
    assert "빗속의 산책" in by_title(rank(mine, HAPPY))
    hidden = mine.recommend(mine.analyze(HAPPY), top=10, filters=Filters(exclude_disliked=True), library_only=True)
    assert "빗속의 산책" not in by_title(hidden) and "파티 타임" in by_title(hidden)


def test_a_like_lifts_your_song(mine):
    # the tears song is last but one for a rainy text: a breakup song, so the love-song gap holds it
    # back for a text not about love (its situations come from its catalog neighbours)
    before = by_title(rank(mine))["눈물의 방"]
    vote(mine, "눈물의 방", 1)
    after = by_title(rank(mine))["눈물의 방"]
    assert after.liked_before and not before.liked_before
    assert after.rank < before.rank
    # the like's boost for this mood, and its artist's (``prefer_liked_artists``), as for a catalog song
    assert after.score - before.score == pytest.approx(LIKE_BOOST + ARTIST_BOOST, abs=0.02)


def test_the_newest_vote_on_your_song_wins(mine):
    analysis = mine.analyze(RAINY)
    song = by_title(rank(mine))["빗속의 산책"]
    mine.vote(RAINY, analysis.probs, song, -1)
    mine.vote(RAINY, analysis.probs, song, 1)  # changed their mind: ♡ after ✕ (the list still showed it)
    rec = by_title(rank(mine)).get("빗속의 산책")
    assert rec is not None and rec.liked_before and rec.rank == 1


def test_a_like_on_your_song_counts_for_its_artist(mine):
    before = by_title(rank(mine))["빗속의 산책"]
    vote(mine, "눈물의 방", 1)
    assert "테스트 가수" in mine.liked_artists()
    after = by_title(rank(mine))["빗속의 산책"]
    assert after.score - before.score == pytest.approx(ARTIST_BOOST, abs=1e-4)  # its artist, not the song


def test_the_vote_follows_the_song_through_a_rescan_and_a_move(mine, tmp_path):
    vote(mine, "빗속의 산책", -1)
    key = local_key("빗속의 산책", "테스트 가수")
    mine.my_music.scan()
    assert "빗속의 산책" not in by_title(rank(mine))
    moved = tmp_path / "music" / "정리" / "01 비.mp3"
    moved.parent.mkdir()
    shutil.move(tmp_path / "music" / "rain.mp3", moved)
    mine.my_music.scan()
    mine.analyse_library()
    assert mine.file_of(key) == str(moved)  # the same song, at its new path
    assert "빗속의 산책" not in by_title(rank(mine))
    assert "빗속의 산책" in by_title(rank(mine, HAPPY))  # still ranked: the vote, not the move, hides it
    assert mine.latest_votes() == {key: -1}  # its ✕ shows in the list


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_votes_on_your_songs_round_trip_through_export_and_import(mine, model, catalog, tmp_path, fmt):
    vote(mine, "빗속의 산책", -1)
    vote(mine, "파티 타임", 1)
    expected = [(v.song_key, v.title, v.artist, v.vote) for v in mine.votes()]
    out = tmp_path / f"votes.{fmt}"
    assert mine.export_feedback(out) == 2
    if fmt == "json":
        assert {v["song_key"] for v in json.loads(out.read_text(encoding="utf-8"))["votes"]} == {e[0] for e in expected}
    # another computer: the same songs in another folder, a new profile
    other = open_profile(model, catalog, tmp_path / "other-profile", write_music(tmp_path / "elsewhere" / "음악"))
    try:
        fresh = by_title(rank(other))
        assert other.import_feedback(out) == (2, 0)
        assert [(v.song_key, v.title, v.artist, v.vote) for v in other.votes()] == expected
        again = by_title(rank(other))
        assert "빗속의 산책" not in again
        assert again["파티 타임"].liked_before and again["파티 타임"].rank < fresh["파티 타임"].rank
        assert other.import_feedback(out) == (0, 2)  # nothing twice
    finally:
        other.close()


def test_a_vote_kept_under_the_files_path_still_counts(mine):
    """Before tags keyed a song, its votes were keyed by ``file:`` and its path."""
    from dataclasses import replace

    analysis = mine.analyze(RAINY)
    rec = by_title(rank(mine))["빗속의 산책"]
    path = mine.file_of(rec.song.key)
    old = replace(rec, song=replace(rec.song, key=path_key(path)))
    mine.vote(RAINY, analysis.probs, old, -1)
    assert "빗속의 산책" not in by_title(rank(mine))


def test_votes_on_catalog_songs_you_have_as_files_still_count(mine):
    rec = by_title(rank(mine))["영원"]
    assert rec.song.key in mine.catalog.index
    vote(mine, "영원", -1)
    assert "영원" not in by_title(rank(mine))
    catalog_list = mine.recommend(mine.analyze(RAINY), top=8891)
    assert rec.song.key not in {r.song.key for r in catalog_list}  # and in the catalog's ranking, as before


def test_the_cli_ranks_your_songs_with_the_windows_votes(mine, capsys):
    from desktop.cli import main

    vote(mine, "빗속의 산책", -1)
    vote(mine, "파티 타임", 1)
    assert main(["recommend", RAINY, "--library-only", "--json", "--threads", "1"]) == 0
    titles = [s["title"] for s in json.loads(capsys.readouterr().out)["songs"]]
    assert "빗속의 산책" not in titles and titles[0] == "파티 타임"
