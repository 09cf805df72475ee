"""The song catalog (``catalog.db``): schema, opening it safely, loading it into arrays.

Why arrays: ranking is a handful of numpy operations over every song, so the
catalog is read once at start-up into a (n, 7) emotion matrix, a (n, d) topic matrix
and metadata, and never queried row by row afterwards.  The numbers are stored that way
too (schema 3): one packed blob per per-song array in ``song_arrays``, read with
``np.frombuffer``.  Schema 2 kept them in 20 columns of ``songs``; turning every SQLite value
into a Python object and back into arrays was a large share of the cold start.
The file is opened read-only and immutable, so an install folder without write permission
works and no ``-wal`` files appear in it.  No lyrics are stored: only metadata and numbers
derived from them (a song's topic vector is an int8 e5 embedding with one scale per song).

The schema is declared once with peewee (used by the offline builder and tests); the
app reads it with plain sqlite3 + numpy, which starts three times faster.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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

from desktop.core import paths
from desktop.core.errors import CatalogError
from desktop.core.labels import ENGLISH, LABELS
from desktop.core.safe_text import UNSAFE, display_text
from desktop.library.links import MAX_MELON_ID, SongRef, melon_id_of, melon_url
from desktop.library.quantise import quantise_rows

SCHEMA_VERSION = "3"
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

    class Meta:
        table_name = "songs"


class SongArray(_Base):
    """One per-song array, rows in song-id order, as packed little-endian bytes (the ``*_ARRAY(S)`` below)."""

    name = TextField(primary_key=True)
    dtype = TextField()  # numpy dtype string
    cols = IntegerField()  # values per song (1 for a scalar)
    data = BlobField()

    class Meta:
        table_name = "song_arrays"


class CatalogMeta(_Base):
    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "meta"


# The per-song numbers and the row keys ``write_catalog`` takes them from.  "emotion" is the
# 7-vector (LABELS order); "topic" the song's centred, unit topic vector as int8 / topic_scale;
# "topic_bias" the CSLS hub correction (mean cosine to the song's 20 nearest reference texts);
# "hub_penalty" the score held back so one song cannot sit in every list.
EMOTION_ARRAY = ("emotion", "<f4")
TOPIC_ARRAYS = (("topic", "|i1"), ("topic_scale", "<f4"), ("topic_bias", "<f4"))
PENALTY_ARRAY = ("hub_penalty", "<f4")
# Optional (a catalog without them ranks by emotion and topic alone): what each song is about, as a
# weight 0-100 per situation (``desktop.library.situations`` order, named in the meta's "situations"), its
# tone (valence -1..1) and how familiar it is to listeners (0-1, from its chart months and best rank).
SITUATION_ARRAY = ("situation", "|u1")
VALENCE_ARRAY = ("valence", "<f4")
FAMILIARITY_ARRAY = ("familiarity", "<f4")
# Optional: the topic bridge, a small affine map from what the app's analysis of a user's own song gives
# (the mean of the shipped model's centred e5 query vectors of its passages) to this catalog's topic
# space (raw e5 passage vectors): rows [0, r) are A and [r, 2r) are B (r x d each), the last row b; a
# vector x goes to unit(x + (A x) B + b).  Fitted by ``training/fit_topic_bridge.py``; applied by
# ``desktop.engine.topic_bridge``.
TOPIC_BRIDGE_ARRAY = ("topic_bridge", "<f2")
# Optional: the scenario layer (``training/add_scenarios.py``): everyday moments with a perspective and a
# tone ("a friend's wedding, as a guest"), each with the centroid of its example messages as the shipped
# model reads them (``scenario_centroid``: centred as the topic fit centres a text, unit length; only
# centroids are stored, 1/8 of the examples' bytes, because only they are compared with a text) and the
# songs curators picked for it (``scenario_pick``: rows of (scenario, catalog row), each scenario's best
# first, scenarios ascending); their names in both UI languages are the meta's "scenarios" (a JSON list
# of [ko, en]).
SCENARIO_ARRAYS = {"scenario_centroid": "<f2", "scenario_pick": "<i4"}
MAX_SCENARIOS = 5_000
MAX_SCENARIO_NAME = 80  # characters of a scenario's name in one language
MAX_SCENARIO_PICKS = 100  # songs picked for one scenario (curators pick 10-15)
MAX_PROTOTYPES = 10_000  # example texts per catalog (a bound on what a damaged file can make us allocate)
MAX_MESSAGES = 500_000  # listener messages per catalog (the same kind of bound)


class TextArray(_Base):
    """Arrays about texts rather than songs: the example messages of each situation as the shipped
    model reads them (``prototype``, unit query vectors) and which situation each one is for
    (``prototype_situation``); optionally the listener messages written for songs (``message``:
    centred unit query vectors as int8 / ``message_scale``, and ``message_song``: the catalog row
    each is for, ascending).  Written by ``training/add_situations.py``."""

    name = TextField(primary_key=True)
    dtype = TextField()
    rows = IntegerField()
    cols = IntegerField()
    data = BlobField()

    class Meta:
        table_name = "text_arrays"


TABLES = (Song, SongArray, CatalogMeta, TextArray)


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
        """The song's Melon page; None without an ID, or with one that is not a positive integer (a
        SongInfo made outside ``Catalog.open``, which refuses those): never a URL built from raw text."""
        melon_id = melon_id_of(self.melon_id)
        return melon_url(melon_id) if melon_id is not None else None

    @property
    def ref(self) -> SongRef:
        """What a link to the song is built from (``desktop.library.links``)."""
        return SongRef(self.title, self.artist, melon_id_of(self.melon_id))

    @property
    def genres(self) -> list[str]:
        return split_genres(self.genre)


SONG_COLUMNS = ("song_key", "title", "artist", "album", "year", "genre", "melon_id", "dominant")  # SongInfo's order


class SongList(Sequence[SongInfo]):
    """The catalog's songs as columns; a ``SongInfo`` is made when one is asked for.

    Why: making a frozen dataclass per song at start-up was a visible share of it, and a
    ranking shows ten.  The ranking's own per-song arrays are built from the columns.
    """

    __slots__ = ("keys", "titles", "artists", "albums", "years", "genres", "melon_ids", "dominants")
    # the columns, one per ``SongInfo`` field, set from the rows in ``__init__``
    keys: tuple[str, ...]
    titles: tuple[str, ...]
    artists: tuple[str, ...]
    albums: tuple[str, ...]
    years: tuple[int | None, ...]
    genres: tuple[str, ...]
    melon_ids: tuple[int | None, ...]
    dominants: tuple[str, ...]

    def __init__(self, rows: Iterable[tuple]) -> None:
        columns = tuple(zip(*rows)) or ((),) * len(self.__slots__)
        for name, column in zip(self.__slots__, columns):
            setattr(self, name, column)

    @classmethod
    def of(cls, songs: Iterable[SongInfo]) -> SongList:
        if isinstance(songs, SongList):
            return songs
        return cls((s.key, s.title, s.artist, s.album, s.year, s.genre, s.melon_id, s.dominant) for s in songs)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i):  # int -> SongInfo, slice -> list[SongInfo]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return SongInfo(
            self.keys[i],
            self.titles[i],
            self.artists[i],
            self.albums[i],
            self.years[i],
            self.genres[i],
            self.melon_ids[i],
            self.dominants[i],
        )

    def __iter__(self) -> Iterator[SongInfo]:
        return map(
            SongInfo,
            self.keys,
            self.titles,
            self.artists,
            self.albums,
            self.years,
            self.genres,
            self.melon_ids,
            self.dominants,
        )


# Melon's sub-genres folded into the short list a filter offers; "-" (no genre) is dropped.
GENRE_GROUPS = {
    "국내드라마": "OST",
    "국내영화": "OST",
    "애니메이션/웹툰": "OST",
    "만화": "OST",
    "게임": "OST",
    "국내뮤지컬": "OST",
    "CCM": "CCM",
    "국내CCM": "CCM",
    "워십": "CCM",
    "찬송가": "CCM",
    "J-POP": "해외/기타",
    "재즈": "해외/기타",
    "키즈": "해외/기타",
    "일렉트로니카": "일렉트로니카",
}


def split_genres(genre: str) -> list[str]:
    """Melon genre strings read like "발라드, 국내드라마": the song's genres in the short list
    (["발라드", "OST"]), without duplicates or "-"."""
    return list(_split_genres(genre))


@functools.lru_cache(maxsize=4096)
def _split_genres(genre: str) -> tuple[str, ...]:
    # far fewer distinct strings than songs: cached, the start-up's genre passes split each once
    out: list[str] = []
    for g in genre.split(","):
        g = GENRE_GROUPS.get(g.strip(), g.strip())
        if g and g != "-" and g not in out:
            out.append(g)
    return tuple(out)


def write_catalog(path: Path, rows: list[dict], meta: dict[str, str]) -> None:
    """Create a catalog file from song rows and meta, atomically.

    A row holds the ``Song`` fields and its numbers: the 7-vector under ``PROB_COLUMNS``, and
    where the catalog has topic vectors ``topic`` (int8 bytes),
    ``topic_scale`` and ``topic_bias``; ``hub_penalty`` defaults to 0.  Used by the offline
    builder and by tests; the app itself never writes a catalog.
    """
    path = Path(path)
    fields = [f.name for f in Song._meta.sorted_fields if f.name != "id"]
    arrays = {EMOTION_ARRAY: np.array([[r[c] for c in PROB_COLUMNS] for r in rows], dtype=np.float32)}
    arrays[PENALTY_ARRAY] = np.array([r.get("hub_penalty", 0.0) for r in rows], dtype=np.float32)
    with_topics = [r.get("topic") is not None for r in rows]
    if any(with_topics):
        if not all(with_topics):
            raise ValueError("either every song has a topic vector or none has")
        arrays[TOPIC_ARRAYS[0]] = np.frombuffer(b"".join(r["topic"] for r in rows), dtype=np.int8).reshape(
            len(rows), -1
        )
        arrays[TOPIC_ARRAYS[1]] = np.array([r["topic_scale"] for r in rows], dtype=np.float32)
        arrays[TOPIC_ARRAYS[2]] = np.array([r.get("topic_bias") or 0.0 for r in rows], dtype=np.float32)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = SqliteDatabase(str(tmp))
    database.initialize(db)
    db.connect()
    try:
        db.create_tables(TABLES)
        with db.atomic():
            for i in range(0, len(rows), 500):
                Song.insert_many([{k: r.get(k) for k in fields if k in r} for r in rows[i : i + 500]]).execute()
            SongArray.insert_many(
                [
                    {
                        "name": name,
                        "dtype": dtype,
                        "cols": 1 if a.ndim == 1 else a.shape[1],
                        "data": np.ascontiguousarray(a, dtype=dtype).tobytes(),
                    }
                    for (name, dtype), a in arrays.items()
                ]
            ).execute()
            CatalogMeta.insert_many([{"key": k, "value": v} for k, v in meta.items()]).execute()
        db.execute_sql("VACUUM")
    finally:
        db.close()
    tmp.replace(path)


def write_situations(
    path: Path,
    situation: np.ndarray,
    valence: np.ndarray,
    familiarity: np.ndarray,
    prototypes: np.ndarray,
    prototype_situation: np.ndarray,
    codes: Sequence[str],
    hub_penalty: np.ndarray | None = None,
    messages: np.ndarray | None = None,
    message_song: np.ndarray | None = None,
) -> None:
    """Add (or replace) the situation layer of an existing catalog file, atomically (a copy is
    changed, then moved over the original).  ``situation`` is (n, len(codes)) in 0-1;
    ``hub_penalty`` replaces the songs' hub penalties (measured with the layer in place);
    ``messages`` (k, d) are the centred unit vectors of listener messages and ``message_song`` (k,)
    the row of the song each was written for, ascending."""
    import shutil

    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    shutil.copyfile(path, tmp)
    con = sqlite3.connect(tmp)
    try:
        n = con.execute("SELECT COUNT(*) FROM songs").fetchone()[0]
        if situation.shape != (n, len(codes)) or valence.shape != (n,) or familiarity.shape != (n,):
            raise ValueError(f"situation arrays do not fit the catalog's {n} songs")
        con.execute(
            "CREATE TABLE IF NOT EXISTS text_arrays (name TEXT PRIMARY KEY, dtype TEXT NOT NULL, "
            "rows INTEGER NOT NULL, cols INTEGER NOT NULL, data BLOB NOT NULL)"
        )
        weights = np.clip(np.round(np.asarray(situation, dtype=np.float64) * 100), 0, 100).astype(np.uint8)
        arrays = [(SITUATION_ARRAY, weights), (VALENCE_ARRAY, valence), (FAMILIARITY_ARRAY, familiarity)]
        if hub_penalty is not None:
            if hub_penalty.shape != (n,):
                raise ValueError(f"hub penalties do not fit the catalog's {n} songs")
            arrays.append((PENALTY_ARRAY, hub_penalty))
        for (name, dtype), a in arrays:
            con.execute(
                "INSERT OR REPLACE INTO song_arrays (name, dtype, cols, data) VALUES (?, ?, ?, ?)",
                (name, dtype, 1 if a.ndim == 1 else a.shape[1], np.ascontiguousarray(a, dtype=dtype).tobytes()),
            )
        texts = [
            ("prototype", "<f2", np.asarray(prototypes, dtype=np.float16)),
            ("prototype_situation", "<i2", np.asarray(prototype_situation).reshape(-1, 1)),
        ]
        con.execute("DELETE FROM text_arrays WHERE name LIKE 'message%'")
        if messages is not None and message_song is not None:
            owner = np.asarray(message_song, dtype=np.int64)
            if (
                len(owner) != len(messages)
                or owner.min(initial=0) < 0
                or owner.max(initial=0) >= n
                or np.any(np.diff(owner) < 0)
            ):
                raise ValueError("message_song must give an ascending catalog row per message")
            m = np.asarray(messages, dtype=np.float32)
            q8, scale = quantise_rows(m)
            scale = scale.astype(np.float32)
            texts += [
                ("message", "|i1", q8),
                ("message_scale", "<f4", scale.reshape(-1, 1)),
                ("message_song", "<i4", owner.reshape(-1, 1)),
            ]
        for name, dtype, a in texts:
            con.execute(
                "INSERT OR REPLACE INTO text_arrays (name, dtype, rows, cols, data) VALUES (?, ?, ?, ?, ?)",
                (name, dtype, a.shape[0], a.shape[1], np.ascontiguousarray(a, dtype=dtype).tobytes()),
            )
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('situations', ?)", (",".join(codes),))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(path)


@dataclass(frozen=True)
class SituationLayer:
    """What songs and texts are about, in the shared situations (see ``desktop.library.situations``)."""

    weights: np.ndarray  # (n, S) float32 0-1: how much each song is about each situation
    valence: np.ndarray  # (n,) float32 -1..1: the song's tone
    familiarity: np.ndarray  # (n,) float32 0-1
    prototypes: np.ndarray  # (k, d) float32 unit query vectors of the example texts
    prototype_situation: np.ndarray  # (k,) int: the situation of each example
    messages: np.ndarray | None = None  # (m, d) float32 centred unit vectors of listener messages
    message_song: np.ndarray | None = None  # (m,) int: the catalog row each message is for, ascending


@dataclass(frozen=True)
class ScenarioLayer:
    """Everyday moments and the songs curators picked for each (see ``SCENARIO_ARRAYS``)."""

    centroids: np.ndarray  # (s, d) float32: each scenario's example messages, centred, averaged, unit length
    pick_scenario: np.ndarray  # (p,) int, ascending: the scenario of each pick
    pick_row: np.ndarray  # (p,) int: the catalog row of each pick, each scenario's best first
    names: tuple[tuple[str, str], ...]  # per scenario: its name in Korean and in English

    @property
    def pick_rank(self) -> np.ndarray:
        """(p,) int: each pick's place in its scenario's list, 0 for the best."""
        starts = np.flatnonzero(np.r_[True, self.pick_scenario[1:] != self.pick_scenario[:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, len(self.pick_scenario)]))
        return np.arange(len(self.pick_scenario)) - first


class Catalog:
    """All songs, loaded into memory.  ``vectors[i]`` and ``topics[i]`` belong to ``songs[i]``."""

    def __init__(
        self,
        songs: Sequence[SongInfo],
        vectors: np.ndarray,
        meta: dict[str, str],
        topics: np.ndarray | None = None,
        topic_bias: np.ndarray | None = None,
    ) -> None:
        self.songs = SongList.of(songs)
        self.vectors = vectors
        self.topics = topics
        self.topic_bias = topic_bias
        self.hub_penalty = np.zeros(len(self.songs), dtype=np.float32)
        self.situations: SituationLayer | None = None
        self.topic_bridge: np.ndarray | None = None  # (2r + 1, d) float32, see TOPIC_BRIDGE_ARRAY
        self.scenarios: ScenarioLayer | None = None
        self.meta = meta
        self.index = {k: i for i, k in enumerate(self.songs.keys)}

    def __len__(self) -> int:
        return len(self.songs)

    @property
    def version(self) -> str:
        return self.meta.get("catalog_version", "unknown")

    @property
    def model_version(self) -> str:
        return self.meta.get("model_version", "unknown")

    def topic_calibration(self) -> dict:
        """How the ranking turns the topic cosine into a 0-1 fit (written by the builder); checked
        (``parse_calibration``), and empty when damaged or when the catalog has no topic vectors."""
        if self.topics is None:
            return {}
        try:
            return parse_calibration(self.meta.get("topic_calibration"), self.topics.shape[1], "")
        except CatalogError:
            return {}

    def genre_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for genre, n in Counter(self.songs.genres).items():  # ~600 distinct strings, not 8,900 songs
            for g in _split_genres(genre):
                counts[g] = counts.get(g, 0) + n
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def year_range(self) -> tuple[int, int]:
        years = [y for y in self.songs.years if y]
        return (min(years), max(years)) if years else (0, 0)

    @classmethod
    def open(cls, path: Path | str | None = None) -> Catalog:
        """Load and check a catalog file.  The file is untrusted input (anyone can edit it): every
        column and array is checked against the schema, text is cleaned for display, and the work
        and memory one open may cost are bounded, so a damaged or hostile file gives one
        "damaged" CatalogError instead of a traceback, a hang or a silently wrong list."""
        path = Path(path) if path else paths.catalog_path()
        if not path.is_file():
            raise CatalogError(f"The song catalog is missing: {path}")
        # as_uri() percent-escapes '#', '?' and '%', so any folder name works in SQLite's URI form.
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        budget = _WorkBudget()
        try:
            con = sqlite3.connect(uri, uri=True)
            try:
                con.set_progress_handler(budget, _WorkBudget.EVERY)
                meta, songs, stored, text_stored = _read_catalog(con, path)
            finally:
                con.close()
        except sqlite3.Error as exc:
            if budget.exceeded:
                raise _damaged(path, "reading it takes far more work than a catalog needs") from exc
            raise CatalogError(f"The song catalog is damaged or not a Moodtune catalog: {path} ({exc})") from exc
        except (TypeError, ValueError, OverflowError) as exc:  # a value of the wrong type where a number belongs
            raise _damaged(path, f"a value of the wrong type: {exc}") from exc

        def array(spec: tuple[str, str], cols: int | None = None, copy: bool = True) -> np.ndarray:
            """A stored array, checked against what this schema says it is; ``copy=False`` gives a
            read-only view of the stored bytes, for an array that is only converted further."""
            name, dtype = spec
            if name not in stored:
                raise CatalogError(f"The song catalog {path} lacks its {name} numbers.")
            kind, width, data = stored[name]
            if (
                kind != dtype
                or width < 1
                or (cols is not None and width != cols)
                or len(data) != len(songs) * width * np.dtype(dtype).itemsize
            ):
                raise CatalogError(f"The song catalog {path} has damaged {name} numbers.")
            a = np.frombuffer(data, dtype=dtype).reshape(len(songs), width).astype(dtype[1:], copy=copy)
            return a if width > 1 else a[:, 0]

        vectors = array(EMOTION_ARRAY, len(LABELS))
        if not np.all(np.isfinite(vectors)) or vectors.min() < 0 or np.abs(vectors.sum(1) - 1).max() > 1e-3:
            raise CatalogError(f"The song catalog {path} has invalid emotion vectors.")
        penalty = array(PENALTY_ARRAY, 1)
        topics = bias = None
        if TOPIC_ARRAYS[0][0] in stored:
            q, scale, bias = (
                array(TOPIC_ARRAYS[0], copy=False),
                array(TOPIC_ARRAYS[1], 1, copy=False),
                array(TOPIC_ARRAYS[2], 1),
            )
            if meta.get("topic_dim") != str(q.shape[1]):
                raise CatalogError(f"The song catalog {path} has damaged topic vectors.")
            topics = q.astype(np.float32)
            topics *= scale[:, None]
        if not all(a is None or np.all(np.isfinite(a)) for a in (penalty, topics, bias)):
            raise CatalogError(f"The song catalog {path} has invalid numbers.")
        if topics is not None:
            parse_calibration(meta.get("topic_calibration"), topics.shape[1], path)  # raises when damaged
        catalog = cls(songs, vectors, meta, topics, bias)
        catalog.hub_penalty = penalty
        if SITUATION_ARRAY[0] in stored:
            catalog.situations = cls._situation_layer(path, meta, array, text_stored, topics)
        if TOPIC_BRIDGE_ARRAY[0] in text_stored:
            catalog.topic_bridge = _topic_bridge(path, text_stored[TOPIC_BRIDGE_ARRAY[0]], topics)
        parts = [name in text_stored for name in SCENARIO_ARRAYS] + ["scenarios" in meta]
        if any(parts):  # a part of the layer without the rest is damage, not "no layer"
            if not all(parts) or catalog.situations is None or topics is None:
                raise _damaged(path, "its scenario layer is incomplete")
            catalog.scenarios = _scenario_layer(path, meta, text_stored, topics, len(songs))
        return catalog

    @staticmethod
    def _situation_layer(
        path: Path, meta: dict[str, str], array, text_stored: dict, topics: np.ndarray | None
    ) -> SituationLayer:
        """The optional situation arrays, checked: every number in range and the situations the
        ones this version declares (a catalog built for other situations is refused, not misread)."""
        from desktop.library.situations import CODES

        damaged = CatalogError(f"The song catalog {path} has damaged situation numbers.")
        if meta.get("situations") != ",".join(CODES) or topics is None:
            raise damaged
        weights = array(SITUATION_ARRAY, len(CODES))
        valence, familiarity = array(VALENCE_ARRAY, 1), array(FAMILIARITY_ARRAY, 1)
        finite = np.all(np.isfinite(valence)) and np.all(np.isfinite(familiarity))
        if (
            weights.max(initial=0) > 100
            or not finite
            or np.abs(valence).max(initial=0) > 1
            or familiarity.min(initial=0) < 0
            or familiarity.max(initial=0) > 1
        ):
            raise damaged

        def text_array(name: str, dtype: str, cols: int, limit: int = MAX_PROTOTYPES) -> np.ndarray:
            if name not in text_stored:
                raise damaged
            kind, rows, width, data = text_stored[name]
            if (
                kind != dtype
                or width != cols
                or not 0 < rows <= limit
                or len(data) != rows * cols * np.dtype(dtype).itemsize
            ):
                raise damaged
            return np.frombuffer(data, dtype=dtype).reshape(rows, cols).astype(dtype[1:])

        protos = text_array("prototype", "<f2", topics.shape[1]).astype(np.float32)
        owner = text_array("prototype_situation", "<i2", 1)[:, 0].astype(np.int64)
        if (
            len(owner) != len(protos)
            or owner.min() < 0
            or owner.max() >= len(CODES)
            or not np.all(np.isfinite(protos))
            or np.abs(np.linalg.norm(protos, axis=1) - 1).max() > 1e-3
        ):
            raise damaged
        messages = message_song = None
        if "message" in text_stored:
            q8 = text_array("message", "|i1", topics.shape[1], MAX_MESSAGES).astype(np.float32)
            scale = text_array("message_scale", "<f4", 1, MAX_MESSAGES)[:, 0]
            message_song = text_array("message_song", "<i4", 1, MAX_MESSAGES)[:, 0].astype(np.int64)
            n = len(weights)
            if (
                not (len(q8) == len(scale) == len(message_song))
                or not np.all(np.isfinite(scale))
                or scale.min() <= 0
                or message_song.min() < 0
                or message_song.max() >= n
                or np.any(np.diff(message_song) < 0)
            ):
                raise damaged
            messages = q8 * scale[:, None]
            if np.abs(np.linalg.norm(messages, axis=1) - 1).max() > 0.02:  # int8 keeps unit length to ~0.5 %
                raise damaged
        return SituationLayer(
            weights.astype(np.float32) / 100, valence, familiarity, protos, owner, messages, message_song
        )


# Bounds on what one catalog may make us read or allocate.  The shipped one: 8,891 songs, 384-wide
# topics, 21 meta rows of at most ~5 kB, song text of at most 125 characters.
MAX_SONGS = 1_000_000
MAX_ARRAY_COLS = 4_096
MAX_TEXT = 2_000  # characters of a key, title, artist, album or genre
MAX_META_ROWS = 1_000
MAX_META_VALUE = 1 << 20  # characters
MAX_ARRAYS = 100  # rows of song_arrays / text_arrays
YEARS = (1900, 2100)
_SONG_ARRAYS = {
    spec[0]: spec[1]
    for spec in (EMOTION_ARRAY, *TOPIC_ARRAYS, PENALTY_ARRAY, SITUATION_ARRAY, VALENCE_ARRAY, FAMILIARITY_ARRAY)
}
_TEXT_ARRAYS = {
    "prototype": "<f2",  # unit vectors, only averaged into centroids: half precision is plenty
    "prototype_situation": "<i2",
    "message": "|i1",
    "message_scale": "<f4",
    "message_song": "<i4",
    TOPIC_BRIDGE_ARRAY[0]: TOPIC_BRIDGE_ARRAY[1],
    **SCENARIO_ARRAYS,
}


def _scenario_layer(path: Path, meta: dict[str, str], stored: dict, topics: np.ndarray, n: int) -> ScenarioLayer:
    """The optional scenario layer, checked: one centroid per named scenario (names plain text, in both
    languages), as wide as the topic vectors and of unit length, picks that point at real songs,
    scenarios ascending, one pick of a song per scenario.  Anything else is refused: a layer
    that does not fit would bring the wrong songs up without a sign."""

    def text_array(name: str, cols: int, limit: int) -> np.ndarray:
        if name not in stored:
            raise _damaged(path, f"its scenario layer lacks {name}")
        kind, rows, width, data = stored[name]
        dtype = SCENARIO_ARRAYS[name]
        if kind != dtype or width != cols or not 0 < rows <= limit:
            raise _damaged(path, f"its {name} is not rows x {cols} of {dtype}")
        if len(data) != rows * cols * np.dtype(dtype).itemsize:
            raise _damaged(path, f"its {name} has the wrong size")
        return np.frombuffer(data, dtype=dtype).reshape(rows, cols).astype(dtype[1:])

    try:
        raw = json.loads(meta.get("scenarios", ""))
    except (ValueError, RecursionError):  # "[[[[…" nested past the parser's depth
        raw = None
    if (
        not isinstance(raw, list)
        or not 0 < len(raw) <= MAX_SCENARIOS
        or not all(
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(t, str) and 0 < len(t) <= MAX_SCENARIO_NAME for t in pair)
            for pair in raw
        )
    ):
        raise _damaged(path, "its scenario names are not a list of [Korean, English] names")
    names = tuple((display_text(ko).strip(), display_text(en).strip()) for ko, en in raw)
    if not all(ko and en for ko, en in names):  # a name of only controls or marks would show as "‘’"
        raise _damaged(path, "a scenario name is empty once cleaned for display")
    centroids = text_array("scenario_centroid", topics.shape[1], len(names)).astype(np.float32)
    picks = text_array("scenario_pick", 2, len(names) * MAX_SCENARIO_PICKS).astype(np.int64)
    s = len(names)
    if (
        len(centroids) != s
        or not np.all(np.isfinite(centroids))
        or np.abs(np.linalg.norm(centroids, axis=1) - 1).max() > 1e-2
    ):
        raise _damaged(path, "its scenario centroids do not fit its scenarios")
    pick_scenario, pick_row = picks[:, 0], picks[:, 1]
    if (
        pick_scenario.min() < 0
        or pick_scenario.max() >= s
        or np.any(np.diff(pick_scenario) < 0)
        or pick_row.min() < 0
        or pick_row.max() >= n
        or len(np.unique(pick_scenario * n + pick_row)) != len(picks)
    ):
        raise _damaged(path, "its scenario picks do not point at its songs")
    return ScenarioLayer(centroids, pick_scenario, pick_row, names)


def write_scenarios(
    path: Path,
    centroids: np.ndarray,
    picks: np.ndarray,
    names: Sequence[tuple[str, str]],
) -> None:
    """Add or replace the scenario layer of an existing catalog file, atomically (a copy is changed,
    then moved over the original); see ``SCENARIO_ARRAYS`` for what each array holds."""
    import shutil

    path = Path(path)
    picks = np.asarray(picks, dtype=np.int64).reshape(-1, 2)
    if np.any(np.diff(picks[:, 0]) < 0):
        raise ValueError("scenario picks must come in ascending scenario order")
    tmp = path.with_name(path.name + ".tmp")
    shutil.copyfile(path, tmp)
    con = sqlite3.connect(tmp)
    try:
        con.execute("DELETE FROM text_arrays WHERE name LIKE 'scenario%'")
        arrays: list[tuple[str, np.ndarray]] = [
            ("scenario_centroid", np.asarray(centroids, dtype=np.float16)),
            ("scenario_pick", picks),
        ]
        for name, a in arrays:
            dtype = SCENARIO_ARRAYS[name]
            con.execute(
                "INSERT INTO text_arrays (name, dtype, rows, cols, data) VALUES (?, ?, ?, ?, ?)",
                (name, dtype, a.shape[0], a.shape[1], np.ascontiguousarray(a, dtype=dtype).tobytes()),
            )
        con.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('scenarios', ?)",
            (json.dumps([list(pair) for pair in names], ensure_ascii=False),),
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    try:  # what the app would refuse to open is never written over a working catalog
        Catalog.open(tmp)
    except CatalogError as exc:
        tmp.unlink()
        raise ValueError(f"the scenario layer does not pass the catalog's checks: {exc}") from exc
    tmp.replace(path)


def _topic_bridge(path: Path, stored: tuple, topics: np.ndarray | None) -> np.ndarray:
    """The optional topic bridge, checked: half floats, as wide as the topic vectors, an odd number
    of rows (A, B and b) of at most 2 d + 1, every number finite.  Anything else is refused: a bridge
    that does not fit would put every local song in the wrong place without a sign."""
    kind, rows, cols, data = stored
    dtype = TOPIC_BRIDGE_ARRAY[1]
    if topics is None:
        raise _damaged(path, "a topic bridge without topic vectors")
    dim = topics.shape[1]
    if kind != dtype or cols != dim or rows % 2 != 1 or not 1 <= rows <= 2 * dim + 1:
        raise _damaged(path, f"its topic bridge is not (2r + 1) x {dim} half floats")
    if len(data) != rows * cols * np.dtype(dtype).itemsize:
        raise _damaged(path, "its topic bridge has the wrong size")
    bridge = np.frombuffer(data, dtype=dtype).reshape(rows, cols).astype(np.float32)
    if not np.all(np.isfinite(bridge)):
        raise _damaged(path, "its topic bridge has numbers that are not finite")
    return bridge


def write_topic_bridge(path: Path, bridge: np.ndarray | None) -> None:
    """Add, replace or (``None``) remove the topic bridge of an existing catalog file, atomically;
    ``bridge`` is (2r + 1, d) as ``TOPIC_BRIDGE_ARRAY`` describes, stored in half precision."""
    import shutil

    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    shutil.copyfile(path, tmp)
    con = sqlite3.connect(tmp)
    try:
        name, dtype = TOPIC_BRIDGE_ARRAY
        con.execute("DELETE FROM text_arrays WHERE name = ?", (name,))
        if bridge is not None:
            dim = int(dict(con.execute("SELECT key, value FROM meta"))["topic_dim"])
            a = np.asarray(bridge, dtype=np.float32)
            if a.ndim != 2 or a.shape[1] != dim or a.shape[0] % 2 != 1 or a.shape[0] > 2 * dim + 1:
                raise ValueError(f"a topic bridge is (2r + 1) x {dim}, not {a.shape}")
            if not np.all(np.isfinite(a)) or np.abs(a).max(initial=0) > 6e4:
                raise ValueError("a topic bridge has numbers that do not fit half precision")
            con.execute(
                "INSERT INTO text_arrays (name, dtype, rows, cols, data) VALUES (?, ?, ?, ?, ?)",
                (name, dtype, a.shape[0], a.shape[1], np.ascontiguousarray(a, dtype=dtype).tobytes()),
            )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(path)


class _WorkBudget:
    """SQLite progress handler: aborts a read that runs far more VM steps than a catalog needs.

    Why: views are refused, but a table with a crafted ``id`` column still makes ``ORDER BY id`` sort,
    and SQLite's own work must stay bounded whatever the file holds.  Reading the shipped catalog
    (8,891 songs) takes ~1.4 M steps, so a catalog of MAX_SONGS ~160 M; the budget is 400 M."""

    EVERY = 10_000  # VM steps between calls
    LIMIT = 40_000  # calls: 400 M steps

    def __init__(self) -> None:
        self.calls = 0
        self.exceeded = False

    def __call__(self) -> int:
        self.calls += 1
        if self.calls > self.LIMIT:
            self.exceeded = True
            return 1  # non-zero: SQLite interrupts the statement
        return 0


def _damaged(path: Path, what: str) -> CatalogError:
    """The one error for a catalog that is there but cannot be used as it is."""
    return CatalogError(f"The song catalog is damaged: {path} ({what}).")


def _shown(value: object) -> str:
    """A value from the file, short and on one line, for an error message."""
    text = display_text(str(value))
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _read_catalog(con: sqlite3.Connection, path: Path) -> tuple[dict[str, str], SongList, dict, dict]:
    """Meta, songs and the arrays this version uses, each checked for type and size before it is
    read.  Only the arrays named in ``_SONG_ARRAYS`` / ``_TEXT_ARRAYS`` are fetched, and only when
    their stored length is what the song count says: an unused or oversize blob is never loaded."""
    objects = con.execute("SELECT type, name, sql FROM sqlite_master LIMIT 1001").fetchall()
    if len(objects) > 1000:
        raise _damaged(path, "too many schema objects")
    if any(kind in ("view", "trigger") for kind, _, _ in objects):
        # A catalog is plain tables: a view can run forever (a recursive CTE) or make gigabytes.
        raise _damaged(path, "it contains views or triggers, which a song catalog never has")
    if any(str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL") for _, _, sql in objects):
        raise _damaged(path, "it contains virtual tables")
    tables = {name for kind, name, _ in objects if kind == "table"}
    for table in ("meta", "songs", "song_arrays"):
        if table not in tables:
            raise _damaged(path, f"no {table} table")

    rows, longest = con.execute("SELECT count(*), max(max(length(key)), max(length(value))) FROM meta").fetchone()
    if rows > MAX_META_ROWS or (longest or 0) > MAX_META_VALUE:
        raise _damaged(path, "its meta table is far larger than a catalog's")
    meta: dict[str, str] = {}
    for key, value in con.execute("SELECT key, value FROM meta"):
        if not isinstance(key, str) or not isinstance(value, (str, int, float)):
            raise _damaged(path, "a meta value that is not text")
        meta[key] = str(value)
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise CatalogError(
            f"The song catalog {path} has schema {_shown(meta.get('schema_version'))}; "
            f"this Moodtune reads schema {SCHEMA_VERSION}."
        )
    if meta.get("labels") != ",".join(LABELS):
        raise CatalogError(f"The song catalog {path} uses different emotion labels.")
    for key in ("catalog_version", "model_version"):  # shown in the About box and status bar
        if key in meta:
            meta[key] = display_text(meta[key])[:200]

    n = con.execute("SELECT count(*) FROM songs").fetchone()[0]
    if n > MAX_SONGS:
        raise _damaged(path, f"{n:,} songs, more than the {MAX_SONGS:,} a catalog may hold")
    labels = ", ".join(f"'{label}'" for label in LABELS)
    # One pass in SQL: how many values of each column break the schema.
    checks = {
        "song_key": f"typeof(song_key) != 'text' OR length(song_key) NOT BETWEEN 1 AND {MAX_TEXT}",
        "title": f"typeof(title) != 'text' OR length(title) > {MAX_TEXT}",
        "artist": f"typeof(artist) != 'text' OR length(artist) > {MAX_TEXT}",
        "album": f"typeof(album) NOT IN ('text', 'null') OR length(album) > {MAX_TEXT}",
        "genre": f"typeof(genre) NOT IN ('text', 'null') OR length(genre) > {MAX_TEXT}",
        "year": f"typeof(year) NOT IN ('integer', 'null') OR year NOT BETWEEN {YEARS[0]} AND {YEARS[1]}",
        "melon_id": f"typeof(melon_id) NOT IN ('integer', 'null') OR melon_id NOT BETWEEN 1 AND {MAX_MELON_ID}",
        "dominant": f"typeof(dominant) != 'text' OR dominant NOT IN ({labels})",
    }
    bad = con.execute(
        "SELECT " + ", ".join(f"coalesce(sum(({c}) IS 1), 0)" for c in checks.values()) + " FROM songs"
    ).fetchone()
    for column, count in zip(checks, bad):
        if count:
            raise _damaged(path, f"{count:,} songs with an invalid {column}")
    # NULL album / genre mean "none" (the schema's default ""); every other column was checked above.
    songs = SongList(
        con.execute(
            "SELECT song_key, title, artist, coalesce(album, ''), year, coalesce(genre, ''), "
            "melon_id, dominant FROM songs ORDER BY id"
        )
    )
    if not len(songs):
        raise CatalogError(f"The song catalog {path} has no songs.")
    keys = songs.keys
    if len(set(keys)) != len(keys):
        raise _damaged(path, "two songs share one key")
    joined = "".join(keys)
    if UNSAFE.search(joined) or (not joined.isascii() and any(k.isdigit() and not k.isascii() for k in keys)):
        raise _damaged(path, "a song key with control characters or non-ASCII digits")
    for column in ("titles", "artists", "albums", "genres"):
        values = getattr(songs, column)
        if UNSAFE.search("".join(values)):  # one regex pass; the shipped catalog has none
            setattr(songs, column, tuple(display_text(v) for v in values))

    stored = _read_arrays(con, path, "song_arrays", _SONG_ARRAYS, lambda dtype, rows, cols: n * cols)
    text_stored: dict = {}
    if "text_arrays" in tables:
        text_stored = _read_arrays(
            con,
            path,
            "text_arrays",
            _TEXT_ARRAYS,
            lambda dtype, rows, cols: rows * cols if 0 < rows <= MAX_MESSAGES else -1,
        )
    return meta, songs, stored, text_stored


def _read_arrays(con: sqlite3.Connection, path: Path, table: str, wanted: dict[str, str], values) -> dict:
    """The rows of ``song_arrays`` (name -> (dtype, cols, bytes)) or ``text_arrays`` (name -> (dtype,
    rows, cols, bytes)) this version reads.  A row whose stored length is not ``values(...)`` numbers
    of its dtype keeps empty bytes (the caller's size check then calls it damaged) and is not read."""
    with_rows = table == "text_arrays"
    cols_sql = "name, dtype, rows, cols, length(data)" if with_rows else "name, dtype, 1, cols, length(data)"
    listed = con.execute(f"SELECT {cols_sql} FROM {table} LIMIT {MAX_ARRAYS + 1}").fetchall()
    if len(listed) > MAX_ARRAYS:
        raise _damaged(path, f"too many rows in {table}")
    out: dict = {}
    for name, dtype, rows, cols, length in listed:
        if name not in wanted:
            continue  # unused: never read (a huge unused blob once cost twice its size in memory)
        if not (isinstance(dtype, str) and isinstance(rows, int) and isinstance(cols, int)):
            raise _damaged(path, f"the {name} numbers are described wrongly")
        if dtype != wanted[name] or not 1 <= cols <= MAX_ARRAY_COLS:
            data = b""
        else:
            expected = values(dtype, rows, cols) * np.dtype(dtype).itemsize
            data = b""
            if expected > 0 and length == expected:
                data = bytes(con.execute(f"SELECT data FROM {table} WHERE name = ?", (name,)).fetchone()[0])
        out[name] = (dtype, rows, cols, data) if with_rows else (dtype, cols, data)
    return out


def parse_calibration(raw: str | None, dim: int, path: Path | str) -> dict:
    """The meta's ``topic_calibration``, checked: a JSON object whose ``query_mean`` (optional) is
    ``dim`` finite numbers and whose ``lo`` < ``hi`` (defaults 0 and 1) are finite.  Raises the
    catalog's "damaged" CatalogError otherwise (a list gave AttributeError tracebacks, NaN in
    ``query_mean`` an empty list, lo == hi a 0/1 fit)."""
    if raw is None:
        return {}

    def no_constants(name: str) -> float:
        raise ValueError(f"{name} is not a number")

    try:
        cal = json.loads(raw, parse_constant=no_constants)
    except (ValueError, RecursionError) as exc:  # "[[[[…" nested past the parser's depth
        raise _damaged(Path(path), f"topic calibration is not valid JSON: {exc}") from exc

    def number(x: object) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)

    if not isinstance(cal, dict):
        raise _damaged(Path(path), "topic calibration is not a JSON object")
    mean = cal.get("query_mean")
    if mean is not None and not (isinstance(mean, list) and len(mean) == dim and all(map(number, mean))):
        raise _damaged(Path(path), f"topic calibration's query_mean is not {dim} finite numbers")
    lo, hi = cal.get("lo", 0.0), cal.get("hi", 1.0)
    if not (number(lo) and number(hi) and lo < hi):
        raise _damaged(Path(path), "topic calibration's lo and hi are not two finite numbers with lo < hi")
    return cal


def quantise_topics(vectors: np.ndarray) -> tuple[list[bytes], list[float]]:
    """int8 with one scale per song (what ``Catalog.open`` reads back)."""
    q, scale = quantise_rows(vectors)
    return [row.tobytes() for row in q], scale.astype(float).tolist()
