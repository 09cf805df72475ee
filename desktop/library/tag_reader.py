"""One audio file's tags and lyrics, read (never written) and made safe to show.

Why tinytag: it is MIT-licensed (the app ships as an MIT bundle; mutagen is GPL), pure Python,
read-only by design, and reads title/artist/album/year/genre/duration and lyrics (ID3 USLT and
SYLT, Vorbis LYRICS/UNSYNCEDLYRICS, MP4 ``©lyr``) from mp3, m4a/aac, flac, ogg/opus and wav.

Every string from a file is untrusted: control and bidi characters are removed
(``display_text``) and lengths are bounded.  Korean MP3s often hold CP949/EUC-KR bytes in ID3
frames declared Latin-1; such text is decoded again as CP949 when that gives Hangul.  Lyrics may
also come from a sidecar ``.lrc`` (timestamps stripped) or ``.txt`` next to the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.safe_text import display_text
from desktop.core.text_input import without_surrogates

AUDIO_SUFFIXES = frozenset({".mp3", ".m4a", ".aac", ".mp4", ".flac", ".ogg", ".opus", ".oga", ".wav"})
MAX_FIELD = 300  # characters of a title, artist, album or genre
MAX_LYRICS = 20_000  # characters of lyrics kept (a song's lyrics are ~1-3 k)
MAX_SIDECAR_BYTES = 256 * 1024  # a larger .lrc/.txt is not lyrics
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN1_HIGH = re.compile(r"[\x80-\xff]")
_LRC_TAG = re.compile(r"\[(\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?)\]|<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>")
_LRC_META = re.compile(r"^\s*\[(ar|ti|al|au|by|length|offset|re|ve|id|#)\s*:[^\]]*\]\s*$", re.I)
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


@dataclass(frozen=True)
class TrackTags:
    """What was read from one file.  ``lyrics`` is '' when there are none; ``lyrics_source`` says
    where they came from ('tag', 'lrc', 'txt' or '')."""

    title: str
    artist: str
    album: str
    year: int | None
    genre: str
    duration: float | None
    lyrics: str
    lyrics_source: str


class UnreadableAudioError(Exception):
    """The file is not an audio file tinytag can read (corrupt, truncated, another format)."""


def repair_korean(text: str) -> str:
    """CP949/EUC-KR bytes that a tag declared Latin-1 ("À½¾Ç" for "음악"), decoded as CP949.

    Only text made entirely of Latin-1 characters, with some above 0x7f, that decodes strictly as
    CP949 into Hangul is changed: real Latin-1 text ("Beyoncé") is left alone."""
    if not text or not _LATIN1_HIGH.search(text) or _HANGUL.search(text):
        return text
    try:
        raw = text.encode("latin-1")
        fixed = raw.decode("cp949")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    if not _HANGUL.search(fixed):
        return text
    return fixed


def clean_field(value: object, limit: int = MAX_FIELD) -> str:
    """A tag value as one safe, bounded line ('' for None or non-text)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str):
        return ""
    return display_text(repair_korean(without_surrogates(value[: limit * 4]))).strip()[:limit]


def clean_lyrics(text: str) -> str:
    """Lyrics as plain lines: LRC timestamps and meta lines removed, each line made safe, bounded."""
    text = repair_korean(without_surrogates(text[: MAX_LYRICS * 2]))
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _LRC_META.match(line):
            continue
        line = display_text(_LRC_TAG.sub("", line)).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)[:MAX_LYRICS]


def decode_text_file(raw: bytes) -> str:
    """Bytes of a sidecar lyrics file: UTF-8 (with or without BOM), UTF-16 with a BOM, else CP949."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp949")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def sidecar_lyrics(path: Path) -> tuple[str, str]:
    """Lyrics from ``song.lrc`` or ``song.txt`` beside ``song.mp3``: (lyrics, 'lrc'|'txt') or ('', '')."""
    for suffix in (".lrc", ".txt"):
        side = path.with_suffix(suffix)
        try:
            if not side.is_file() or side.stat().st_size > MAX_SIDECAR_BYTES:
                continue
            with open(side, "rb") as fh:  # read-only
                raw = fh.read(MAX_SIDECAR_BYTES + 1)
        except OSError:
            continue
        text = clean_lyrics(decode_text_file(raw))
        if text:
            return text, suffix[1:]
    return "", ""


def _year(value: object) -> int | None:
    m = _YEAR.search(value) if isinstance(value, str) else None
    return int(m.group(1)) if m else None


def read_tags(path: Path) -> TrackTags:
    """Tags and lyrics of one file (opened read-only); raises UnreadableAudioError."""
    from tinytag import TinyTag, TinyTagException

    try:
        tag = TinyTag.get(str(path), tags=True, duration=True, image=False)
    except TinyTagException as exc:
        raise UnreadableAudioError(str(exc)[:200]) from None
    except (
        OSError,
        ValueError,
        KeyError,
        IndexError,
        OverflowError,
        UnicodeError,
        AttributeError,
        TypeError,
        MemoryError,
    ) as exc:  # a damaged file can trip any of these inside the parser
        raise UnreadableAudioError(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    if tag.duration is None and not (tag.title or tag.artist or tag.album):
        raise UnreadableAudioError("no audio stream or tags found")  # e.g. a .mp3 that is not one
    other = getattr(tag, "other", {}) or {}
    lyrics_raw = other.get("lyrics") or ""
    if isinstance(lyrics_raw, list):
        lyrics_raw = "\n".join(x for x in lyrics_raw if isinstance(x, str))
    lyrics, source = (clean_lyrics(lyrics_raw), "tag") if isinstance(lyrics_raw, str) and lyrics_raw else ("", "")
    if not lyrics:
        lyrics, source = sidecar_lyrics(path)
    duration = tag.duration if isinstance(tag.duration, (int, float)) and 0 < tag.duration < 86_400 else None
    return TrackTags(
        title=clean_field(tag.title),
        artist=clean_field(tag.artist),
        album=clean_field(tag.album),
        year=_year(tag.year),
        genre=clean_field(tag.genre),
        duration=duration,
        lyrics=lyrics,
        lyrics_source=source if lyrics else "",
    )
