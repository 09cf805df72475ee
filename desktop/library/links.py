"""Where a song opens: one declaration per streaming service, and the only place links are built.

Why a registry: "Melon" and its two URL shapes used to be spelled in eight files, and the
"is this song key a Melon ID" test twice.  A service here has a name in both languages, the
host its links live on (playlist export refuses any other), a search link, and, where the
catalog has the service's song ID, a page for the song.  The catalog holds Melon IDs only, so
Melon links go to the song's page and every other service gets a search for title + artist.

Every URL is built with ``urllib.parse`` from checked parts (an ID is a positive integer, a
query is percent-escaped), never formatted from raw catalog or profile text: a text ID such as
``'1\\nfile:///etc/passwd'`` once added entries to every M3U8.
"""

from __future__ import annotations

import functools
import numbers
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from desktop.core.languages import language_of

MAX_MELON_ID = 2**53  # larger IDs cannot be exact in JSON or SQLite REAL; Melon's are 8-9 digits


def melon_id_of(value: Any) -> int | None:
    """``value`` as a Melon song ID (a positive integer, or a song key of ASCII digits only:
    '²1137' is ``str.isdigit()`` too but no ``int()``), else None."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) > 16:
            return None
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # numpy's ints are Integral
        return None
    return int(value) if 0 < int(value) <= MAX_MELON_ID else None


@dataclass(frozen=True)
class SongRef:
    """What a link is built from: a song's title and artist, and its Melon ID when known."""

    title: str
    artist: str
    melon_id: int | None = None

    @classmethod
    def of_key(cls, song_key: str, title: str, artist: str) -> SongRef:
        """A voted song (the profile keeps the catalog key, which is the Melon ID where there is one)."""
        return cls(title, artist, melon_id_of(song_key))

    @property
    def query(self) -> str:
        return " ".join(f"{self.title} {self.artist}".split())


def _search(base: str, param: str) -> Callable[[str], str]:
    return lambda q: f"{base}?{urlencode({param: q}, quote_via=quote)}"


@dataclass(frozen=True)
class LinkService:
    code: str  # the ``link_service`` setting's value and ``--link``'s choice
    names: dict[str, str]  # language code -> the name users see ("Open on {name}")
    host: str  # every link of this service is https on this host
    search_url: Callable[[str], str]  # a search for a query (title + artist)
    song_url: Callable[[int], str] | None = None  # the song's page, from its Melon ID
    app_scheme: str | None = None  # the desktop app's URL scheme, where the OS has the app
    app_song_url: Callable[[int], str] | None = None

    def name(self, lang: str) -> str:
        return self.names[language_of(lang)]

    def has_page(self, song: SongRef) -> bool:
        """True when the link goes to the song itself, False when it is a search."""
        return self.song_url is not None and melon_id_of(song.melon_id) is not None

    def url(self, song: SongRef) -> str:
        """The song's page here when its ID is known, else a search for title + artist."""
        melon_id = melon_id_of(song.melon_id)
        if self.song_url is not None and melon_id is not None:
            return self.song_url(melon_id)
        return self.search_url(song.query)

    def app_url(self, song: SongRef) -> str | None:
        """A link that opens the song in the service's desktop app, when that app is installed."""
        melon_id = melon_id_of(song.melon_id)
        if self.app_song_url is None or melon_id is None or not scheme_registered(self.app_scheme or ""):
            return None
        return self.app_song_url(melon_id)

    def owns(self, url: str) -> bool:
        """``url`` is a single-line https link on this service's host, in printable ASCII."""
        return (
            url.isascii()
            and url.isprintable()
            and " " not in url
            and urlsplit(url).scheme == "https"
            and urlsplit(url).netloc == self.host
        )


def melon_url(melon_id: int) -> str:
    """A song's Melon page; ValueError unless ``melon_id`` is a positive integer."""
    checked = melon_id_of(melon_id) if not isinstance(melon_id, str) else None
    if checked is None:
        raise ValueError(f"a Melon song ID is a positive integer, not {melon_id!r}")
    return "https://www.melon.com/song/detail.htm?" + urlencode({"songId": checked})


SERVICES: tuple[LinkService, ...] = (
    LinkService(
        "melon",
        {"en": "Melon", "ko": "멜론"},
        "www.melon.com",
        _search("https://www.melon.com/search/total/index.htm", "q"),
        song_url=melon_url,
        # Melon's Windows player registers melonapp:; its play link takes a list of song IDs
        app_scheme="melonapp",
        app_song_url=lambda i: "melonapp://play?" + urlencode({"cType": 1, "cList": i}),
    ),
    LinkService(
        "genie",
        {"en": "Genie", "ko": "지니"},
        "www.genie.co.kr",
        _search("https://www.genie.co.kr/search/searchMain", "query"),
    ),
    LinkService(
        "flo",
        {"en": "FLO", "ko": "플로"},
        "www.music-flo.com",
        _search("https://www.music-flo.com/search/all", "keyword"),
    ),
    LinkService(
        "vibe", {"en": "VIBE", "ko": "바이브"}, "vibe.naver.com", _search("https://vibe.naver.com/search", "query")
    ),
    LinkService(
        "bugs",
        {"en": "Bugs", "ko": "벅스"},
        "music.bugs.co.kr",
        _search("https://music.bugs.co.kr/search/integrated", "q"),
    ),
    LinkService(
        "youtube_music",
        {"en": "YouTube Music", "ko": "유튜브 뮤직"},
        "music.youtube.com",
        _search("https://music.youtube.com/search", "q"),
    ),
    LinkService(
        "youtube",
        {"en": "YouTube", "ko": "유튜브"},
        "www.youtube.com",
        _search("https://www.youtube.com/results", "search_query"),
    ),
    LinkService(
        "spotify",
        {"en": "Spotify", "ko": "스포티파이"},
        "open.spotify.com",
        lambda q: "https://open.spotify.com/search/" + quote(q, safe=""),
    ),
    LinkService(
        "apple_music",
        {"en": "Apple Music", "ko": "애플 뮤직"},
        "music.apple.com",
        _search("https://music.apple.com/search", "term"),
    ),
)
DEFAULT_SERVICE = "melon"
SERVICE_CODES: tuple[str, ...] = tuple(s.code for s in SERVICES)
_BY_CODE = {s.code: s for s in SERVICES}


def link_service(code: str | None) -> LinkService:
    """The service declared as ``code``; the default for an unknown or missing code (a setting
    written by a newer Moodtune, say), so a link can always be made."""
    return _BY_CODE.get(code or "", _BY_CODE[DEFAULT_SERVICE])


@functools.cache
def scheme_registered(scheme: str) -> bool:
    """Whether this computer has an app for ``scheme:`` links.  Only Windows says so reliably (its
    registry); elsewhere the answer is no and the web page opens, which always works."""
    if not scheme or sys.platform != "win32":
        return False
    try:
        import winreg

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, scheme) as key:
            winreg.QueryValueEx(key, "URL Protocol")
        return True
    except OSError:
        return False
