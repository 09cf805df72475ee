"""Link services: one declaration each, URLs built by urllib from checked parts, every front end
(playlist, CLI, window) reading the same registry."""

from __future__ import annotations

import ast
import json
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
import pytest

from desktop.library import links
from desktop.library.links import SERVICES, SongRef, link_service, melon_id_of
from tests.helpers import ROOT

HOSTILE = SongRef('a\n#EXTINF:-1,x\nfile:///etc/passwd "\u202e', "b & c=d?e/f", None)


def test_the_expected_services_are_declared_once_each():
    codes = [s.code for s in SERVICES]
    assert codes == ["melon", "genie", "flo", "vibe", "bugs", "youtube_music", "youtube", "spotify", "apple_music"]
    assert len(set(codes)) == len(codes)
    for s in SERVICES:
        assert s.name("en") and s.name("ko") and s.name("ko_KR") == s.name("ko")


@pytest.mark.parametrize("where", SERVICES, ids=lambda s: s.code)
def test_every_search_link_is_one_escaped_line_on_the_services_host(where):
    url = where.url(HOSTILE)
    assert where.owns(url), url
    assert "\n" not in url and " " not in url and url.isascii()
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    got = unquote(parts.path.rsplit("/", 1)[-1]) if not query else next(iter(query.values()))[0]
    assert got == HOSTILE.query  # the whole text survives, as data, and nothing else was added


def test_melon_goes_to_the_song_page_by_id_and_the_others_search():
    song = SongRef("봄날", "BTS", 30244931)
    melon = link_service("melon")
    assert melon.url(song) == "https://www.melon.com/song/detail.htm?songId=30244931" and melon.has_page(song)
    assert link_service("spotify").url(song) == "https://open.spotify.com/search/%EB%B4%84%EB%82%A0%20BTS"
    assert not link_service("genie").has_page(song)
    assert melon.url(SongRef("봄날", "BTS")).startswith("https://www.melon.com/search/total/index.htm?q=")


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("1137", 1137),
        (1137, 1137),
        ("²1137", None),
        ("٣", None),
        ("-5", None),
        ("0", None),
        ("x:12", None),
        (True, None),
        (2**60, None),
        ("1" * 40, None),
        (None, None),
        (3.0, None),
    ],
)
def test_a_melon_id_is_a_positive_integer_or_ascii_digits(value, want):
    assert melon_id_of(value) == want


def test_votes_link_by_their_key_and_unknown_codes_fall_back_to_melon():
    assert SongRef.of_key("²1137", "t", "a").melon_id is None
    assert SongRef.of_key("1137", "t", "a").melon_id == 1137
    assert link_service("napster").code == "melon" and link_service(None).code == "melon"


def test_the_app_link_only_where_the_os_has_the_app(monkeypatch):
    song = SongRef("t", "a", 42)
    monkeypatch.setattr(links, "scheme_registered", lambda scheme: scheme == "melonapp")
    assert link_service("melon").app_url(song) == "melonapp://play?cType=1&cList=42"
    assert link_service("melon").app_url(SongRef("t", "a")) is None and link_service("genie").app_url(song) is None
    monkeypatch.setattr(links, "scheme_registered", lambda scheme: False)
    assert link_service("melon").app_url(song) is None


def test_no_module_outside_the_registry_builds_a_service_url_or_tests_a_melon_key():
    """The decision lives in desktop/library/links.py: no host name or isdigit() key test elsewhere."""
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if path.name == "links.py" and path.parent.name == "library":
            continue
        text = path.read_text(encoding="utf-8")
        for s in SERVICES:
            if s.host in text:
                offenders.append(f"{path.name}: {s.host}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Attribute) and node.attr == "isdigit" and "key" in ast.unparse(node.value):
                offenders.append(f"{path.name}: {ast.unparse(node)}")
    assert offenders == []


def test_a_playlist_links_on_the_chosen_service(tmp_path, small_catalog):
    from desktop.engine.recommend import Recommender
    from desktop.library.catalog import Catalog
    from desktop.profile.playlist_export import export_playlist, read_m3u8
    from tests.helpers import one_hot_mix

    recs = Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(0)), top=3)
    export_playlist(recs, tmp_path / "p.m3u8", links="youtube_music")
    urls = [u for _, u in read_m3u8((tmp_path / "p.m3u8").read_text(encoding="utf-8"))]
    assert len(urls) == 3 and all(u.startswith("https://music.youtube.com/search?q=") for u in urls)


def test_the_cli_takes_link(capsys):
    from desktop.cli import main

    assert main(["recommend", "오늘 너무 행복해", "--top", "2", "--json", "--no-feedback", "--link", "bugs"]) == 0
    songs = json.loads(capsys.readouterr().out)["songs"]
    assert len(songs) == 2
    assert all(s["link"].startswith("https://music.bugs.co.kr/search/integrated?q=") for s in songs)
    with pytest.raises(SystemExit):
        main(["recommend", "x", "--link", "napster"])
    assert "invalid choice" in capsys.readouterr().err
