"""The song catalog (``catalog.db``): schema, opening it safely, loading it into arrays.

Why arrays: ranking is a handful of numpy operations over every song, so the
catalog is read once at start-up into a (n, 7) emotion matrix, a (n, d) topic matrix
and metadata, and never queried row by row afterwards.  The file is opened read-only
and immutable, so an install folder without write permission works and no ``-wal``
files appear in it.  No lyrics are stored: only metadata and numbers derived from them
(a song's topic vector is an int8 e5 embedding with one scale per song).

The schema is declared once with peewee (used by the offline builder and tests); the
app reads it with plain sqlite3 + numpy, which starts three times faster.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from peewee import (
    BlobField,
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

SCHEMA_VERSION = "2"
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
    topic = BlobField(null=True)  # int8 x topic_dim: the song's centred, unit topic vector / topic_scale
    topic_scale = FloatField(null=True)
    topic_bias = FloatField(null=True)  # CSLS hub correction: mean cosine to the song's 20 nearest reference texts
    hub_penalty = FloatField(default=0.0)  # score held back so one song cannot sit in every list

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
    def link(self) -> str:
        """The song's Melon page, or a Melon search for title + artist when its ID is unknown."""
        return self.melon_url or melon_search_url(self.title, self.artist)

    @property
    def genres(self) -> list[str]:
        return split_genres(self.genre)


def melon_url(melon_id: int) -> str:
    return f"https://www.melon.com/song/detail.htm?songId={melon_id}"


def melon_search_url(title: str, artist: str) -> str:
    from urllib.parse import quote

    return "https://www.melon.com/search/total/index.htm?q=" + quote(f"{title} {artist}")


# Melon's sub-genres folded into the short list a filter offers; "-" (no genre) is dropped.
GENRE_GROUPS = {
    "국내드라마": "OST", "국내영화": "OST", "애니메이션/웹툰": "OST", "만화": "OST", "게임": "OST",
    "국내뮤지컬": "OST", "CCM": "CCM", "국내CCM": "CCM", "워십": "CCM", "찬송가": "CCM",
    "J-POP": "해외/기타", "재즈": "해외/기타", "키즈": "해외/기타", "일렉트로니카": "일렉트로니카",
}


def split_genres(genre: str) -> list[str]:
    """Melon genre strings read like "발라드, 국내드라마": the song's genres in the short list
    (["발라드", "OST"]), without duplicates or "-"."""
    return list(_split_genres(genre))


@functools.lru_cache(maxsize=4096)
def _split_genres(genre: str) -> tuple[str, ...]:
    # ~600 distinct strings over 8,900 songs: cached, the start-up's genre passes cost ~1 ms, not ~30
    out: list[str] = []
    for g in genre.split(","):
        g = GENRE_GROUPS.get(g.strip(), g.strip())
        if g and g != "-" and g not in out:
            out.append(g)
    return tuple(out)


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
    """All songs, loaded into memory.  ``vectors[i]`` and ``topics[i]`` belong to ``songs[i]``."""

    def __init__(self, songs: list[SongInfo], vectors: np.ndarray, meta: dict[str, str],
                 topics: np.ndarray | None = None, topic_bias: np.ndarray | None = None) -> None:
        self.songs = songs
        self.vectors = vectors
        self.topics = topics
        self.topic_bias = topic_bias
        self.hub_penalty = np.zeros(len(songs), dtype=np.float32)
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

    def topic_calibration(self) -> dict:
        """How the ranking turns the topic cosine into a 0-1 fit (written by the builder)."""
        try:
            return json.loads(self.meta.get("topic_calibration", "{}"))
        except ValueError:
            return {}

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
        # as_uri() percent-escapes '#', '?' and '%', so any folder name works in SQLite's URI form.
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        cols = ", ".join(("song_key", "title", "artist", "album", "year", "genre", "melon_id", "dominant",
                          *PROB_COLUMNS))
        try:
            con = sqlite3.connect(uri, uri=True)
            try:
                meta = {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta")}
                if meta.get("schema_version") != SCHEMA_VERSION:
                    raise CatalogError(
                        f"The song catalog {path} has schema {meta.get('schema_version')!r}; "
                        f"this Moodtune reads schema {SCHEMA_VERSION}.")
                if meta.get("labels") != ",".join(LABELS):
                    raise CatalogError(f"The song catalog {path} uses different emotion labels.")
                rows = con.execute(f"SELECT {cols} FROM songs ORDER BY id").fetchall()
                extra = con.execute(
                    "SELECT topic, topic_scale, topic_bias, hub_penalty FROM songs ORDER BY id").fetchall()
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise CatalogError(f"The song catalog is damaged or not a Moodtune catalog: {path} ({exc})") from exc
        if not rows:
            raise CatalogError(f"The song catalog {path} has no songs.")
        topic_rows = [r[:3] for r in extra]
        penalty = np.array([r[3] or 0.0 for r in extra], dtype=np.float32)
        songs = [SongInfo(key=r[0], title=r[1], artist=r[2], album=r[3], year=r[4], genre=r[5], melon_id=r[6],
                          dominant=r[7]) for r in rows]
        vectors = np.array([r[8:] for r in rows], dtype=np.float32)
        if not np.all(np.isfinite(vectors)) or np.abs(vectors.sum(1) - 1).max() > 1e-3:
            raise CatalogError(f"The song catalog {path} has invalid emotion vectors.")
        if not np.all(np.isfinite(penalty)):
            raise CatalogError(f"The song catalog {path} has invalid numbers.")
        catalog = cls(songs, vectors, meta, *_topic_matrix(topic_rows, meta, path))
        catalog.hub_penalty = penalty
        return catalog


def _topic_matrix(rows: list[tuple], meta: dict[str, str], path: Path
                  ) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(n, d) float32 from the int8 blobs and the per-song bias, or Nones for a catalog without topics."""
    if all(blob is None for blob, _, _ in rows):
        return None, None
    try:
        dim = int(meta["topic_dim"])
        q = np.frombuffer(b"".join(blob for blob, _, _ in rows), dtype=np.int8).reshape(len(rows), dim)
        scale = np.array([s for _, s, _ in rows], dtype=np.float32)
        bias = np.array([b or 0.0 for _, _, b in rows], dtype=np.float32)
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"The song catalog {path} has damaged topic vectors ({exc}).") from exc
    topics = q.astype(np.float32) * scale[:, None]
    if not (np.all(np.isfinite(topics)) and np.all(np.isfinite(bias))):
        raise CatalogError(f"The song catalog {path} has damaged topic vectors.")
    return topics, bias


def quantise_topics(vectors: np.ndarray) -> tuple[list[bytes], list[float]]:
    """int8 with one scale per song (what ``_topic_matrix`` reads back)."""
    scale = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    q = np.clip(np.round(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return [row.tobytes() for row in q], scale.astype(float).tolist()
