"""Exported playlists point at the user's own files where a song is theirs, links for the rest.

Why these cases: a path comes from the library database (editable by anyone) and a file name on
Linux may hold a newline or an escape sequence; written raw, it would add an entry to the M3U8 (a
remote URL, another file) or a line to the copied text.  Such a path is written as its ``file://``
URI, which still names the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from desktop.engine.recommend import Recommendation
from desktop.library.catalog import SongInfo
from desktop.profile.playlist_export import export_playlist, file_entry, read_m3u8, render_text


def _rec(song: SongInfo, rank: int = 1) -> Recommendation:
    return Recommendation(rank=rank, song=song, score=0.5, similarity=0.5, same_dominant=True, liked_before=False)


def _songs() -> list[Recommendation]:
    return [
        _rec(SongInfo("11", "빗속의 산책", "테스트 가수", "", 2020, "발라드", 37_000_000, "슬픔"), 1),
        _rec(SongInfo("12", "카탈로그 노래", "다른 가수", "", 2010, "댄스", 5, "행복"), 2),
        _rec(SongInfo("file:/m/x.flac", "내 녹음", "나", "", None, "", None, "중립"), 3),
    ]


def _path_of_uri(uri: str) -> str:
    assert uri.startswith("file:///")
    return unquote(uri[len("file://") :])


def test_an_export_plays_own_files_and_links_the_rest(tmp_path):
    recs = _songs()
    rain = str(tmp_path / "내 음악" / "비 오는 날.mp3")
    mine = str(tmp_path / "x.flac")
    files = {"11": rain, "file:/m/x.flac": mine}
    out = tmp_path / "p.m3u8"
    assert export_playlist(recs, out, files=files) == 3
    entries = read_m3u8(out.read_text(encoding="utf-8"))
    assert entries == [
        ("테스트 가수 - 빗속의 산책", rain),  # a plain absolute path: what every M3U player reads
        ("다른 가수 - 카탈로그 노래", "https://www.melon.com/song/detail.htm?songId=5"),
        ("나 - 내 녹음", mine),
    ]
    txt = tmp_path / "p.txt"
    export_playlist(recs, txt, files=files)
    assert txt.read_text(encoding="utf-8").splitlines() == [
        f"테스트 가수 - 빗속의 산책\t{rain}",
        "다른 가수 - 카탈로그 노래",
        f"나 - 내 녹음\t{mine}",
    ]
    # without files (a user with no library) the export is links only, as before
    export_playlist(recs[:2], out)
    assert all(u.startswith("https://www.melon.com/") for _, u in read_m3u8(out.read_text(encoding="utf-8")))


HOSTILE = [
    "/m/a\n#EXTINF:-1,Injected\nhttps://evil.example/x.mp3",
    "/m/b\r\nfile:///etc/passwd",
    "/m/c\x1b]0;title\x07\x1b[2J.mp3",
    "/m/d\u2028e\u2029f\x85g\x0bh\x0ci\x1cj.mp3",
    "/m/rev\u202eesrever.mp3",
    "/m/trailing blank.mp3 ",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_a_path_with_a_newline_or_controls_cannot_add_an_entry(tmp_path, path):
    recs = _songs()[:2]
    out = tmp_path / "p.m3u8"
    export_playlist(recs, out, title="Moodtune", files={"11": path})
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 2 + 2 * len(recs), lines
    assert not any(line.startswith(("#EXTINF:-1,Injected", "https://evil", "file:///etc")) for line in lines)
    assert not any(c in text.replace("\n", "") for c in "\r\x1b\x07\x85\u2028\u2029\u202e")
    entries = read_m3u8(text)
    assert [label for label, _ in entries] == ["테스트 가수 - 빗속의 산책", "다른 가수 - 카탈로그 노래"]
    uri = entries[0][1]
    assert uri.isascii() and uri.isprintable() and " " not in uri
    assert _path_of_uri(uri) == str(Path(path))  # the same file (// is /), for players that read file:// (VLC, mpv)
    assert entries[1][1] == "https://www.melon.com/song/detail.htm?songId=5"
    copied = render_text(recs, {"11": path})
    assert len(copied.splitlines()) == len(recs) and copied.count("\t") == 1


def test_a_relative_or_empty_path_gets_the_streaming_link():
    for bad in ("music/rain.mp3", "", "/m/nul\x00.mp3", None, 7):
        assert file_entry(bad) is None, bad
    assert file_entry("/m/비 오는 날.mp3") == "/m/비 오는 날.mp3"


def test_the_cli_playlist_points_at_the_users_files(tmp_path, capsys):
    from desktop.cli import main
    from tests.audio_fixtures import write_mp3
    from tests.test_my_music import RAIN_SONG

    m = tmp_path / "cli_music"
    m.mkdir()
    write_mp3(m / "rain.mp3", "빗속의 산책", "테스트 가수", lyrics=RAIN_SONG)
    assert main(["library", "add", str(m), "--threads", "1"]) == 0
    capsys.readouterr()
    out = tmp_path / "mine.m3u8"
    args = ["recommend", "비 오는 날 우울해", "--library-only", "--json", "--threads", "1", "--playlist", str(out)]
    assert main(args) == 0
    std = capsys.readouterr()
    song = json.loads(std.out)["songs"][0]
    assert "1 of them your files" in std.err
    assert read_m3u8(out.read_text(encoding="utf-8")) == [(f"{song['artist']} - {song['title']}", song["file"])]
    assert Path(song["file"]).is_absolute() and song["file"].endswith("rain.mp3")


def test_the_cli_playlist_without_a_library_creates_none(tmp_path, capsys):
    from desktop.cli import main
    from desktop.library.my_music import library_path

    out = tmp_path / "p.m3u8"
    assert main(["recommend", "오늘 너무 행복해", "--top", "3", "--threads", "1", "--playlist", str(out)]) == 0
    assert all(u.startswith("https://") for _, u in read_m3u8(out.read_text(encoding="utf-8")))
    assert not library_path(tmp_path / "profile").exists()
