"""The current list as a playlist: M3U8 (Melon links) or plain text ("artist - title").

Why M3U8 with links, not files: Moodtune has no audio; players and browsers open the
``#EXTINF`` entries' URLs (the song's Melon page, or a Melon search where its ID is
unknown).  UTF-8 throughout, written atomically like every export.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from desktop.core.safe_text import display_text
from desktop.engine.recommend import Recommendation
from desktop.library.catalog import SongInfo, melon_search_url
from desktop.profile.feedback_export import write_atomic

PLAYLIST_FORMATS = ("m3u8", "txt")


def render_m3u8(recs: list[Recommendation], title: str = "Moodtune") -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for r in recs:
        lines.append(f"#EXTINF:-1,{_one_line(r.song.artist)} - {_one_line(r.song.title)}")
        lines.append(safe_link(r.song))
    return "\n".join(lines) + "\n"


def render_text(recs: list[Recommendation]) -> str:
    return "".join(f"{_one_line(r.song.artist)} - {_one_line(r.song.title)}\n" for r in recs)


def export_playlist(recs: list[Recommendation], path: Path | str, fmt: str | None = None,
                    title: str = "Moodtune") -> int:
    """Write ``recs`` to ``path`` (format from ``fmt`` or the suffix); returns the number of songs."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "m3u8").lower()
    if fmt == "m3u":
        fmt = "m3u8"
    if fmt not in PLAYLIST_FORMATS:
        raise ValueError(f"playlist format must be one of {', '.join(PLAYLIST_FORMATS)}, not {fmt!r}")
    body = render_m3u8(recs, title) if fmt == "m3u8" else render_text(recs)
    write_atomic(path, body.encode("utf-8"))
    return len(recs)


def read_m3u8(text: str) -> list[tuple[str, str]]:
    """(label, url) pairs of an M3U8 written by ``render_m3u8`` (for tests and re-import)."""
    out, label = [], None
    for line in text.splitlines():
        if line.startswith("#EXTINF:"):
            label = line.split(",", 1)[1]
        elif line and not line.startswith("#") and label is not None:
            out.append((label, line))
            label = None
    return out


def safe_link(song: SongInfo) -> str:
    """The song's link, checked before it is written: an https URL on Melon in printable ASCII (one
    line, no blanks).  Anything else is replaced by the Melon search, which ``quote`` builds."""
    url = song.link
    if not _is_melon_url(url):
        url = melon_search_url(_one_line(song.title), _one_line(song.artist))
    if not _is_melon_url(url):  # cannot happen: quote() leaves only printable ASCII
        raise ValueError(f"refusing to write the link {url!r}")
    return url


def _is_melon_url(url: str) -> bool:
    parts = urlsplit(url)
    return (url.isascii() and url.isprintable() and " " not in url and parts.scheme == "https"
            and parts.netloc == "www.melon.com")


def _one_line(text: str) -> str:
    """One line without control or bidi characters (they would start a new entry or drive a terminal)."""
    return " ".join(display_text(str(text)).split())
