"""Tiny audio files built in the tests: WAV (the ``wave`` module), MP3 with a hand-built ID3v2.3
tag and one silent MPEG frame, FLAC with STREAMINFO and a Vorbis comment.  Lyrics are written for
the tests, never real lyrics."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


def write_wav(path: Path, seconds: float = 1.0, rate: int = 8000, title: str = "", artist: str = "") -> Path:
    """A mono 16-bit sine; with ``title``/``artist`` a RIFF LIST/INFO chunk (INAM/IART) is added."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    if title or artist:
        info = b"INFO"
        for cid, text in ((b"INAM", title), (b"IART", artist)):
            data = text.encode("utf-8") + b"\0"
            if len(data) % 2:
                data += b"\0"
            info += cid + struct.pack("<I", len(data)) + data
        raw = bytearray(path.read_bytes()) + b"LIST" + struct.pack("<I", len(info)) + info
        raw[4:8] = struct.pack("<I", len(raw) - 8)
        path.write_bytes(bytes(raw))
    return path


def _syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def _text(value: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return b"\x01" + value.encode("utf-16")  # with BOM
    if encoding == "utf-8":
        return b"\x03" + value.encode("utf-8")
    if encoding == "cp949-as-latin1":
        return b"\x00" + value.encode("cp949")  # declared Latin-1, CP949 bytes (Korean MP3s)
    return b"\x00" + value.encode("latin-1")


def _frame(fid: str, body: bytes, v24: bool = False) -> bytes:
    size = _syncsafe(len(body)) if v24 else struct.pack(">I", len(body))
    return fid.encode("ascii") + size + b"\0\0" + body


def write_mp3(
    path: Path, title: str, artist: str, album: str = "", lyrics: str = "", encoding: str = "utf-8", frames: int = 40
) -> Path:
    """ID3v2.4 for UTF-8 (v2.3 has no UTF-8), else ID3v2.3; then silent MPEG-1 Layer III frames."""
    enc, v24 = encoding, encoding == "utf-8"
    body = _frame("TIT2", _text(title, enc), v24) + _frame("TPE1", _text(artist, enc), v24)
    if album:
        body += _frame("TALB", _text(album, enc), v24)
    if lyrics:
        ebyte = _text("", enc)[:1]
        desc = b"\xff\xfe\0\0" if enc == "utf-16" else b"\0"  # empty description, terminated
        body += _frame("USLT", ebyte + b"kor" + desc + _text(lyrics, enc)[1:], v24)
    tag = b"ID3" + (b"\x04" if v24 else b"\x03") + b"\x00\x00" + _syncsafe(len(body)) + body
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes per frame
    mpeg = (b"\xff\xfb\x90\x00" + b"\0" * 413) * frames
    path.write_bytes(tag + mpeg)
    return path


def write_flac(path: Path, comments: dict[str, str], seconds: int = 1) -> Path:
    """fLaC + STREAMINFO + VORBIS_COMMENT (last block); no audio frames (tags only)."""
    rate, channels, bps, total = 44100, 2, 16, 44100 * seconds
    packed = (rate << 44) | ((channels - 1) << 41) | ((bps - 1) << 36) | total
    info = struct.pack(">HH", 4096, 4096) + b"\0\0\0" + b"\0\0\0" + packed.to_bytes(8, "big") + b"\0" * 16
    vendor = b"moodtune-tests"
    vc = struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(comments))
    for k, v in comments.items():
        item = f"{k}={v}".encode()
        vc += struct.pack("<I", len(item)) + item
    blocks = bytes([0]) + len(info).to_bytes(3, "big") + info + bytes([0x80 | 4]) + len(vc).to_bytes(3, "big") + vc
    path.write_bytes(b"fLaC" + blocks)
    return path


def _ogg_page(data: bytes, seq: int, granule: int = 0, header_type: int = 0) -> bytes:
    """One Ogg page holding ``data`` as one packet (CRC left 0: readers of tags do not check it)."""
    segs = [255] * (len(data) // 255) + [len(data) % 255]
    return (
        b"OggS"
        + bytes([0, header_type])
        + struct.pack("<qII", granule, 1, seq)
        + b"\0\0\0\0"
        + bytes([len(segs)])
        + bytes(segs)
        + data
    )


def write_opus(path: Path, comments: dict[str, str], seconds: float = 1.0) -> Path:
    """An Ogg Opus stream with OpusHead and OpusTags, and a last page whose granule gives the length."""
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    vendor = b"moodtune-tests"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(comments))
    for k, v in comments.items():
        item = f"{k}={v}".encode()
        tags += struct.pack("<I", len(item)) + item
    last = _ogg_page(b"\xf8\xff\xfe", 2, granule=int(seconds * 48000) + 312, header_type=4)
    path.write_bytes(_ogg_page(head, 0, header_type=2) + _ogg_page(tags, 1) + last)
    return path
