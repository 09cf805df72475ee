"""The current list as a playlist: M3U8 or plain text, the user's own file where a song is theirs
and a link on the chosen streaming service for the rest.

Why both in one file: a song from the user's music library plays in any music player from its
file; a catalog song has no audio here, so its entry is the song's page on the service (or a search
there where the catalog has no ID for it; see ``desktop.library.links``), which a browser opens.

Why plain absolute paths, not ``file://`` URIs: a plain path is what every player that reads M3U
understands (Windows Media Player, foobar2000, iTunes/Music, Rhythmbox, Android players), while
``file://`` URIs are read by some only (VLC and mpv read both).  A path comes from the library
database, which is data anyone can edit, and a file name may hold a newline: a path that cannot be
written as one clean line (a control, line-break or bidi character, a trailing blank) is written as
the ``file://`` URI that ``pathlib`` builds, percent-escaped ASCII that still names the same file
and cannot start a second entry.  UTF-8 throughout, written atomically like every export.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.core.safe_text import UNSAFE, display_text
from desktop.engine.recommend import Recommendation
from desktop.library.catalog import SongInfo
from desktop.library.links import DEFAULT_SERVICE, LinkService, SongRef, link_service
from desktop.profile.feedback_export import write_atomic

PLAYLIST_FORMATS = ("m3u8", "txt")


def render_m3u8(
    recs: list[Recommendation],
    title: str = "Moodtune",
    links: str = DEFAULT_SERVICE,
    files: Mapping[str, str] | None = None,
) -> str:
    """The M3U8 text: each song's own file (``files``: song key -> path) where it has one, else its
    link on ``links``."""
    where = link_service(links)
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for r in recs:
        lines.append(f"#EXTINF:-1,{_label(r)}")
        lines.append(file_entry((files or {}).get(r.song.key)) or safe_link(r.song, where))
    return "\n".join(lines) + "\n"


def render_text(recs: list[Recommendation], files: Mapping[str, str] | None = None) -> str:
    """``artist - title`` a line; a song that is the user's file gets a tab and the file after it
    (a label never holds a tab, so the two split apart again without doubt)."""
    out = []
    for r in recs:
        where = file_entry((files or {}).get(r.song.key))
        out.append(f"{_label(r)}\t{where}\n" if where else f"{_label(r)}\n")
    return "".join(out)


def file_entry(path: str | None) -> str | None:
    """``path`` as a playlist line: the plain path when it is one clean line, else its ``file://``
    URI; None (the song gets its streaming link) for anything that is not an absolute path."""
    if not isinstance(path, str) or not path or "\x00" in path:
        return None
    where = Path(path)
    if not where.is_absolute():  # a relative line would be read against the playlist's folder
        return None
    if not UNSAFE.search(path) and path == path.rstrip():
        return path
    uri = where.as_uri()
    if not uri.isascii() or not uri.isprintable() or " " in uri:  # cannot happen: as_uri escapes them
        return None
    return uri


def export_playlist(
    recs: list[Recommendation],
    path: Path | str,
    fmt: str | None = None,
    title: str = "Moodtune",
    links: str = DEFAULT_SERVICE,
    files: Mapping[str, str] | None = None,
) -> int:
    """Write ``recs`` to ``path`` (format from ``fmt`` or the suffix): the songs in ``files`` (song
    key -> the user's file) as their files, the others linked on the service ``links`` (a code of
    ``desktop.library.links.SERVICES``); returns the number of songs."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "m3u8").lower()
    if fmt == "m3u":
        fmt = "m3u8"
    if fmt not in PLAYLIST_FORMATS:
        raise ValueError(f"playlist format must be one of {', '.join(PLAYLIST_FORMATS)}, not {fmt!r}")
    body = render_m3u8(recs, title, links, files) if fmt == "m3u8" else render_text(recs, files)
    write_atomic(path, body.encode("utf-8"))
    return len(recs)


def read_m3u8(text: str) -> list[tuple[str, str]]:
    """(label, location) pairs of an M3U8 written by ``render_m3u8``: a link, a path or a file URI
    (for tests and re-import)."""
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


def _label(r: Recommendation) -> str:
    return f"{_one_line(r.song.artist)} - {_one_line(r.song.title)}"


def _one_line(text: str) -> str:
    """One line without control or bidi characters (they would start a new entry or drive a terminal)."""
    return " ".join(display_text(str(text)).split())
