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
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from desktop import __version__
from desktop.core.errors import UserDataError
from desktop.core.labels import ENGLISH, LABELS, dominant
from desktop.library.links import melon_id_of, melon_url
from desktop.profile.user_store import UserStore, refuse_store_file

FORMATS = ("csv", "json")
PROB_COLUMNS = [f"p_{ENGLISH[label]}" for label in LABELS]
COLUMNS = [
    "created_at",
    "vote",
    "title",
    "artist",
    "song_key",
    "melon_url",
    "rank",
    "score",
    "text",
    "dominant",
    *PROB_COLUMNS,
    "model_version",
    "catalog_version",
]
# incl. full-width ＝＋－＠ and the small forms ﹦﹢﹣﹫ (NFKC folds both to = + - @)
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
# Blanks, invisible and control characters a spreadsheet may skip before reading a formula:
# C0/C1 controls, soft hyphen, the combining grapheme joiner U+034F, Hangul fillers (U+115F,
# U+1160, U+3164, U+FFA0), zero-width and bidi marks, BOM and the tag characters U+E0000-E007F.
_LEADING = re.compile(
    "^[\\s\x00-\x1f\x7f-\xa0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f"
    "\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\uffa0\U000e0000-\U000e007f]+"
)


def neutralise(value: object) -> object:
    """Make a text cell inert for spreadsheets; numbers and None pass through."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in _FORMULA_START:
        return "'" + value
    skipped = _LEADING.match(value)  # None for most cells: then nothing is skipped
    if skipped is not None and value[skipped.end() : skipped.end() + 1] in _FORMULA_START:
        return "'" + value
    return value


def rows(store: UserStore) -> list[dict]:
    out = []
    urls: dict[str, str | None] = {}  # song_key -> its Melon link: a profile votes on many songs often
    for v in store.votes():
        mood = list(v.mood)
        url = urls.get(v.song_key, "")
        if url == "":
            melon_id = melon_id_of(v.song_key)
            url = urls[v.song_key] = melon_url(melon_id) if melon_id is not None else None
        out.append(
            {
                "created_at": v.created_at.isoformat() if hasattr(v.created_at, "isoformat") else str(v.created_at),
                "vote": "like" if v.vote > 0 else "dislike",
                "title": v.title,
                "artist": v.artist,
                "song_key": v.song_key,
                "melon_url": url,
                "rank": v.rank,
                "score": v.score,
                "text": v.text,
                "dominant": dominant(mood),
                **dict(zip(PROB_COLUMNS, mood)),
                "model_version": v.model_version,
                "catalog_version": v.catalog_version,
            }
        )
    return out


def render(records: list[dict], fmt: str) -> bytes:
    return b"".join(chunks(records, fmt))


def chunks(records: list[dict], fmt: str, batch: int = 2000) -> Iterator[bytes]:
    """The export file as UTF-8 pieces of about ``batch`` votes each (``render`` joins them)."""
    if fmt == "csv":
        yield from _csv_chunks(records, batch)
    elif fmt == "json":
        yield from _json_chunks(records, batch)
    else:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def _csv_chunks(records: list[dict], batch: int) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    w.writerow(COLUMNS)
    for start in range(0, len(records), batch):
        w.writerows([neutralise(r[k]) for k in COLUMNS] for r in records[start : start + batch])
        yield buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue().encode("utf-8")


# The votes' values, encoded by the C encoder in one call per batch: with ``indent`` json.dumps
# runs the pure-Python encoder (seconds for a large profile).  Items are joined by a raw newline, which no
# encoded string contains (JSON escapes it), so the text splits back into single values.
_VALUES = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=("\n", ": "))


def _json_chunks(records: list[dict], batch: int) -> Iterator[bytes]:
    """Exactly ``json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"``, in pieces."""
    doc = {
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        "labels": list(LABELS),
        "votes": [],
    }
    head = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    if not records:
        yield (head + "\n").encode("utf-8")
        return
    assert head.endswith('"votes": []\n}')
    yield (head[: -len("[]\n}")] + "[\n").encode("utf-8")
    keys: dict[tuple, list[str]] = {}  # a record's keys -> their encoded '   "key": ' prefixes
    for start in range(0, len(records), batch):
        part = records[start : start + batch]
        if any(isinstance(v, (dict, list, tuple)) for r in part for v in r.values()):
            # not flat (never from ``rows``): the slow encoder, indented as it would be in the document
            text = ",\n".join(
                "  " + json.dumps(r, ensure_ascii=False, indent=1, allow_nan=False).replace("\n", "\n  ") for r in part
            )
        else:
            encoded = _VALUES.encode([list(r.values()) for r in part])[2:-2].split("]\n[")
            out = []
            for r, values in zip(part, encoded):
                names = tuple(r)
                prefixes = keys.get(names)
                if prefixes is None:
                    prefixes = keys[names] = ["   " + json.dumps(k, ensure_ascii=False) + ": " for k in names]
                if not names:
                    out.append("  {}")
                    continue
                out.append("  {\n" + ",\n".join(p + v for p, v in zip(prefixes, values.split("\n"))) + "\n  }")
            text = ",\n".join(out)
        yield (text + (",\n" if start + batch < len(records) else "\n ]\n}\n")).encode("utf-8")


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of it) to ``path`` through a temporary file and a rename;
    never onto a live store."""
    path = Path(path)
    refuse_store_file(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        try:
            with os.fdopen(fd, "wb") as f:
                for piece in (data,) if isinstance(data, (bytes, bytearray)) else data:
                    f.write(piece)
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
    write_atomic(path, chunks(records, fmt))  # streamed: no second copy of a 50,000-vote file in memory
    return len(records)
