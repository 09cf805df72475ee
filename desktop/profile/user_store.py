"""Per-user data: votes (like/dislike), history of analysed texts and settings.

One SQLite file in the per-user data folder, through peewee, in WAL mode with
``synchronous=FULL``: every vote is its own committed transaction before the click
handler returns, so killing the app right after a click loses nothing.  Failures
(read-only folder, full disk, a database locked by another process) become
``UserDataError`` with a message for people; nothing already saved is touched.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass
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

from desktop.core import paths
from desktop.core.errors import (
    DamagedUserDataError,
    DiskFullError,
    LockedUserDataError,
    NewerUserDataError,
    ProtectedFileError,
    UnsafeUserDataError,
    UserDataError,
)
from desktop.core.labels import LABELS
from desktop.core.text_input import without_surrogates
from desktop.engine.recommend import FeedbackSignals, KeyedVotes, Recommendation
from desktop.library.catalog import Catalog
from desktop.profile import clean_close
from desktop.profile.settings import option

log = logging.getLogger("moodtune.store")

DB_NAME = "moodtune.db"
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the database and the files SQLite keeps beside it
_OPEN_STORES: set[Path] = set()  # database paths of this process's open stores (see refuse_store_file)


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


@dataclass(frozen=True)
class VoteRecord:
    """One vote as the UI and exports use it (the JSON columns already decoded)."""

    id: int
    created_at: datetime
    text: str | None
    mood: tuple[float, ...]  # LABELS order: the mood the list was ranked for
    song_key: str
    title: str
    artist: str
    rank: int
    score: float
    vote: int
    model_version: str
    catalog_version: str


@dataclass(frozen=True)
class HistoryRecord:
    id: int
    created_at: datetime
    text: str | None
    mood: tuple[float, ...]
    songs: tuple[tuple[str, str, str], ...]  # (song_key, title, artist) shown first


def _when(raw: object, field: DateTimeField) -> datetime:
    """A stored date and time as peewee's field reads it, by the C parser where it can
    (``datetime.fromisoformat`` reads what sqlite3 wrote) and by the field's own parser otherwise."""
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    return field.python_value(raw)


def _mood(raw: str) -> tuple[float, ...] | None:
    try:
        mood = tuple(map(float, json.loads(raw)))
    except (TypeError, ValueError):
        return None
    return mood if len(mood) == len(LABELS) else None


MODELS = (Vote, HistoryEntry, Setting)
SCHEMA_VERSION = 1  # PRAGMA user_version of moodtune.db; UPGRADES bring older files up to it
OPEN_RETRY_SECONDS = 10.0  # a second process creating the same fresh profile waits this long


def _create_v1(db: SqliteDatabase, models: tuple) -> None:
    db.create_tables(models, safe=True)


# step n brings a file at version n-1 to version n (version 0 = a new, empty file)
UPGRADES = {1: _create_v1}


def _bind(db: SqliteDatabase) -> dict[type, type]:
    """Model classes bound to this store's database only.  ``db.bind`` rebinds the shared
    classes, so two stores in one process would write into each other's files."""
    bound = {}
    for m in MODELS:
        meta = type("Meta", (), {"database": db, "table_name": m._meta.table_name})
        bound[m] = type(m.__name__, (m,), {"Meta": meta, "__module__": __name__})
    return bound


def _causes(exc: BaseException) -> list[str]:
    """The messages of ``exc`` and what it was raised from or during, most recent first.

    Why: when a commit fails (a full disk), SQLite ends the transaction itself and peewee's
    rollback then raises "cannot rollback - no transaction is active", which hid the cause."""
    out, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        out.append(str(exc))
        exc = exc.__cause__ or exc.__context__
    return out


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": another program holds the file; it is not damaged."""
    return any("locked" in m.lower() or "busy" in m.lower() for m in _causes(exc))


_DAMAGE_WORDS = ("not a database", "malformed", "corrupt")  # SQLite's words for a damaged file


def _fail(action: str, path: Path, exc: Exception) -> UserDataError:
    causes = [m for m in _causes(exc) if "cannot rollback" not in m.lower()] or _causes(exc)
    text = " ".join(causes).lower()
    if "locked" in text or "busy" in text:
        return LockedUserDataError(
            f"Could not {action} in {path}: the database is in use by another program (is Moodtune open twice?)."
        )
    if "full" in text or "no space" in text:
        return DiskFullError(f"Could not {action} in {path}: the disk is full.")
    if any(w in text for w in _DAMAGE_WORDS):  # a read or write ran into damage the deferred check has not yet
        db = path if path.name == DB_NAME else path / DB_NAME  # reported (or an open found it)
        return DamagedUserDataError(f"Could not {action}: your saved data in {db} is damaged ({causes[0]}).", db)
    if "readonly" in text or "read-only" in text or "permission" in text:
        why = "the folder is read-only"
    else:
        why = causes[0]
    return UserDataError(f"Could not {action} in {path}: {why}.")


def _check_plain_file(path: Path, what: str) -> bool:
    """True when ``path`` is a regular file, False when it does not exist; UnsafeUserDataError for a
    symlink (even a dangling one), FIFO, socket, device or folder.

    Why: SQLite and the log follow links, so a planted link made Moodtune create its database or
    append its log outside the folder (e.g. to a shell start-up file), and a FIFO blocked the start."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeUserDataError(f"{path} is a symbolic link; Moodtune does not follow links for its {what}.")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeUserDataError(f"{path} is not a regular file; Moodtune cannot use it for its {what}.")
    return True


def create_private_file(path: Path, what: str) -> None:
    """Create ``path`` as an empty 0600 file unless a regular file is there; never through a link
    (O_NOFOLLOW), never opening a FIFO (O_NONBLOCK), never replacing anything."""
    if _check_plain_file(path, what):
        return
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:  # another process created it meanwhile: check what it made
        _check_plain_file(path, what)


BUSY_TIMEOUT_MS = 5000  # SQLite's busy_timeout: how long a connection waits for another's lock
GUI_BUSY_TIMEOUT_MS = 250  # the window's thread: a locked file is reported, not waited for 5 s
CHECK_BUSY_TIMEOUT_S = 1.0  # the deferred integrity check: a file another program locks is left unchecked

# UserStore.integrity: what is known about the file's integrity
TRUSTED = "trusted"  # a clean-close marker matched at open: the file is as the last clean close left it
CHECKED = "ok"  # checked in this run (or created by this open): nothing damaged
PENDING = "pending"  # the check was deferred (``defer_check``) and has not run yet
UNCHECKED = "unchecked"  # the check could not run (the file was locked): no marker at close
DAMAGED = "damaged"  # the check found damage: nothing is written any more


class UserStore:
    """The per-user database.  ``read_only``: open for reading only, never creating or changing
    the file (export); a folder that cannot be written falls back to it by itself, so the votes
    can still be read and exported, and every write says the folder is read-only.

    ``defer_check``: the integrity check (``PRAGMA quick_check``, which reads the whole file) is
    not run at open when the file was not closed cleanly (see ``clean_close``); the window runs
    ``check_integrity`` on a background thread after its first frame.  Until it has run, the first
    write runs it (and waits for it), so nothing is ever written to a file not known to be sound."""

    def __init__(self, folder: Path | str | None = None, read_only: bool = False, defer_check: bool = False) -> None:
        self.folder = Path(folder) if folder else paths.user_data_dir()
        self.path = self.folder / DB_NAME
        self.read_only = read_only
        self.integrity = PENDING
        self._integrity_lock = threading.Lock()
        self._damage: DamagedUserDataError | None = None
        self._wal_guard: sqlite3.Connection | None = None  # see _keep_wal
        self._generation = 0  # bumped by every write of this process (see _cached)
        self._votes_generation = 0  # bumped by writes to the votes only: the feedback cache's key
        self._local = threading.local()
        try:
            if not read_only:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                _private(self.folder, 0o700)
            exists = _check_plain_file(self.path, "saved data")
            for suffix in STORE_SUFFIXES[1:]:
                _check_plain_file(self.path.with_name(DB_NAME + suffix), "saved data")
            if read_only and not exists:
                raise UserDataError(f"There is no saved data yet in {self.folder}.")
            # Read before anything opens the file; a writer deletes it first (matching or not), so a
            # crash during this run leaves no marker and the next start checks the file again.
            clean = exists and clean_close.matches(self.path)
            if not read_only:
                clean = clean_close.remove(self.path) and clean
            try:
                self._connect(read_only)
            except (OSError, DatabaseError, sqlite3.Error) as exc:
                if read_only or not exists or not _unwritable(exc):
                    raise
                log.warning("%s cannot be written (%s); opened read-only", self.folder, exc)
                self.close_quietly()
                self.read_only = True
                self._connect(True)
            if clean:
                self.integrity = TRUSTED
            elif not exists:
                self.integrity = CHECKED  # this open created it: there is nothing in it to check
            elif not defer_check:
                check = self.db.execute_sql("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    self._keep_wal()  # the close below must not fold the WAL into it
                    raise DamagedUserDataError(f"Your saved data in {self.path} is damaged ({check}).", self.path)
                self.integrity = CHECKED
            _OPEN_STORES.add(self.path)
        except UserDataError:
            self.close_quietly()
            raise
        except (OSError, DatabaseError, sqlite3.Error) as exc:
            self.close_quietly()
            text = str(exc).lower()
            if "not a database" in text or "malformed" in text or "corrupt" in text:
                raise DamagedUserDataError(f"Your saved data in {self.path} is damaged ({exc}).", self.path) from exc
            raise _fail("open your saved data", self.folder, exc) from exc

    def _connect(self, read_only: bool) -> None:
        """Open the database (creating it 0600 first unless ``read_only``) and check its version."""
        if read_only:
            # mode=ro: SQLite never writes; immutable=1 where even the WAL index cannot be made
            uri = self.path.resolve().as_uri() + "?mode=ro"
            if not os.access(self.folder, os.W_OK):
                uri += "&immutable=1"
            name, extra = uri, {"uri": True}
        else:
            create_private_file(self.path, "saved data")  # -wal/-shm inherit its mode
            name, extra = str(self.path), {}
        self.db = SqliteDatabase(
            name, pragmas={"busy_timeout": BUSY_TIMEOUT_MS, "synchronous": "full", "foreign_keys": 1}, **extra
        )
        models = _bind(self.db)
        self.Vote, self.History, self.Setting = models[Vote], models[HistoryEntry], models[Setting]
        self.db.connect()
        self._retry_locked(self._open_schema)

    def use_short_busy_timeout(self, ms: int = GUI_BUSY_TIMEOUT_MS) -> None:
        """Wait at most ``ms`` for a lock on this thread's connection (call it from the window's
        thread): a file locked by another program made every vote freeze the window for 5 s."""
        self._read("open your saved data", lambda: self.db.execute_sql(f"PRAGMA busy_timeout = {int(ms)}"))

    def close_quietly(self) -> None:
        _OPEN_STORES.discard(getattr(self, "path", None))
        db = getattr(self, "db", None)
        if db is not None and not db.is_closed():
            try:
                db.close()
            except (DatabaseError, sqlite3.Error):
                pass
        self._release_wal_guard()

    def _open_schema(self) -> None:
        # The version first: a newer Moodtune's file is refused before anything (the WAL switch
        # rewrites header bytes and adds -wal/-shm) changes it.
        version = self.db.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerUserDataError(
                f"Your saved data in {self.path} was written by a newer Moodtune "
                f"(data version {version}); update Moodtune to open it."
            )
        if self.read_only:
            if version < SCHEMA_VERSION:
                raise UserDataError(
                    f"Your saved data in {self.path} is from an older Moodtune and cannot be "
                    "upgraded in a read-only folder."
                )
            return
        self.db.execute_sql("PRAGMA journal_mode=wal")
        if version < SCHEMA_VERSION:
            with self.db.atomic("IMMEDIATE"):  # one process upgrades; the other waits, then sees it done
                version = self.db.execute_sql("PRAGMA user_version").fetchone()[0]
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    UPGRADES[step](self.db, (self.Vote, self.History, self.Setting))
                self.db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @staticmethod
    def _retry_locked(fn):
        """Run ``fn``, retrying while another process holds the fresh profile's lock."""
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        delay = 0.02
        while True:
            try:
                return fn()
            except (DatabaseError, sqlite3.OperationalError) as exc:
                text = str(exc).lower()
                if not ("locked" in text or "busy" in text) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    def check_integrity(self) -> None:
        """The integrity check ``defer_check`` put off, run once, on the calling thread (the window:
        a background thread) and on a read-only connection of its own; DamagedUserDataError when
        the file is damaged, now and on every later call.  A file another program keeps locked is
        left unchecked (logged): writes then report the lock themselves, and no marker is written."""
        with self._integrity_lock:
            if self.integrity == PENDING:
                self._check_now()
            if self._damage is not None:
                raise self._damage

    def _check_now(self) -> None:
        uri = self.path.resolve().as_uri() + "?mode=ro"  # only reads, whatever it finds
        if self.read_only and not os.access(self.folder, os.W_OK):
            uri += "&immutable=1"
        try:
            result = quick_check(uri)
        except sqlite3.Error as exc:
            text = str(exc).lower()
            if is_locked(exc) or not any(w in text for w in _DAMAGE_WORDS):
                log.warning("saved data in %s not checked: %s", self.path, exc)
                self.integrity = UNCHECKED
                return
            result = str(exc)
        if result == "ok" and self._damage is None:
            self.integrity = CHECKED
            return
        if self._damage is not None:  # a read met the damage first: the check did not see it
            self.integrity = DAMAGED
            return
        log.error("saved data in %s is damaged: %s", self.path, result)
        self.integrity = DAMAGED
        self._damage = DamagedUserDataError(f"Your saved data in {self.path} is damaged ({result}).", self.path)
        self._keep_wal()

    def _writable(self) -> None:
        """Before any write: the deferred check has run (it runs now if not) and found no damage."""
        if self.integrity == PENDING or self._damage is not None:
            self.check_integrity()

    def close(self) -> None:
        """Close; a store known to be sound folds its WAL into the file and leaves the clean-close
        marker (``clean_close``), so the next start needs no integrity check."""
        _OPEN_STORES.discard(self.path)
        clean = not self.read_only and self.integrity in (TRUSTED, CHECKED) and self._damage is None
        if clean:
            try:
                busy = self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                clean = busy == 0  # another connection still reading: the WAL is not empty
            except (OSError, DatabaseError, sqlite3.Error) as exc:
                log.warning("WAL of %s not folded at close: %s", self.path, exc)
                clean = False
        if not self.db.is_closed():
            self.db.close()
        self._release_wal_guard()  # after the store's own connection: read-only, it never folds the WAL
        if clean:
            clean_close.write(self.path)

    def _write(self, action: str, fn, votes: bool = False):
        """``fn()`` in one transaction.  ``votes``: it changes the votes (the feedback cache
        rebuilds only then: a history save no longer re-reads 50,000 votes)."""
        self._writable()  # DamagedUserDataError: nothing is written to a damaged file
        try:
            with self.db.atomic():
                return fn()
        except (OSError, DatabaseError, sqlite3.Error) as exc:
            raise self._failed(action, exc) from exc
        finally:
            self._generation += 1  # this process wrote (or tried to): cached reads are stale
            if votes:
                self._votes_generation += 1

    def _cached(self, key: object, action: str, fn, votes_only: bool = False):
        """``fn()``, remembered until the data changes: every ranking reads the settings and the
        votes (five queries through peewee, slower than the ranking itself).

        Why it cannot go stale: this process's writes bump ``_generation``; another process's (the
        CLI beside the window) change SQLite's ``PRAGMA data_version`` for this connection.  Both
        are per connection, and peewee gives each thread its own, so the cache is per thread.
        ``votes_only``: the value depends on the votes alone, so only vote writes make it stale."""
        cache = self._local.__dict__.setdefault("cache", {})
        generation = self._votes_generation if votes_only else self._generation
        version = (generation, self._read(action, lambda: self.db.execute_sql("PRAGMA data_version").fetchone()[0]))
        hit = cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = self._read(action, fn)
        cache[key] = (version, value)
        return value

    def _read(self, action: str, fn):
        try:
            return fn()
        except (OSError, DatabaseError, sqlite3.Error) as exc:
            raise self._failed(action, exc) from exc

    def _failed(self, action: str, exc: Exception) -> UserDataError:
        """The error for people; damage met by a read or write also stops every later write."""
        err = _fail(action, self.path, exc)
        if isinstance(err, DamagedUserDataError) and self._damage is None:
            self._damage = err
            self.integrity = DAMAGED
            self._keep_wal()
        return err

    def _keep_wal(self) -> None:
        """Once the file is known damaged, hold a read-only connection open until ``close``.

        Why: the last connection to close folds the WAL into the file (a write); with a reader
        still open SQLite leaves the WAL alone, and a read-only connection never folds it, so the
        damaged file and its WAL stay exactly as found (moved aside together, or kept on Cancel)."""
        if self._wal_guard is not None:
            return
        try:
            guard = sqlite3.connect(
                self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0, check_same_thread=False
            )  # closed by whichever thread closes the store
            guard.execute("PRAGMA user_version").fetchone()  # opens the file: the shared lock is held from here
        except (OSError, sqlite3.Error) as exc:
            log.warning("could not hold the WAL of damaged %s: %s", self.path, exc)
            return
        self._wal_guard = guard

    def _release_wal_guard(self) -> None:
        guard, self._wal_guard = self._wal_guard, None
        if guard is not None:
            try:
                guard.close()
            except sqlite3.Error:
                pass

    # ---------------------------------------------------------------- settings
    def get(self, key: str):
        """The stored value, or the declared default when missing, unreadable or of the wrong type."""
        opt = option(key)
        raw = self._cached("settings", "read your settings", self._all_settings).get(key)
        if raw is None:
            return copy.deepcopy(opt.default)
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            log.warning("setting %s holds invalid JSON; using the default", key)
            return copy.deepcopy(opt.default)
        return copy.deepcopy(opt.coerce(value))

    def _all_settings(self) -> dict[str, str]:
        """Every stored setting's JSON in one query: the window reads eight at start, and a
        peewee query per setting cost more than all of them together, mostly building its SQL."""
        table = self.Setting._meta.table_name
        return {str(k): v for k, v in self.db.execute_sql(f'SELECT "key", "value" FROM "{table}"')}

    def set(self, key: str, value) -> None:
        self.set_many({key: value})

    def set_many(self, values: dict[str, object]) -> None:
        """Save several settings in one transaction: all of them or, on failure, none."""
        for key, value in values.items():
            if not option(key).valid(value):
                raise ValueError(f"invalid value for setting {key}: {value!r}")
        rows = [{"key": k, "value": json.dumps(v)} for k, v in values.items()]

        def save() -> None:
            for row in rows:  # one statement per setting: the transaction is what makes them one
                self.Setting.replace(**row).execute()

        self._write("save the settings", save)

    # ------------------------------------------------------------------- votes
    def add_vote(
        self,
        text: str | None,
        mood: np.ndarray,
        rec: Recommendation,
        vote: int,
        model_version: str,
        catalog_version: str,
    ) -> int:
        if vote not in (1, -1):
            raise ValueError("vote must be +1 or -1")
        keep_text = bool(self.get("store_text"))
        mood_json = json.dumps([round(float(p), 6) for p in mood])
        before = self._votes_generation
        vote_id = self._write(
            "save your vote",
            votes=True,
            fn=lambda: (
                self.Vote.create(
                    text=_storable(text) if keep_text else None,
                    mood=mood_json,
                    song_key=rec.song.key,
                    title=rec.song.title,
                    artist=rec.song.artist,
                    rank=rec.rank,
                    score=round(rec.score, 6),
                    vote=vote,
                    model_version=model_version,
                    catalog_version=catalog_version,
                ).id
            ),
        )
        self._extend_caches(before, vote_id, rec.song.key, vote, mood_json, rec.song.artist)
        return vote_id

    def _extend_caches(self, before: int, vote_id: int, key: str, vote: int, mood_json: str, artist: str = "") -> None:
        """After this thread's own new vote, add it to the cached feedback arrays and latest votes
        instead of re-reading every vote (with tens of thousands of votes that held the GUI thread).

        Only entries that were current just before the write are extended; SQLite's data_version
        does not change for a connection's own writes, so it still tells whether another process
        wrote meanwhile (then the next read rebuilds, as before)."""
        cache = self._local.__dict__.get("cache", {})
        mood = _mood(mood_json)
        for name, (version, value) in list(cache.items()):
            if version[0] != before or mood is None:
                continue
            now = (self._votes_generation, version[1])
            if name == "latest_votes":
                cache[name] = (now, {**value, key: vote})
            elif isinstance(name, tuple) and name[0] == "signals":
                ids, sig = value
                row = name[1].index.get(key)
                if row is not None:
                    ids = np.append(ids, np.int64(vote_id))
                    sig = FeedbackSignals(
                        np.append(sig.rows, np.int64(row)),
                        np.append(sig.votes, np.int8(vote)),
                        np.vstack([sig.moods, np.asarray(mood, dtype=np.float32)[None, :]]),
                    )
                cache[name] = (now, (ids, sig))
            elif name == "keyed_votes":
                ids, kv = value
                cache[name] = (
                    now,
                    (
                        np.append(ids, np.int64(vote_id)),
                        KeyedVotes(
                            (*kv.keys, key),
                            np.append(kv.votes, np.int8(vote)),
                            np.vstack([kv.moods, np.asarray(mood, dtype=np.float32)[None, :]]),
                            (*kv.artists, artist),
                        ),
                    ),
                )

    def delete_vote(self, vote_id: int) -> None:
        """Take a vote back (undo); the song's earlier votes, if any, count again."""
        V = self.Vote  # noqa: N806
        before = self._votes_generation

        def run() -> tuple[str | None, int | None]:
            gone = V.select(V.song_key).where(V.id == vote_id).tuples().first()
            if gone is None:
                return None, None  # no such vote (already gone): nothing changes
            V.delete().where(V.id == vote_id).execute()
            latest = V.select(V.vote).where(V.song_key == gone[0]).order_by(V.id.desc()).tuples().first()
            return gone[0], (None if latest is None else latest[0])

        key, latest = self._write("undo your vote", run, votes=True)
        self._shrink_caches(before, vote_id, key, latest)

    def _shrink_caches(self, before: int, vote_id: int, key: str | None, latest: int | None) -> None:
        """After this thread deleted one of its votes, take it out of the cached feedback arrays and
        latest votes (``latest``: the song's newest remaining vote; ``key`` None: there was no such
        vote) instead of re-reading every vote: most songs in a long-used profile already have a vote,
        so most clicks take one back, and with tens of thousands of votes each rebuild held the GUI thread.
        The same rules as ``_extend_caches``."""
        cache = self._local.__dict__.get("cache", {})
        for name, (version, value) in list(cache.items()):
            signals = isinstance(name, tuple) and name[0] == "signals"
            if version[0] != before or not (signals or name in ("latest_votes", "keyed_votes")):
                continue  # stale already, or keyed by every write (the settings)
            now = (self._votes_generation, version[1])
            if key is None:
                cache[name] = (now, value)
            elif name == "latest_votes":
                value = dict(value)
                if latest is None:
                    value.pop(key, None)
                else:
                    value[key] = latest
                cache[name] = (now, value)
            elif name == "keyed_votes":
                ids, kv = value
                at = np.flatnonzero(ids == vote_id)
                if at.size:
                    i = int(at[0])
                    ids = np.delete(ids, at)
                    kv = KeyedVotes(
                        kv.keys[:i] + kv.keys[i + 1 :],
                        np.delete(kv.votes, at),
                        np.delete(kv.moods, at, axis=0),
                        kv.artists[:i] + kv.artists[i + 1 :],
                    )
                cache[name] = (now, (ids, kv))
            else:
                ids, sig = value
                at = np.flatnonzero(ids == vote_id)
                if at.size:
                    ids = np.delete(ids, at)
                    sig = FeedbackSignals(
                        np.delete(sig.rows, at), np.delete(sig.votes, at), np.delete(sig.moods, at, axis=0)
                    )
                cache[name] = (now, (ids, sig))

    def reset_votes(self) -> None:
        """Delete every vote (the window asks first)."""
        self._write("reset your votes", lambda: self.Vote.delete().execute(), votes=True)

    def votes(self, moods: bool = True) -> list[VoteRecord]:
        """Every vote, oldest first; a row whose mood cannot be read is skipped (and logged).

        ``moods=False``: the moods are not decoded (``mood`` is ``()``) and no row is skipped: "My
        votes" shows every vote and never reads a mood, and decoding 50,000 of them was a third of
        its opening time."""
        V = self.Vote  # noqa: N806
        # Raw rows, each value converted once here: building a model instance per row, and then
        # peewee's per-field converters (its date parser most of all), were most of the time
        # "My votes" and exports took with 50,000 votes.
        sql, params = (
            V.select(
                V.id,
                V.created_at,
                V.text,
                V.mood,
                V.song_key,
                V.title,
                V.artist,
                V.rank,
                V.score,
                V.vote,
                V.model_version,
                V.catalog_version,
            )
            .order_by(V.id)
            .sql()
        )
        rows = self._read("read your votes", lambda: self.db.execute_sql(sql, params).fetchall())
        out = []
        for vid, created_at, text, raw, key, title, artist, rank, score, vote, model_v, catalog_v in rows:
            mood = _mood(raw) if moods else ()
            if mood is None:
                log.warning("vote %s has an unreadable mood; skipped", vid)
                continue
            out.append(
                VoteRecord(
                    vid,
                    _when(created_at, Vote.created_at),  # the field parses alike in every binding
                    text,
                    mood,
                    key,
                    title,
                    artist,
                    Vote.rank.python_value(rank),
                    Vote.score.python_value(score),
                    Vote.vote.python_value(vote),
                    model_v,
                    catalog_v,
                )
            )
        return out

    def last_vote(self, song_key: str) -> VoteRecord | None:
        """The song's most recent vote, or None: one indexed query, not every vote."""
        V = self.Vote  # noqa: N806
        row = self._read(
            "read your votes", lambda: V.select().where(V.song_key == song_key).order_by(V.id.desc()).first()
        )
        if row is None:
            return None
        mood = _mood(row.mood) or tuple([1.0 / len(LABELS)] * len(LABELS))  # unreadable: even (only undo uses it)
        return VoteRecord(
            row.id,
            row.created_at,
            row.text,
            mood,
            row.song_key,
            row.title,
            row.artist,
            row.rank,
            row.score,
            row.vote,
            row.model_version,
            row.catalog_version,
        )

    def import_votes(self, rows: list[dict]) -> tuple[int, int]:
        """Add exported votes (``feedback_import.read_votes``) in one transaction; returns
        (added, already there).  A vote counts as already there when one with the same time, song,
        vote and text exists (or came earlier in ``rows``), so a second import adds nothing."""
        V = self.Vote  # noqa: N806

        def run() -> tuple[int, int]:
            seen = {
                _vote_identity(v.created_at, v.song_key, v.vote, v.text)
                for v in V.select(V.created_at, V.song_key, V.vote, V.text)
            }
            added = 0
            for r in rows:
                key = _vote_identity(r["created_at"], r["song_key"], r["vote"], r["text"])
                if key in seen:
                    continue
                seen.add(key)
                V.create(
                    created_at=r["created_at"],
                    text=_storable(r["text"]),
                    mood=json.dumps([round(float(p), 6) for p in r["mood"]]),
                    song_key=r["song_key"],
                    title=r["title"],
                    artist=r["artist"],
                    rank=r["rank"],
                    score=round(r["score"], 6),
                    vote=r["vote"],
                    model_version=r["model_version"],
                    catalog_version=r["catalog_version"],
                )
                added += 1
            return added, len(rows) - added

        return self._write("import your votes", run, votes=True)

    def latest_votes(self) -> dict[str, int]:
        """song_key -> the most recent vote, for showing ♥/✕ in the list."""
        V = self.Vote  # noqa: N806
        return dict(
            self._cached(
                "latest_votes",
                "read your votes",
                lambda: dict(V.select(V.song_key, V.vote).order_by(V.id).tuples()),
                votes_only=True,
            )
        )

    def signals(self, catalog: Catalog) -> FeedbackSignals:
        """Votes as the ranking reads them (cached until the votes change: see ``_cached``)."""
        return self._cached(("signals", catalog), "read your votes", lambda: self._signals(catalog), votes_only=True)[1]

    def _signals(self, catalog: Catalog) -> tuple[np.ndarray, FeedbackSignals]:
        """(the votes' ids, the signals), row for row: the ids let a deleted vote be taken out."""
        V = self.Vote  # noqa: N806
        ids, rows, votes, moods = [], [], [], []
        for vid, key, vote, raw in V.select(V.id, V.song_key, V.vote, V.mood).order_by(V.id).tuples():
            i = catalog.index.get(key)
            mood = _mood(raw)
            if mood is None:
                log.warning("vote on %s has an unreadable mood; ignored for ranking", key)
                continue
            if i is not None:
                ids.append(vid)
                rows.append(i)
                votes.append(vote)
                moods.append(mood)
        return np.array(ids, dtype=np.int64), FeedbackSignals(
            np.array(rows, dtype=np.int64),
            np.array(votes, dtype=np.int8),
            np.array(moods, dtype=np.float32).reshape(-1, len(LABELS)),
        )

    def keyed_votes(self) -> KeyedVotes:
        """Every vote by song key, catalog songs or not (cached and kept current like ``signals``):
        what the ranking over the user's own songs maps to its rows (``LibraryRanking.feedback``)."""
        return self._cached("keyed_votes", "read your votes", self._keyed_votes, votes_only=True)[1]

    def _keyed_votes(self) -> tuple[np.ndarray, KeyedVotes]:
        # The module's Vote builds the query (mypy sees its fields); this store's database runs it.
        sql, params = Vote.select(Vote.id, Vote.song_key, Vote.vote, Vote.mood, Vote.artist).order_by(Vote.id).sql()
        ids, keys, votes, moods, artists = [], [], [], [], []
        for vid, key, vote, raw, artist in self.db.execute_sql(sql, params).fetchall():
            mood = _mood(raw)
            if mood is None:
                log.warning("vote on %s has an unreadable mood; ignored for ranking", key)
                continue
            ids.append(vid)
            keys.append(key)
            votes.append(vote)
            moods.append(mood)
            artists.append(artist)
        return np.array(ids, dtype=np.int64), KeyedVotes(
            tuple(keys),
            np.array(votes, dtype=np.int8),
            np.array(moods, dtype=np.float32).reshape(-1, len(LABELS)),
            tuple(artists),
        )

    # ----------------------------------------------------------------- history
    def add_history(self, text: str | None, mood: np.ndarray, recs: list[Recommendation]) -> int:
        keep_text = bool(self.get("store_text"))
        songs = [[r.song.key, r.song.title, r.song.artist] for r in recs[:5]]
        return self._write(
            "save the history",
            lambda: (
                self.History.create(
                    text=_storable(text) if keep_text else None,
                    mood=json.dumps([round(float(p), 6) for p in mood]),
                    songs=json.dumps(songs, ensure_ascii=False),
                ).id
            ),
        )

    def history(self, limit: int = 200) -> list[HistoryRecord]:
        """The latest entries first; unreadable rows are skipped (and logged)."""
        H = self.History  # noqa: N806
        rows = self._read(
            "read the history",
            lambda: list(
                H.select(H.id, H.created_at, H.text, H.mood, H.songs).order_by(H.id.desc()).limit(limit).tuples()
            ),
        )
        out = []
        for eid, created_at, text, raw_mood, raw_songs in rows:
            mood = _mood(raw_mood)
            try:
                songs = tuple((str(k), str(t), str(a)) for k, t, a in json.loads(raw_songs))
            except (TypeError, ValueError):
                songs = None
            if mood is None or songs is None:
                log.warning("history entry %s is unreadable; skipped", eid)
                continue
            out.append(HistoryRecord(eid, created_at, text, mood, songs))
        return out

    def delete_history(self, entry_id: int) -> None:
        self._write(
            "delete the history entry", lambda: self.History.delete().where(self.History.id == entry_id).execute()
        )

    def clear_history(self) -> None:
        self._write("clear the history", lambda: self.History.delete().execute())


def quick_check(uri: str) -> str:
    """``PRAGMA quick_check`` of the database at ``uri`` on a connection of its own: "ok" or what is wrong."""
    con = sqlite3.connect(uri, uri=True, timeout=CHECK_BUSY_TIMEOUT_S)
    try:
        return str(con.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        con.close()


def _vote_identity(created_at: object, song_key: str, vote: int, text: str | None) -> tuple:
    """What makes two votes the same vote (import's de-duplication): the time in UTC to the
    second (peewee hands back either a datetime or the stored text), song, vote and text."""
    when = created_at
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            return (when, song_key, int(vote), text or None)
    if isinstance(when, datetime):
        when = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
        when = when.replace(microsecond=0).isoformat()
    return (when, song_key, int(vote), _storable(text) or None)


def _storable(text: str | None) -> str | None:
    """Text SQLite can store: lone surrogates (broken clipboard data, argv) become U+FFFD."""
    return None if text is None else without_surrogates(str(text))


def _store_files() -> set[Path]:
    """Database paths to protect: every store this process has open, and the profile's own."""
    found = set(_OPEN_STORES)
    try:
        found.add(paths.user_data_dir() / DB_NAME)
    except Exception:  # noqa: BLE001 - no usable profile setting: the open stores are still protected
        pass
    return found


def refuse_store_file(target: Path | str) -> None:
    """Raise ProtectedFileError when writing ``target`` would replace a live moodtune.db (or its
    -wal/-shm/-journal).

    Why: an export onto the store turned the database into a CSV; votes made afterwards went to
    the unlinked file and were lost.  Compared after resolving symlinks, by inode where the file
    exists (hard links), and by case-folded name (case-insensitive disks, a WAL not yet there)."""
    target = Path(target)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return  # the write itself reports an unusable path
    for db in _store_files():
        try:
            folder = db.parent.resolve()
        except (OSError, RuntimeError):
            continue
        names = {(db.name + suffix).casefold() for suffix in STORE_SUFFIXES}
        same_folder = resolved.parent == folder or _same_file(resolved.parent, folder)
        if (same_folder and resolved.name.casefold() in names) or any(
            _same_file(resolved, db.with_name(db.name + suffix)) for suffix in STORE_SUFFIXES
        ):
            raise ProtectedFileError(
                f"Will not write {target}: it is Moodtune's own saved data ({db}). Choose another file name."
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _unwritable(exc: BaseException) -> bool:
    """The open failed because the folder or file cannot be written (a read-only mount)."""
    text = " ".join(_causes(exc)).lower()
    return any(w in text for w in ("readonly", "read-only", "permission", "unable to open", "access"))


def _private(path: Path, mode: int) -> None:
    """User data is the user's only (no-op where the OS has no such modes)."""
    try:
        if os.name == "posix" and (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)
    except OSError:
        pass


def move_aside(path: Path) -> Path:
    """Rename a damaged moodtune.db (and its -wal/-shm) to ``moodtune.db.damaged-<time>``; the
    file is kept for recovery, never overwritten.  Returns the new name."""
    clean_close.remove(path)  # the marker described the damaged file, never the fresh one
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = path.with_name(path.name + suffix)
        if src.exists():
            src.replace(target.with_name(target.name + suffix))
    return target
