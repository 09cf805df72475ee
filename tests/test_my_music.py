"""Your own music: a generated library (tiny WAV, MP3 and FLAC files made here, lyrics written for
the tests) is imported or reported with its reason, and nothing is written to the music files."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np
import pytest

from desktop.library import my_music
from desktop.library.my_music import MusicLibrary
from desktop.library.tag_reader import UnreadableAudioError, clean_lyrics, read_tags, repair_korean
from tests.audio_fixtures import write_flac, write_mp3, write_opus, write_wav

RAIN = "창밖에 비가 내려요\n우산도 없이 걸어요\n비 오는 날은 우울해요\n젖은 신발이 무거워요"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def music(tmp_path) -> Path:
    m = tmp_path / "music"
    (m / "utf").mkdir(parents=True)
    (m / "korean").mkdir()
    write_mp3(m / "utf" / "utf8.mp3", "비 오는 밤", "가수 하나", album="앨범", lyrics=RAIN, encoding="utf-8")
    write_mp3(m / "utf" / "utf16.mp3", "햇살", "가수 둘", lyrics="햇살이 좋아요\n웃어요", encoding="utf-16")
    write_mp3(m / "korean" / "cp949.mp3", "우울한 노래", "한국 가수", encoding="cp949-as-latin1")
    write_mp3(m / "korean" / "sidecar.mp3", "가사 파일", "가수 셋")
    (m / "korean" / "sidecar.lrc").write_text(
        "[ti:가사 파일]\n[00:01.00]첫 줄이에요\n[00:02.50]<00:02.60>둘째 줄", encoding="utf-8"
    )
    write_wav(m / "plain.wav", title="가사 없음", artist="가수 넷")
    (m / "plain.txt").write_bytes("텍스트 가사예요\n둘째 줄".encode("cp949"))
    write_wav(m / "nothing.wav")
    write_flac(
        m / "tags.flac",
        {
            "TITLE": "플락 노래",
            "ARTIST": "가수 다섯",
            "DATE": "2019-05-01",
            "LYRICS": "[00:01.00]플락 가사예요\n둘째 줄이에요",
        },
    )
    write_opus(
        m / "voice.opus", {"TITLE": "오푸스 노래", "ARTIST": "가수 여섯", "UNSYNCEDLYRICS": "오푸스 가사예요\n둘째 줄"}
    )
    (m / "corrupt.mp3").write_bytes(b"\x00not audio at all\x00" * 20)
    (m / "broken.flac").write_bytes(b"fLaC\x00\x00")
    os.symlink(m, m / "korean" / "loop")
    (m / "locked").mkdir()
    write_wav(m / "locked" / "hidden.wav")
    return m


def _scan(tmp_path: Path, music: Path, monkeypatch) -> MusicLibrary:
    real = os.scandir
    locked = str(music / "locked")

    def scandir(path="."):  # the test runs as root in CI: chmod 000 alone does not stop it
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    lib = MusicLibrary(tmp_path / "data")
    lib.add_folder(music)
    with monkeypatch.context() as m:
        m.setattr(my_music.os, "scandir", scandir)
        lib.scan()
    return lib


def test_every_case_imported_or_reported_and_files_unchanged(tmp_path, music, monkeypatch):
    before = _hashes(music)
    lib = _scan(tmp_path, music, monkeypatch)
    assert _hashes(music) == before  # nothing written to the user's files
    by_name = {Path(t.path).name: t for t in lib.tracks()}
    assert set(by_name) == {
        "utf8.mp3",
        "utf16.mp3",
        "cp949.mp3",
        "sidecar.mp3",
        "plain.wav",
        "nothing.wav",
        "tags.flac",
        "voice.opus",
        "corrupt.mp3",
        "broken.flac",
    }
    assert (by_name["utf8.mp3"].title, by_name["utf8.mp3"].artist, by_name["utf8.mp3"].album) == (
        "비 오는 밤",
        "가수 하나",
        "앨범",
    )
    assert by_name["utf8.mp3"].lyrics_source == "tag"
    assert (by_name["utf16.mp3"].title, by_name["utf16.mp3"].lyrics_source) == ("햇살", "tag")
    assert (by_name["cp949.mp3"].title, by_name["cp949.mp3"].artist) == ("우울한 노래", "한국 가수")
    assert by_name["sidecar.mp3"].lyrics_source == "lrc"
    assert by_name["plain.wav"].lyrics_source == "txt"
    assert (by_name["tags.flac"].title, by_name["tags.flac"].year) == ("플락 노래", 2019)
    assert (by_name["voice.opus"].title, by_name["voice.opus"].lyrics_source) == ("오푸스 노래", "tag")
    assert by_name["nothing.wav"].lyrics_source == ""
    assert by_name["corrupt.mp3"].reason == my_music.REASON_UNREADABLE
    assert by_name["broken.flac"].reason == my_music.REASON_UNREADABLE
    problems = dict(lib.problems())
    assert problems[str(music / "locked")] == my_music.REASON_FOLDER
    assert problems[str(music / "korean" / "loop")] == my_music.REASON_LOOP


def test_lyrics_are_cleaned_and_read(music):
    tags = read_tags(music / "korean" / "sidecar.mp3")
    assert tags.lyrics == "첫 줄이에요\n둘째 줄"  # timestamps and [ti:] stripped
    assert read_tags(music / "plain.wav").lyrics == "텍스트 가사예요\n둘째 줄"  # CP949 .txt
    assert read_tags(music / "utf" / "utf8.mp3").lyrics == RAIN
    assert clean_lyrics("a\x1b[31mb\u202e\nc") == "a [31mb\nc"


def test_korean_repair_leaves_latin1_alone():
    assert repair_korean("우울".encode("cp949").decode("latin-1")) == "우울"
    assert repair_korean("Beyoncé") == "Beyoncé"
    assert repair_korean("Café del Mar") == "Café del Mar"


def test_hostile_tags_are_cleaned_and_bounded(tmp_path):
    f = write_mp3(tmp_path / "x.mp3", "\u202eevil\x1b]0;title\x07" + "가" * 5000, "a\nb", encoding="utf-16")
    tags = read_tags(f)
    assert "\x1b" not in tags.title and "\u202e" not in tags.title and "\x07" not in tags.title
    assert len(tags.title) <= 300 and tags.artist == "a b"


def test_sidecars_are_bounded_and_never_crash(tmp_path):
    song = write_mp3(tmp_path / "s.mp3", "제목", "가수")
    (tmp_path / "s.lrc").write_bytes(b"[00:01.00]" + "가".encode() * 200_000)  # larger than any lyrics
    (tmp_path / "s.txt").write_bytes(b"\xff\xfe" + "유티에프 십육 가사예요".encode("utf-16-le"))
    tags = read_tags(song)
    assert (tags.lyrics, tags.lyrics_source) == ("유티에프 십육 가사예요", "txt")
    (tmp_path / "s.txt").write_bytes(bytes(range(256)) * 4)  # not text at all
    assert read_tags(song).lyrics_source in ("txt", "")
    long = write_mp3(tmp_path / "l.mp3", "제목", "가수", lyrics="가사 줄이에요\n" * 20_000, encoding="utf-16")
    assert 0 < len(read_tags(long).lyrics) <= 20_000


def test_corrupt_file_raises_unreadable(music):
    with pytest.raises(UnreadableAudioError):
        read_tags(music / "corrupt.mp3")


def test_rescan_reads_only_changed_files_and_drops_vanished(tmp_path, music, monkeypatch):
    lib = _scan(tmp_path, music, monkeypatch)
    again = lib.scan()
    assert again.read == 1 and again.unchanged == 10  # the folder readable now: its one file
    write_mp3(music / "utf" / "utf16.mp3", "햇살 두 번째", "가수 둘", encoding="utf-16")
    os.utime(music / "utf" / "utf16.mp3", ns=(1, 10**18))
    (music / "nothing.wav").unlink()
    third = lib.scan()
    assert (third.read, third.dropped) == (1, 1)
    names = {Path(t.path).name: t.title for t in lib.tracks()}
    assert names["utf16.mp3"] == "햇살 두 번째" and "nothing.wav" not in names


def test_cancelled_scan_keeps_what_it_read_and_resumes(tmp_path, monkeypatch):
    m = tmp_path / "many"
    m.mkdir()
    for i in range(30):
        write_wav(m / f"{i:02d}.wav", seconds=0.01, title=f"노래 {i}")
    monkeypatch.setattr(my_music, "BATCH", 5)
    cancel = threading.Event()
    lib = MusicLibrary(tmp_path / "data")
    lib.add_folder(m)

    def progress(p):
        if p.done >= 10:
            cancel.set()

    first = lib.scan(progress=progress, cancel=cancel)
    assert first.cancelled and 0 < len(lib) < 30
    kept = len(lib)
    second = lib.scan()
    assert not second.cancelled and len(lib) == 30 and second.unchanged == kept


def test_scan_cancelled_while_walking_drops_nothing(tmp_path, monkeypatch):
    m = tmp_path / "many"
    m.mkdir()
    for i in range(10):
        write_wav(m / f"{i:02d}.wav", seconds=0.01)
    lib = MusicLibrary(tmp_path / "data")
    lib.add_folder(m)
    lib.scan()
    cancel = threading.Event()
    real = my_music._walk

    def partial(root, issues, stop):
        for n, item in enumerate(real(root, issues, stop)):
            if n == 3:
                cancel.set()  # the user cancels before the folder was fully listed
                return
            yield item

    monkeypatch.setattr(my_music, "_walk", partial)
    assert lib.scan(cancel=cancel).cancelled
    assert len(lib) == 10


# ------------------------------------------------------------------ ranking my songs
RAIN_SONG = (
    "창밖에 비가 내리는 날이면\n우산도 없이 혼자 걸어요\n젖은 거리에 네 생각이 나서\n빗소리에 눈물이 흘러요\n"
    "회색 하늘 아래 나는 우울해\n비 오는 날엔 네가 더 그리워"
)
PARTY_SONG = (
    "오늘은 신나는 날이야\n친구들과 함께 춤을 춰요\n햇살이 반짝 웃음이 가득\n모두 함께 노래해요\n"
    "즐거운 파티 밤새도록\n행복해서 날아갈 것 같아"
)


@pytest.fixture(scope="module")
def my_service(tmp_path_factory):
    """The real model and catalog, a profile whose library holds a rain song, a party song, a catalog
    song without lyrics, an English-only song and a song with nothing."""
    from desktop.service import Moodtune

    base = tmp_path_factory.mktemp("mine")
    m = base / "music"
    m.mkdir()
    write_mp3(m / "rain.mp3", "빗속의 산책", "테스트 가수", lyrics=RAIN_SONG)
    write_mp3(m / "party.mp3", "파티 타임", "테스트 밴드", lyrics=PARTY_SONG)
    write_mp3(m / "known.mp3", "영원 (Remastered)", "스카이")  # a catalog song, as a listener names it
    write_mp3(m / "english.mp3", "Rainy", "Band", lyrics="rain falls down\non my window\nall night long\nbaby")
    write_wav(m / "none.wav", title="가사 없는 곡", artist="누군가")
    app = Moodtune.load(data_dir=base / "profile", threads=1, lazy_models=True)
    app.my_music.add_folder(m)
    app.my_music.scan()
    app.analyse_library()
    yield app
    app.close()


def _by_name(app):
    return {Path(t.path).name: t for t in app.my_music.tracks()}


def test_rain_song_comes_up_with_my_music_only(my_service):
    recs = my_service.recommend(my_service.analyze("비 오는 날 우울해"), top=5, library_only=True)
    assert recs[0].song.title == "빗속의 산책"
    assert my_service.file_of(recs[0].song.key).endswith("rain.mp3")
    assert {r.song.key for r in recs} <= {t.key for t in my_service.my_music.tracks() if not t.reason}
    happy = my_service.recommend(my_service.analyze("오늘 너무 신나서 춤추고 싶어"), top=5, library_only=True)
    assert happy[0].song.title == "파티 타임"


def test_catalog_match_reuses_the_catalog_numbers(my_service):
    known = _by_name(my_service)["known.mp3"]
    row = my_service.catalog.index[known.catalog_key]
    assert my_service.catalog.songs[row].title == "영원" and not known.reason
    np.testing.assert_allclose(known.probs, my_service.catalog.vectors[row], atol=1e-6)


def test_songs_with_neither_are_listed_with_the_reason(my_service):
    names = _by_name(my_service)
    assert names["none.wav"].reason == my_music.REASON_NO_LYRICS
    assert names["english.mp3"].reason == my_music.REASON_NOT_KOREAN
    assert not names["rain.mp3"].reason and names["rain.mp3"].topic is not None


def test_run_time_analysis_is_the_catalog_builds(model):
    """The app's path (analyse_lyrics) gives what the build's path gives for the same lyrics:
    the build's chunks (shard_texts) through logits_batch, then the build's chosen aggregation."""
    from desktop.engine.song_analysis import analyse_lyrics
    from desktop.library.lyric_chunks import lyric_lines
    from training.build_catalog import shard_texts, song_chunks
    from training.song_aggregate import SONG_EMOTION_METHOD, emotion_variants

    chorus = "\n".join(PARTY_SONG.split("\n")[:4])
    verse = "\n".join(RAIN_SONG.split("\n")[:4])
    texts = [RAIN_SONG, "\n".join([chorus, "yeah yeah", verse, chorus, chorus])]  # a chorus three times
    songs, skipped = song_chunks(
        [{"title": str(i), "artist": "", "lines": lyric_lines(t)} for i, t in enumerate(texts)], 0.3
    )
    assert not skipped
    chunk_texts, counts, offsets = shard_texts("emotion", songs)
    logits = model.logits_batch(chunk_texts, batch_size=16)
    parts = [(logits[a:b], np.asarray(counts[a:b])) for a, b in zip(offsets[:-1], offsets[1:])]
    built = emotion_variants(parts)[SONG_EMOTION_METHOD]
    mine = np.stack([x[0] for x in analyse_lyrics(model, texts)])
    np.testing.assert_allclose(mine, built, atol=1e-5)


def test_cli_library_add_list_rescan_and_library_only(tmp_path, capsys):
    import json

    from desktop.cli import main

    m = tmp_path / "cli_music"
    m.mkdir()
    write_mp3(m / "rain.mp3", "빗속의 산책", "테스트 가수", lyrics=RAIN_SONG)
    write_wav(m / "none.wav", title="가사 없는 곡", artist="누군가")
    assert main(["library", "add", str(m), "--threads", "1"]) == 0
    _, err = capsys.readouterr()
    assert "reading tags: 2/2" in err and "2 songs in your library, 1 ranked" in err
    assert main(["library", "list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    reasons = {Path(s["path"]).name: s["reason"] for s in doc["songs"]}
    assert reasons == {"rain.mp3": None, "none.wav": "no_lyrics"}
    assert main(["library", "rescan"]) == 0
    assert "0 read, 2 unchanged" in capsys.readouterr().err
    assert main(["recommend", "비 오는 날 우울해", "--library-only", "--json", "--threads", "1"]) == 0
    songs = json.loads(capsys.readouterr().out)["songs"]
    assert [s["title"] for s in songs] == ["빗속의 산책"] and songs[0]["file"].endswith("rain.mp3")
    assert main(["library", "add", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_every_pending_song_is_resolved_page_by_page(tmp_path, monkeypatch):
    from desktop.engine import song_analysis
    from desktop.library.catalog import Catalog

    m = tmp_path / "many"
    m.mkdir()
    for i in range(7):
        write_wav(m / f"{i}.wav", seconds=0.01, title=f"곡 {i}", artist="누군가")
    lib = MusicLibrary(tmp_path / "data")
    lib.add_folder(m)
    lib.scan()
    monkeypatch.setattr(song_analysis, "PAGE", 3)
    seen = []
    song_analysis.analyse_pending(lib, Catalog.open(), lambda: None, "test", progress=lambda d, t: seen.append((d, t)))
    assert lib.pending_count() == 0 and seen[-1] == (7, 7)
    assert {t.reason for t in lib.tracks()} == {my_music.REASON_NO_LYRICS}
