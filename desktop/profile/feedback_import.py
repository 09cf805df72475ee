"""Read back votes exported by ``export-feedback`` (CSV or JSON), to restore a profile.

Why: a profile moved aside as damaged, or a new computer, used to mean starting from zero
votes.  Import takes exactly what export writes, checks every row (a bad one names the file
and its line, CSV, or its place in the list, JSON, and nothing is imported), undoes the CSV
apostrophe that made formula-like cells inert, and skips votes already in the profile (same
time, song, vote and text), so importing one file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import datetime, timezone
from pathlib import Path

from desktop.core.errors import FeedbackImportError
from desktop.core.labels import LABELS
from desktop.profile.feedback_export import FORMATS, PROB_COLUMNS, neutralise

MAX_IMPORT_BYTES = 512 * 1024 * 1024  # far above what a large profile exports to (docs/BENCHMARKS.md)
REQUIRED = (
    "created_at",
    "vote",
    "title",
    "artist",
    "song_key",
    "rank",
    "score",
    "text",
    *PROB_COLUMNS,
    "model_version",
    "catalog_version",
)
_TEXT_FIELDS = ("title", "artist", "song_key", "text", "model_version", "catalog_version")
_VOTES = {"like": 1, "dislike": -1}


def _undo_neutralise(value: object) -> object:
    """The cell as it was before export: ``'=x`` back to ``=x``, a plain ``'x`` kept as is."""
    if isinstance(value, str) and value.startswith("'") and neutralise(value[1:]) == value:
        return value[1:]
    return value


def _vote_row(raw: dict, where: str) -> dict:
    """One exported row as ``UserStore.import_votes`` takes it; FeedbackImportError names ``where``."""
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise FeedbackImportError(f"{where}: missing column {missing[0]!r}; is this a Moodtune votes export?")
    row = {k: _undo_neutralise(raw[k]) for k in REQUIRED}
    for k in _TEXT_FIELDS:
        if row[k] is not None and not isinstance(row[k], str):
            raise FeedbackImportError(f"{where}: {k} must be text, not {type(row[k]).__name__}.")
    if not row["song_key"]:
        raise FeedbackImportError(f"{where}: song_key is empty.")
    vote = _VOTES.get(str(row["vote"]).strip().lower())
    if vote is None:
        raise FeedbackImportError(f"{where}: vote must be 'like' or 'dislike', not {str(row['vote'])[:40]!r}.")
    try:
        created = datetime.fromisoformat(str(row["created_at"]).strip())
    except ValueError:
        raise FeedbackImportError(
            f"{where}: created_at is not a date and time: {str(row['created_at'])[:40]!r}."
        ) from None
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    try:
        rank = int(str(row["rank"]).strip())
        score = float(row["score"])
        mood = [float(row[k]) for k in PROB_COLUMNS]
    except (TypeError, ValueError):
        raise FeedbackImportError(f"{where}: rank, score and the p_ columns must be numbers.") from None
    if rank < 1 or not math.isfinite(score):
        raise FeedbackImportError(f"{where}: rank must be 1 or more and score a finite number.")
    if not all(math.isfinite(p) and 0 <= p <= 1 for p in mood) or abs(sum(mood) - 1) > 0.01:
        raise FeedbackImportError(f"{where}: the p_ columns must be {len(LABELS)} probabilities that sum to 1.")
    return {
        "created_at": created.astimezone(timezone.utc).replace(microsecond=0),
        "vote": vote,
        "text": row["text"] or None,
        "mood": mood,
        "song_key": row["song_key"],
        "title": row["title"] or "",
        "artist": row["artist"] or "",
        "rank": rank,
        "score": score,
        "model_version": row["model_version"] or "unknown",
        "catalog_version": row["catalog_version"] or "unknown",
    }


def read_votes(path: Path | str, fmt: str | None = None) -> list[dict]:
    """Every vote of an export file, checked; FeedbackImportError (one line) for anything wrong."""
    path = Path(path)
    try:
        if not path.is_file():
            raise FeedbackImportError(f"Cannot import {path}: not a file.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise FeedbackImportError(f"Cannot import {path}: larger than {MAX_IMPORT_BYTES // 2**20} MiB.")
        data = path.read_bytes()
    except OSError as exc:
        raise FeedbackImportError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedbackImportError(f"Cannot import {path}: not UTF-8 text.") from None
    fmt = (fmt or path.suffix.lstrip(".")).lower() or ("json" if text.lstrip().startswith("{") else "csv")
    if fmt not in FORMATS:
        raise FeedbackImportError(
            f"Cannot import {path}: the format must be one of {', '.join(FORMATS)}, not {fmt[:20]!r}."
        )
    return _read_json(path, text) if fmt == "json" else _read_csv(path, text)


def _read_json(path: Path, text: str) -> list[dict]:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise FeedbackImportError(f"Cannot import {path}: not valid JSON ({exc}).") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("votes"), list):
        raise FeedbackImportError(f"Cannot import {path}: not a Moodtune votes export (no 'votes' list).")
    if doc.get("labels", list(LABELS)) != list(LABELS):
        raise FeedbackImportError(f"Cannot import {path}: its emotion labels differ from this Moodtune's.")
    out = []
    for i, raw in enumerate(doc["votes"], start=1):
        if not isinstance(raw, dict):
            raise FeedbackImportError(f"{path}: vote {i}: not an object.")
        out.append(_vote_row(raw, f"{path}: vote {i}"))
    return out


def _read_csv(path: Path, text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = []
    try:
        if reader.fieldnames is None or "song_key" not in reader.fieldnames:
            raise FeedbackImportError(f"Cannot import {path}: not a Moodtune votes export (no header).")
        for raw in reader:
            if None in raw or None in raw.values():
                raise FeedbackImportError(f"{path}:{reader.line_num}: wrong number of columns.")
            out.append(_vote_row(raw, f"{path}:{reader.line_num}"))
    except csv.Error as exc:
        raise FeedbackImportError(f"{path}:{reader.line_num}: not valid CSV ({exc}).") from None
    return out
