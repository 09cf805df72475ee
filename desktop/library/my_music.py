"""The user's own music: folders scanned for audio files, their tags, lyrics and numbers.

Why a store of its own (``my_music.db`` in the per-user data folder, next to ``moodtune.db``): a
library of 20,000 files is rebuilt by a rescan at any time, so it must never put the votes and
history at risk; and the scan writes from a background thread while the window reads.

The scan never writes to the user's files: every file is only ``stat``-ed and opened read-only.
It is cancellable (a ``threading.Event``), and resumable: files are committed in batches, and a
rescan reads again only files whose size or mtime changed, so an interrupted scan continues where
it stopped.  Files that disappeared are dropped when a scan of their folder completes.  Folders
that cannot be opened and symlink loops are recorded as problems with their reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.core import paths
from desktop.core.errors import UserDataError
from desktop.core.safe_text import display_text
from desktop.library.tag_reader import AUDIO_SUFFIXES, UnreadableAudioError, read_tags

DB_NAME = "my_music.db"
SCHEMA = 1
BATCH = 200  # files per committed transaction: what a cancelled or killed scan keeps
MAX_DEPTH = 40  # folder depth: deeper is a loop in all but name

# Why a song is in the library but not ranked, or a path is not in it (codes; the UI and CLI
# translate them).
REASON_UNREADABLE = "unreadable"  # not an audio file tinytag can read
REASON_NO_LYRICS = "no_lyrics"  # no lyrics tag, .lrc or .txt, and no catalog match
REASON_NOT_KOREAN = "not_korean"  # lyrics the model cannot read (mostly not Korean, or too short)
REASON_FOLDER = "folder_unreadable"  # a folder that could not be opened
REASON_LOOP = "symlink_loop"  # a folder reached again through a link
REASON_PENDING = "pending"  # lyrics not analysed yet
REASONS_EN = {
    REASON_UNREADABLE: "not a readable audio file",
    REASON_NO_LYRICS: "no lyrics (add a .lrc or .txt file with the same name)",
    REASON_NOT_KOREAN: "lyrics mostly not Korean or too short to read",
    REASON_FOLDER: "folder could not be opened",
    REASON_LOOP: "folder reached again through a link (skipped)",
    REASON_PENDING: "lyrics not analysed yet",
}

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, added_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tracks (
    path TEXT PRIMARY KEY, folder TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL, artist TEXT NOT NULL, album TEXT NOT NULL, year INTEGER, genre TEXT NOT NULL,
    duration REAL, lyrics TEXT NOT NULL, lyrics_source TEXT NOT NULL, readable INTEGER NOT NULL,
    reason TEXT NOT NULL, catalog_key TEXT, probs TEXT, topic BLOB, analysed_with TEXT);
CREATE INDEX IF NOT EXISTS tracks_folder ON tracks(folder);
CREATE TABLE IF NOT EXISTS problems (path TEXT PRIMARY KEY, folder TEXT NOT NULL, reason TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Track:
    """One file of the library as the ranking and the window use it."""

    path: str
    title: str
    artist: str
    album: str
    year: int | None
    genre: str
    duration: float | None
    lyrics_source: str
    reason: str  # '' when the song is ranked (catalog match or analysed lyrics), else a REASON_* code
    catalog_key: str | None
    probs: np.ndarray | None
    topic: np.ndarray | None

    @property
    def key(self) -> str:
        """The song's key in rankings and votes: the catalog's when it matched, else its tags'
        (``local_key``), else ``file:`` + path (a file without a title or an artist tag)."""
        return self.catalog_key or local_key(self.title, self.artist, self.album) or path_key(self.path)

    @property
    def shown_title(self) -> str:
        return self.title or Path(self.path).stem


LOCAL_PREFIX = "local:"  # song keys of songs known by their tags (``local_key``)
FILE_PREFIX = "file:"  # song keys of songs known by their file only (``path_key``)


def _tag_form(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def local_key(title: str, artist: str, album: str = "") -> str | None:
    """The key of a song that is not in the catalog, from its title, artist and album tags (None
    without a title or an artist): ``local:`` and 20 hex digits of their SHA-256, compared without
    differences of case, width or spacing.

    Why the tags and not the path: a vote must follow the song when its file is moved or renamed,
    its folder added again, the library rescanned or the votes imported on another computer; the
    path changes with each of these, the tags with none.  The album tells apart the many songs
    called "Intro" by one artist; the same song in two files (an mp3 and a flac of one album) is
    one song, as two files of one catalog song are.  Known limit: a song whose title, artist or album
    tag is edited is another song to its votes (they stay in "My votes" but no longer count)."""
    t, a = _tag_form(title), _tag_form(artist)
    if not t or not a:
        return None
    digest = hashlib.sha256(f"{a}\n{_tag_form(album)}\n{t}".encode()).hexdigest()[:20]
    return LOCAL_PREFIX + digest


def path_key(path: str) -> str:
    """The key of a file known by its path only (also what votes were keyed by before ``local_key``)."""
    return FILE_PREFIX + path


def is_own_song(song_key: str) -> bool:
    """Whether a song key is one of ``local_key``'s or ``path_key``'s (a song of the user's own, not the catalog's)."""
    return song_key.startswith((LOCAL_PREFIX, FILE_PREFIX))


@dataclass(frozen=True)
class ScanProgress:
    done: int
    total: int
    path: str


@dataclass(frozen=True)
class ScanResult:
    seen: int
    read: int  # new or changed files whose tags were read
    unchanged: int
    dropped: int  # files that disappeared
    problems: int
    cancelled: bool
    seconds: float


def library_path(data_dir: Path | None = None) -> Path:
    return Path(data_dir or paths.user_data_dir()) / DB_NAME


class MusicLibrary:
    """The library database.  One connection per thread (SQLite connections are not shared)."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.path = library_path(data_dir)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._con() as con:
                con.executescript(_SCHEMA_SQL)
                con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(f"Your music library ({self.path}) cannot be opened: {exc}") from None

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            self._local.con = con
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    # ------------------------------------------------------------ folders
    def add_folder(self, folder: Path | str) -> Path:
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise UserDataError(f"{display_text(str(path))} is not a folder.")
        with self._con() as con:
            con.execute("INSERT OR IGNORE INTO folders VALUES (?, ?)", (str(path), time.time()))
        return path

    def remove_folder(self, folder: Path | str) -> None:
        f = str(folder)
        with self._con() as con:
            for table in ("folders", "tracks", "problems"):
                con.execute(f"DELETE FROM {table} WHERE {'path' if table == 'folders' else 'folder'} = ?", (f,))
            _bump(con)

    def folders(self) -> list[Path]:
        return [Path(r[0]) for r in self._con().execute("SELECT path FROM folders ORDER BY path")]

    # ------------------------------------------------------------ reading
    def tracks(self) -> list[Track]:
        rows = (
            self._con()
            .execute(
                "SELECT path, title, artist, album, year, genre, duration, lyrics_source, readable, reason,"
                " catalog_key, probs, topic FROM tracks ORDER BY artist, album, title, path"
            )
            .fetchall()
        )
        return [_track(r) for r in rows]

    def problems(self) -> list[tuple[str, str]]:
        return list(self._con().execute("SELECT path, reason FROM problems ORDER BY path"))

    def pending_count(self) -> int:
        return int(
            self._con()
            .execute("SELECT COUNT(*) FROM tracks WHERE readable = 1 AND reason = ?", (REASON_PENDING,))
            .fetchone()[0]
        )

    def pending(self, limit: int = 2000) -> list[tuple[str, str, str, str]]:
        """(path, title, artist, lyrics) of readable songs not yet matched or analysed."""
        return list(
            self._con().execute(
                "SELECT path, title, artist, lyrics FROM tracks WHERE readable = 1 AND reason = ? LIMIT ?",
                (REASON_PENDING, limit),
            )
        )

    def __len__(self) -> int:
        return int(self._con().execute("SELECT COUNT(*) FROM tracks").fetchone()[0])

    def generation(self) -> int:
        """A number that changes whenever the library's songs or numbers change (rankings cache on it)."""
        row = self._con().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------ writing numbers
    def set_numbers(
        self, results: list[tuple[str, str, str | None, np.ndarray | None, np.ndarray | None]], analysed_with: str
    ) -> None:
        """(path, reason, catalog_key, probs, topic) per song, in one transaction."""
        with self._con() as con:
            con.executemany(
                "UPDATE tracks SET reason = ?, catalog_key = ?, probs = ?, topic = ?, analysed_with = ? WHERE path = ?",
                [
                    (
                        reason,
                        key,
                        None if p is None else json.dumps([round(float(x), 7) for x in p]),
                        None if t is None else np.asarray(t, dtype=np.float32).tobytes(),
                        analysed_with,
                        path,
                    )
                    for path, reason, key, p, t in results
                ],
            )
            _bump(con)

    def reset_numbers(self) -> None:
        """Every readable song analysed again (a new model or catalog)."""
        with self._con() as con:
            con.execute(
                "UPDATE tracks SET reason = ?, catalog_key = NULL, probs = NULL, topic = NULL WHERE readable = 1",
                (REASON_PENDING,),
            )
            _bump(con)

    def analysed_with(self) -> set[str]:
        return {
            r[0]
            for r in self._con().execute("SELECT DISTINCT analysed_with FROM tracks WHERE analysed_with IS NOT NULL")
        }

    # ------------------------------------------------------------ scanning
    def scan(
        self,
        folders: list[Path] | None = None,
        progress: Callable[[ScanProgress], None] | None = None,
        cancel: threading.Event | None = None,
        pause: Callable[[], None] | None = None,
    ) -> ScanResult:
        """Read new and changed files of ``folders`` (default: every added folder); see the module doc.
        ``pause`` is called every 25 files (it may wait while the window is busy)."""
        t0 = time.perf_counter()
        cancel = cancel or threading.Event()
        folders = [Path(f) for f in (folders if folders is not None else self.folders())]
        con = self._con()
        seen = read = unchanged = dropped = problems = 0
        for folder in folders:
            if cancel.is_set():
                break
            found: list[tuple[str, os.stat_result]] = []
            issues: list[tuple[str, str]] = []
            for item in _walk(folder, issues, cancel):
                found.append(item)
            known = {
                r[0]: (r[1], r[2])
                for r in con.execute("SELECT path, size, mtime_ns FROM tracks WHERE folder = ?", (str(folder),))
            }
            todo = [(p, st) for p, st in found if known.get(p) != (st.st_size, st.st_mtime_ns)]
            unchanged += len(found) - len(todo)
            seen += len(found)
            total = len(todo)
            batch: list[tuple] = []
            for i, (p, st) in enumerate(todo):
                if cancel.is_set():
                    break
                batch.append(_row(p, str(folder), st))
                read += 1
                if len(batch) >= BATCH:
                    _write(con, batch)
                    batch = []
                if i % 25 == 0 or i == total - 1:
                    if progress is not None:
                        progress(ScanProgress(i + 1, total, p))
                    if pause is not None:
                        pause()
            _write(con, batch)
            if cancel.is_set():
                break
            with con:  # the scan of this folder completed: what it did not see is gone
                present = {p for p, _ in found}
                gone = [p for p in known if p not in present]
                con.executemany("DELETE FROM tracks WHERE path = ?", [(p,) for p in gone])
                _bump(con)
                dropped += len(gone)
                con.execute("DELETE FROM problems WHERE folder = ?", (str(folder),))
                con.executemany(
                    "INSERT OR REPLACE INTO problems VALUES (?, ?, ?)", [(p, str(folder), r) for p, r in issues]
                )
                problems += len(issues)
        return ScanResult(seen, read, unchanged, dropped, problems, cancel.is_set(), round(time.perf_counter() - t0, 3))


def _bump(con: sqlite3.Connection) -> None:
    """Inside a write transaction: the library changed (see ``MusicLibrary.generation``)."""
    con.execute(
        "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _write(con: sqlite3.Connection, rows: list[tuple]) -> None:
    if rows:
        with con:
            con.executemany("INSERT OR REPLACE INTO tracks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            _bump(con)


def _row(path: str, folder: str, st: os.stat_result) -> tuple:
    """A tracks row for one file, its tags read now (the file opened read-only)."""
    try:
        tags = read_tags(Path(path))
    except UnreadableAudioError:
        return (
            path,
            folder,
            st.st_size,
            st.st_mtime_ns,
            "",
            "",
            "",
            None,
            "",
            None,
            "",
            "",
            0,
            REASON_UNREADABLE,
            None,
            None,
            None,
            None,
        )
    return (
        path,
        folder,
        st.st_size,
        st.st_mtime_ns,
        tags.title,
        tags.artist,
        tags.album,
        tags.year,
        tags.genre,
        tags.duration,
        tags.lyrics,
        tags.lyrics_source,
        1,
        REASON_PENDING,
        None,
        None,
        None,
        None,
    )


def _walk(root: Path, issues: list[tuple[str, str]], cancel: threading.Event) -> Iterator[tuple[str, os.stat_result]]:
    """Audio files under ``root`` with their stat, following links to folders once (a folder reached
    again, by a loop or a second link, is recorded and skipped)."""
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        if cancel.is_set():
            return
        folder, depth = stack.pop()
        try:
            st = os.stat(folder)
        except OSError:
            issues.append((folder, REASON_FOLDER))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited or depth > MAX_DEPTH:
            issues.append((folder, REASON_LOOP))
            continue
        visited.add(ident)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            issues.append((folder, REASON_FOLDER))
            continue
        subfolders = []
        for e in entries:
            try:
                if e.is_dir():  # follows links
                    subfolders.append((e.path, depth + 1))
                elif os.path.splitext(e.name)[1].lower() in AUDIO_SUFFIXES and e.is_file():
                    yield e.path, e.stat()
            except OSError:
                continue
        stack.extend(reversed(subfolders))


def _track(r: tuple) -> Track:
    path, title, artist, album, year, genre, duration, source, readable, reason, key, probs, topic = r
    p = t = None
    if probs:
        try:
            v = np.asarray(json.loads(probs), dtype=np.float32)
            p = v if v.shape == (7,) and np.all(np.isfinite(v)) and v.min() >= 0 and v.sum() > 0 else None
        except (ValueError, TypeError):
            p = None
    if topic:
        v = np.frombuffer(topic, dtype=np.float32)
        t = v.copy() if v.size and np.all(np.isfinite(v)) else None
    return Track(path, title, artist, album, year, genre, duration, source, reason, key, p, t)
