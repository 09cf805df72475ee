"""The current list as a playlist: M3U8 (links on the chosen streaming service) or plain text.

Why M3U8 with links, not files: Moodtune has no audio; players and browsers open the
``#EXTINF`` entries' URLs (the song's page on the service, or a search there where the
catalog has no ID for it; see ``desktop.library.links``).  UTF-8 throughout, written
atomically like every export.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.safe_text import display_text
from desktop.engine.recommend import Recommendation
from desktop.library.catalog import SongInfo
from desktop.library.links import DEFAULT_SERVICE, LinkService, SongRef, link_service
from desktop.profile.feedback_export import write_atomic

PLAYLIST_FORMATS = ("m3u8", "txt")


def render_m3u8(recs: list[Recommendation], title: str = "Moodtune", links: str = DEFAULT_SERVICE) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for r in recs:
        lines.append(f"#EXTINF:-1,{_one_line(r.song.artist)} - {_one_line(r.song.title)}")
        lines.append(safe_link(r.song, link_service(links)))
    return "\n".join(lines) + "\n"


def render_text(recs: list[Recommendation]) -> str:
    return "".join(f"{_one_line(r.song.artist)} - {_one_line(r.song.title)}\n" for r in recs)


def export_playlist(
    recs: list[Recommendation],
    path: Path | str,
    fmt: str | None = None,
    title: str = "Moodtune",
    links: str = DEFAULT_SERVICE,
) -> int:
    """Write ``recs`` to ``path`` (format from ``fmt`` or the suffix), linking each song on the
    service ``links`` (a code of ``desktop.library.links.SERVICES``); returns the number of songs."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "m3u8").lower()
    if fmt == "m3u":
        fmt = "m3u8"
    if fmt not in PLAYLIST_FORMATS:
        raise ValueError(f"playlist format must be one of {', '.join(PLAYLIST_FORMATS)}, not {fmt!r}")
    body = render_m3u8(recs, title, links) if fmt == "m3u8" else render_text(recs)
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


def safe_link(song: SongInfo, where: LinkService | None = None) -> str:
    """The song's link on ``where`` (default Melon), checked before it is written: an https URL on
    the service's host in printable ASCII (one line, no blanks).  Anything else is replaced by a
    search there for the song's title and artist made one line, which ``urllib.parse`` escapes."""
    where = where or link_service(DEFAULT_SERVICE)
    url = where.url(song.ref)
    if not where.owns(url):
        url = where.url(SongRef(_one_line(song.title), _one_line(song.artist)))
    if not where.owns(url):  # cannot happen: urllib leaves only printable ASCII
        raise ValueError(f"refusing to write the link {url!r}")
    return url


def _one_line(text: str) -> str:
    """One line without control or bidi characters (they would start a new entry or drive a terminal)."""
    return " ".join(display_text(str(text)).split())
