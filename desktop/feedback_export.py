"""Export votes to CSV (opens cleanly in Excel) or JSON.

CSV is UTF-8 with a BOM, so Excel shows Hangul instead of mojibake.  Following OWASP's
CSV-injection guidance, a text cell is prefixed with an apostrophe when it starts with
= + - @, a tab, CR or LF, or when such a character (or its full-width form) follows
leading blanks or invisible characters (spreadsheets skip those), so a status message
such as ``=HYPERLINK(...)`` is shown as text, never run as a formula; quoting is left to
the csv module, so cells with quotes or separators stay single cells.  Files are written to a temporary name and
renamed, so a full disk never leaves a half-written export behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from desktop import __version__
from desktop.catalog import melon_url
from desktop.errors import UserDataError
from desktop.labels import ENGLISH, LABELS
from desktop.user_store import UserStore, refuse_store_file

FORMATS = ("csv", "json")
PROB_COLUMNS = [f"p_{ENGLISH[label]}" for label in LABELS]
COLUMNS = ["created_at", "vote", "title", "artist", "song_key", "melon_url", "rank", "score", "text",
           "dominant", *PROB_COLUMNS, "model_version", "catalog_version"]
# incl. full-width ＝＋－＠ and the small forms ﹦﹢﹣﹫ (NFKC folds both to = + - @)
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
# Blanks, invisible and control characters a spreadsheet may skip before reading a formula:
# C0/C1 controls, soft hyphen, the combining grapheme joiner U+034F, Hangul fillers (U+115F,
# U+1160, U+3164, U+FFA0), zero-width and bidi marks, BOM and the tag characters U+E0000-E007F.
_LEADING = re.compile("^[\\s\x00-\x1f\x7f-\xa0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f"
                      "\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\uffa0\U000e0000-\U000e007f]+")


def neutralise(value: object) -> object:
    """Make a text cell inert for spreadsheets; numbers and None pass through."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in _FORMULA_START or _LEADING.sub("", value)[:1] in _FORMULA_START:
        return "'" + value
    return value


def _melon_key(key: str) -> bool:
    """A key ``int()`` reads as a Melon ID: ASCII digits only ('²1137' is ``isdigit()`` too)."""
    return key.isascii() and key.isdigit()


def rows(store: UserStore) -> list[dict]:
    out = []
    for v in store.votes():
        mood = list(v.mood)
        out.append({
            "created_at": v.created_at.isoformat() if hasattr(v.created_at, "isoformat") else str(v.created_at),
            "vote": "like" if v.vote > 0 else "dislike",
            "title": v.title, "artist": v.artist, "song_key": v.song_key,
            "melon_url": melon_url(int(v.song_key)) if _melon_key(v.song_key) else None,
            "rank": v.rank, "score": v.score, "text": v.text,
            "dominant": LABELS[max(range(len(mood)), key=mood.__getitem__)],
            **dict(zip(PROB_COLUMNS, mood)),
            "model_version": v.model_version, "catalog_version": v.catalog_version,
        })
    return out


def render(records: list[dict], fmt: str) -> bytes:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
        w.writeheader()
        for r in records:
            w.writerow({k: neutralise(r[k]) for k in COLUMNS})
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if fmt == "json":
        doc = {"exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "app_version": __version__, "labels": list(LABELS), "votes": records}
        return (json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; never onto a live store."""
    path = Path(path)
    refuse_store_file(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserDataError(f"Could not write {path}: {exc.strerror or exc}.") from exc


def export_feedback(store: UserStore, path: Path | str, fmt: str | None = None) -> int:
    """Write every vote to ``path``; the format follows ``fmt`` or the file suffix."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    records = rows(store)
    write_atomic(path, render(records, fmt))
    return len(records)
