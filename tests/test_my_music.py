"""Your own music: a generated library (tiny WAV, MP3 and FLAC files made here, lyrics written for
the tests) is imported or reported with its reason, and nothing is written to the music files."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from desktop.library import my_music
from desktop.library.my_music import MusicLibrary
from desktop.library.tag_reader import UnreadableAudioError, clean_lyrics, read_tags, repair_korean
from tests.audio_fixtures import write_flac, write_mp3, write_wav

RAIN = "창밖에 비가 내려요\n우산도 없이 걸어요\n비 오는 날은 우울해요\n젖은 신발이 무거워요"


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture
def music(tmp_path) -> Path:
    m = tmp_path / "music"
    (m / "utf").mkdir(parents=True)
    (m / "korean").mkdir()
    write_mp3(m / "utf" / "utf8.mp3", "비 오는 밤", "가수 하나", album="앨범", lyrics=RAIN, encoding="utf-8")
    write_mp3(m / "utf" / "utf16.mp3", "햇살", "가수 둘", lyrics="햇살이 좋아요\n웃어요", encoding="utf-16")
    write_mp3(m / "korean" / "cp949.mp3", "우울한 노래", "한국 가수", encoding="cp949-as-latin1")
    write_mp3(m / "korean" / "sidecar.mp3", "가사 파일", "가수 셋")
    (m / "korean" / "sidecar.lrc").write_text("[ti:가사 파일]\n[00:01.00]첫 줄이에요\n[00:02.50]<00:02.60>둘째 줄",
                                              encoding="utf-8")
    write_wav(m / "plain.wav", title="가사 없음", artist="가수 넷")
    (m / "plain.txt").write_bytes("텍스트 가사예요\n둘째 줄".encode("cp949"))
    write_wav(m / "nothing.wav")
    write_flac(m / "tags.flac", {"TITLE": "플락 노래", "ARTIST": "가수 다섯", "DATE": "2019-05-01",
                                 "LYRICS": "[00:01.00]플락 가사예요\n둘째 줄이에요"})
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
    assert set(by_name) == {"utf8.mp3", "utf16.mp3", "cp949.mp3", "sidecar.mp3", "plain.wav", "nothing.wav",
                            "tags.flac", "corrupt.mp3", "broken.flac"}
    assert (by_name["utf8.mp3"].title, by_name["utf8.mp3"].artist, by_name["utf8.mp3"].album) == (
        "비 오는 밤", "가수 하나", "앨범")
    assert by_name["utf8.mp3"].lyrics_source == "tag"
    assert (by_name["utf16.mp3"].title, by_name["utf16.mp3"].lyrics_source) == ("햇살", "tag")
    assert (by_name["cp949.mp3"].title, by_name["cp949.mp3"].artist) == ("우울한 노래", "한국 가수")
    assert by_name["sidecar.mp3"].lyrics_source == "lrc"
    assert by_name["plain.wav"].lyrics_source == "txt"
    assert (by_name["tags.flac"].title, by_name["tags.flac"].year) == ("플락 노래", 2019)
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


def test_corrupt_file_raises_unreadable(music):
    with pytest.raises(UnreadableAudioError):
        read_tags(music / "corrupt.mp3")


def test_rescan_reads_only_changed_files_and_drops_vanished(tmp_path, music, monkeypatch):
    lib = _scan(tmp_path, music, monkeypatch)
    again = lib.scan()
    assert again.read == 1 and again.unchanged == 9  # the folder readable now: its one file
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
