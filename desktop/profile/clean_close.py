"""The clean-close marker: ``moodtune.db.clean`` says "this file was closed cleanly, as it is now".

Why: ``PRAGMA quick_check`` reads the whole database, and with a heavy user's profile (50,000
votes, 200,000 history entries) that alone kept the window's first frame from staying within
1.2x an empty profile's (docs/BENCHMARKS.md, issue 21).  A check at every start guards
against damage left by a crash or by something else writing the file; a run that ended cleanly
left neither.  So at a clean close the store folds the WAL into the file and writes this marker
with the file's identity (device, inode, size, modification time); the next open skips the
check only when the file is still exactly that file, and deletes the marker first, so a crash
during that run leaves no marker and the check runs again at the following start.

The marker is untrusted input like every data file: anything unreadable, too large, not a
plain file or not matching exactly means "not clean", never an error.  It does not (cannot)
see damage that leaves a file's size and time alone (a failing disk); the check finds that
the next time any run starts without a matching marker.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("moodtune.store")

SUFFIX = ".clean"  # moodtune.db -> moodtune.db.clean, beside it
FORMAT = 1
MAX_BYTES = 4096  # a marker is ~150 bytes; anything bigger is not ours and is not read


def marker_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def identity(st: os.stat_result) -> dict[str, int]:
    """What must stay the same for the file to be the one that was closed cleanly."""
    return {"dev": int(st.st_dev), "ino": int(st.st_ino), "size": int(st.st_size), "mtime_ns": int(st.st_mtime_ns)}


def _wal_is_empty(db: Path) -> bool:
    """No -wal beside the file, or an empty one: then the file alone holds every committed write."""
    try:
        st = os.lstat(db.with_name(db.name + "-wal"))
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == 0


def _read(marker: Path) -> dict | None:
    """The marker's content, or None when it is missing or anything about it is not as written."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(marker, flags)
    except OSError:  # missing, a link (O_NOFOLLOW), unreadable
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        raw = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def matches(db: Path) -> bool:
    """True only when ``db``'s marker describes ``db`` exactly as it is now (and its WAL is empty)."""
    data = _read(marker_path(db))
    if data is None or data.get("format") != FORMAT:
        return False
    recorded = data.get("db")
    if not isinstance(recorded, dict):
        return False
    try:
        st = os.lstat(db)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or not _wal_is_empty(db):
        return False
    now = identity(st)
    # bool is an int: a marker with "size": true must not match a 1-byte file
    return all(type(recorded.get(k)) is int and recorded[k] == v for k, v in now.items()) and len(recorded) == len(now)


def remove(db: Path) -> bool:
    """Delete the marker; True when none is left (a marker that cannot be deleted must not be trusted:
    a crash during this run would leave it claiming a clean close)."""
    try:
        os.unlink(marker_path(db))
    except FileNotFoundError:
        return True
    except OSError as exc:
        log.warning("clean-close marker %s not removed: %s", marker_path(db), exc)
        return False
    return True


def write(db: Path) -> bool:
    """Record ``db`` as closed cleanly (call it after the last connection closed); False when not written.

    The file's modification time is first set 1 ns back.  Why: Linux stamps writes with a clock
    that ticks every few milliseconds, so a change made within the same tick as the close kept the
    recorded time; any later write is stamped at least the original time, which now differs."""
    try:
        st = os.lstat(db)
        if not stat.S_ISREG(st.st_mode) or not _wal_is_empty(db):
            return False
        os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns - 1))  # a regular file: checked just above
        body = json.dumps({"format": FORMAT, "db": identity(os.lstat(db))}).encode("utf-8")
    except OSError as exc:
        log.warning("clean-close marker for %s not written: %s", db, exc)
        return False
    target = marker_path(db)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            os.unlink(tmp)  # a leftover of a run killed right here
        except FileNotFoundError:
            pass
        fd = os.open(tmp, flags, 0o600)
        try:
            os.write(fd, body)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)  # atomic: a reader sees the old marker (none) or the whole new one
    except OSError as exc:
        log.warning("clean-close marker %s not written: %s", target, exc)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True
