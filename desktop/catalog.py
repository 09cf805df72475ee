"""The song catalog (``catalog.db``): schema, opening it safely, loading it into arrays.

Why arrays: ranking is a handful of numpy operations over every song, so the
catalog is read once at start-up into a (n, 7) matrix plus metadata and never
queried row by row afterwards.  The file is opened read-only and immutable, so an
install folder without write permission works and no ``-wal`` files appear in it.
No lyrics are stored: only metadata and numbers derived from them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from peewee import (
    DatabaseError,
    DatabaseProxy,
    FloatField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from desktop import paths
from desktop.errors import CatalogError
from desktop.labels import ENGLISH, LABELS

SCHEMA_VERSION = "1"
PROB_COLUMNS = tuple(f"p_{ENGLISH[label]}" for label in LABELS)

database = DatabaseProxy()


class _Base(Model):
    class Meta:
        database = database


class Song(_Base):
    song_key = TextField(unique=True)  # Melon songId, or "x:title|artist" where Melon gave none
    melon_id = IntegerField(null=True)
    title = TextField()
    artist = TextField()
    album = TextField(default="")
    release_date = TextField(default="")
    year = IntegerField(null=True, index=True)
    genre = TextField(default="")
    chart_months = IntegerField(default=0)
    best_rank = IntegerField(null=True)
    n_chunks = IntegerField()
    korean_ratio = FloatField()
    dominant = TextField(index=True)
    p_happiness = FloatField()
    p_sadness = FloatField()
    p_fear = FloatField()
    p_neutral = FloatField()
    p_anger = FloatField()
    p_disgust = FloatField()
    p_surprise = FloatField()

    class Meta:
        table_name = "songs"


class CatalogMeta(_Base):
    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "meta"


TABLES = (Song, CatalogMeta)


@dataclass(frozen=True, slots=True)
class SongInfo:
    """What the UI, CLI and exports show about a song."""

    key: str
    title: str
    artist: str
    album: str
    year: int | None
    genre: str
    melon_id: int | None
    dominant: str

    @property
    def melon_url(self) -> str | None:
        return melon_url(self.melon_id) if self.melon_id else None

    @property
    def genres(self) -> list[str]:
        return split_genres(self.genre)


def melon_url(melon_id: int) -> str:
    return f"https://www.melon.com/song/detail.htm?songId={melon_id}"


def split_genres(genre: str) -> list[str]:
    """Melon genre strings read like "발라드, 국내드라마"."""
    return [g.strip() for g in genre.split(",") if g.strip()]


def write_catalog(path: Path, rows: list[dict], meta: dict[str, str]) -> None:
    """Create a catalog file from song rows (Song fields) and meta, atomically.

    Used by the offline builder and by tests; the app itself never writes a catalog.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = SqliteDatabase(str(tmp))
    database.initialize(db)
    db.connect()
    try:
        db.create_tables(TABLES)
        with db.atomic():
            for i in range(0, len(rows), 500):
                Song.insert_many(rows[i:i + 500]).execute()
            CatalogMeta.insert_many([{"key": k, "value": v} for k, v in meta.items()]).execute()
        db.execute_sql("VACUUM")
    finally:
        db.close()
    tmp.replace(path)


class Catalog:
    """All songs, loaded into memory.  ``vectors[i]`` belongs to ``songs[i]``."""

    def __init__(self, songs: list[SongInfo], vectors: np.ndarray, meta: dict[str, str]) -> None:
        self.songs = songs
        self.vectors = vectors
        self.meta = meta
        self.index = {s.key: i for i, s in enumerate(songs)}

    def __len__(self) -> int:
        return len(self.songs)

    @property
    def version(self) -> str:
        return self.meta.get("catalog_version", "unknown")

    @property
    def model_version(self) -> str:
        return self.meta.get("model_version", "unknown")

    def genre_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.songs:
            for g in s.genres:
                counts[g] = counts.get(g, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def year_range(self) -> tuple[int, int]:
        years = [s.year for s in self.songs if s.year]
        return (min(years), max(years)) if years else (0, 0)

    @classmethod
    def open(cls, path: Path | str | None = None) -> Catalog:
        path = Path(path) if path else paths.catalog_path()
        if not path.is_file():
            raise CatalogError(f"The song catalog is missing: {path}")
        db = SqliteDatabase(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
        database.initialize(db)
        try:
            db.connect(reuse_if_open=True)
            meta = {m.key: m.value for m in CatalogMeta.select()}
            if meta.get("schema_version") != SCHEMA_VERSION:
                raise CatalogError(
                    f"The song catalog {path} has schema {meta.get('schema_version')!r}; "
                    f"this Moodtune reads schema {SCHEMA_VERSION}.")
            if meta.get("labels") != ",".join(LABELS):
                raise CatalogError(f"The song catalog {path} uses different emotion labels.")
            rows = list(Song.select().order_by(Song.id).tuples())
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise CatalogError(f"The song catalog is damaged or not a Moodtune catalog: {path} ({exc})") from exc
        finally:
            db.close()
        if not rows:
            raise CatalogError(f"The song catalog {path} has no songs.")
        names = [f.name for f in Song._meta.sorted_fields]
        col = {n: i for i, n in enumerate(names)}
        songs = [
            SongInfo(key=r[col["song_key"]], title=r[col["title"]], artist=r[col["artist"]],
                     album=r[col["album"]], year=r[col["year"]], genre=r[col["genre"]],
                     melon_id=r[col["melon_id"]], dominant=r[col["dominant"]])
            for r in rows
        ]
        vectors = np.array([[r[col[c]] for c in PROB_COLUMNS] for r in rows], dtype=np.float32)
        if not np.all(np.isfinite(vectors)) or np.abs(vectors.sum(1) - 1).max() > 1e-3:
            raise CatalogError(f"The song catalog {path} has invalid emotion vectors.")
        return cls(songs, vectors, meta)
