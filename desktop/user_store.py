"""Per-user data: votes (like/dislike), history of analysed texts and settings.

One SQLite file in the per-user data folder, through peewee, in WAL mode with
``synchronous=FULL``: every vote is its own committed transaction before the click
handler returns, so killing the app right after a click loses nothing.  Failures
(read-only folder, full disk, a database locked by another process) become
``UserDataError`` with a message for people; nothing already saved is touched.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from peewee import (
    AutoField,
    DatabaseError,
    DateTimeField,
    FloatField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from desktop import paths
from desktop.catalog import Catalog
from desktop.errors import UserDataError
from desktop.labels import LABELS
from desktop.recommend import FeedbackSignals, Recommendation

DB_NAME = "moodtune.db"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Base(Model):
    class Meta:
        database = None  # bound per UserStore


class Vote(_Base):
    id = AutoField()
    created_at = DateTimeField(default=_now, index=True)
    text = TextField(null=True)  # None when the user turned text storage off
    mood = TextField()  # JSON list of 7 probabilities, LABELS order
    song_key = TextField(index=True)
    title = TextField()
    artist = TextField()
    rank = IntegerField()
    score = FloatField()
    vote = IntegerField()  # +1 like, -1 dislike
    model_version = TextField()
    catalog_version = TextField()

    class Meta:
        table_name = "votes"


class HistoryEntry(_Base):
    id = AutoField()
    created_at = DateTimeField(default=_now, index=True)
    text = TextField(null=True)
    mood = TextField()
    songs = TextField()  # JSON list of [song_key, title, artist] shown first

    class Meta:
        table_name = "history"


class Setting(_Base):
    key = TextField(primary_key=True)
    value = TextField()  # JSON

    class Meta:
        table_name = "settings"


MODELS = (Vote, HistoryEntry, Setting)
DEFAULTS: dict[str, object] = {
    "store_text": True,
    "exclude_disliked": False,
    "preferred_genres": [],
    "year_min": None,
    "year_max": None,
    "language": "system",
    "top_n": 30,
}


def _fail(action: str, path: Path, exc: Exception) -> UserDataError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        why = "the database is in use by another program (is Moodtune open twice?)"
    elif "full" in text or "no space" in text:
        why = "the disk is full"
    elif "readonly" in text or "read-only" in text or "permission" in text:
        why = "the folder is read-only"
    else:
        why = str(exc)
    return UserDataError(f"Could not {action} in {path}: {why}.")


class UserStore:
    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder else paths.user_data_dir()
        self.path = self.folder / DB_NAME
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.db = SqliteDatabase(str(self.path), pragmas={
                "journal_mode": "wal", "synchronous": "full", "busy_timeout": 3000, "foreign_keys": 1})
            self.db.bind(MODELS, bind_refs=False, bind_backrefs=False)
            self.db.connect()
            with self.db.atomic():
                self.db.create_tables(MODELS)
        except (OSError, DatabaseError, sqlite3.Error) as exc:
            raise _fail("open your saved data", self.folder, exc) from exc

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    def _write(self, action: str, fn):
        try:
            with self.db.atomic():
                return fn()
        except (OSError, DatabaseError, sqlite3.Error) as exc:
            raise _fail(action, self.path, exc) from exc

    # ---------------------------------------------------------------- settings
    def get(self, key: str):
        row = Setting.get_or_none(Setting.key == key)
        return json.loads(row.value) if row else DEFAULTS.get(key)

    def set(self, key: str, value) -> None:
        self.set_many({key: value})

    def set_many(self, values: dict[str, object]) -> None:
        """Save several settings in one transaction: all of them or, on failure, none."""
        rows = [{"key": k, "value": json.dumps(v)} for k, v in values.items()]
        self._write("save the settings", lambda: Setting.replace_many(rows).execute())

    # ------------------------------------------------------------------- votes
    def add_vote(self, text: str, mood: np.ndarray, rec: Recommendation, vote: int,
                 model_version: str, catalog_version: str) -> int:
        if vote not in (1, -1):
            raise ValueError("vote must be +1 or -1")
        keep_text = bool(self.get("store_text"))
        return self._write("save your vote", lambda: Vote.create(
            text=text if keep_text else None, mood=json.dumps([round(float(p), 6) for p in mood]),
            song_key=rec.song.key, title=rec.song.title, artist=rec.song.artist, rank=rec.rank,
            score=round(rec.score, 6), vote=vote, model_version=model_version,
            catalog_version=catalog_version).id)

    def votes(self) -> list[Vote]:
        return list(Vote.select().order_by(Vote.id))

    def latest_votes(self) -> dict[str, int]:
        """song_key -> the most recent vote, for showing 👍/👎 in the list."""
        return {v.song_key: v.vote for v in Vote.select(Vote.song_key, Vote.vote).order_by(Vote.id)}

    def signals(self, catalog: Catalog) -> FeedbackSignals:
        rows, votes, moods = [], [], []
        for v in Vote.select(Vote.song_key, Vote.vote, Vote.mood).order_by(Vote.id):
            i = catalog.index.get(v.song_key)
            if i is not None:
                rows.append(i)
                votes.append(v.vote)
                moods.append(json.loads(v.mood))
        return FeedbackSignals(np.array(rows, dtype=np.int64), np.array(votes, dtype=np.int8),
                               np.array(moods, dtype=np.float32).reshape(-1, len(LABELS)))

    # ----------------------------------------------------------------- history
    def add_history(self, text: str, mood: np.ndarray, recs: list[Recommendation]) -> int:
        keep_text = bool(self.get("store_text"))
        songs = [[r.song.key, r.song.title, r.song.artist] for r in recs[:5]]
        return self._write("save the history", lambda: HistoryEntry.create(
            text=text if keep_text else None, mood=json.dumps([round(float(p), 6) for p in mood]),
            songs=json.dumps(songs, ensure_ascii=False)).id)

    def history(self, limit: int = 200) -> list[HistoryEntry]:
        return list(HistoryEntry.select().order_by(HistoryEntry.id.desc()).limit(limit))

    def clear_history(self) -> None:
        self._write("clear the history", lambda: HistoryEntry.delete().execute())
