"""The clean-close marker and the deferred integrity check (issue 21: the heavy profile's first frame).

A clean close leaves ``moodtune.db.clean`` describing the file; the next open skips ``PRAGMA
quick_check`` only when the file is still exactly that file.  Otherwise the check runs: at open
(CLI, tests) or, for the window, after its first frame on a background thread, and damage it
finds reaches the window's "damaged profile" dialog.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading

import numpy as np
import pytest

from desktop.core.errors import DamagedUserDataError
from desktop.engine.recommend import Recommender
from desktop.library.catalog import Catalog
from desktop.profile import clean_close
from desktop.profile import user_store as us
from desktop.profile.user_store import DB_NAME, UserStore
from tests.helpers import one_hot_mix


@pytest.fixture
def recs(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(0)), top=3)


@pytest.fixture
def checks(monkeypatch):
    """Every quick_check the store runs, at open or deferred: the thread it ran on."""
    ran: list[str] = []
    real_execute = us.SqliteDatabase.execute_sql
    real_quick = us.quick_check

    def execute_sql(self, sql, *a, **kw):
        if "quick_check" in str(sql):
            ran.append(threading.current_thread().name)
        return real_execute(self, sql, *a, **kw)

    def quick(uri):
        ran.append(threading.current_thread().name)
        return real_quick(uri)

    monkeypatch.setattr(us.SqliteDatabase, "execute_sql", execute_sql)
    monkeypatch.setattr(us, "quick_check", quick)
    return ran


def _profile_with_votes(folder, recs, n=200):
    store = UserStore(folder)
    with store.db.atomic():  # one transaction, one sync to disk, instead of one commit per vote
        for i in range(n):
            store.add_vote(f"텍스트 {i} " * 20, np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    store.close()
    return folder / DB_NAME


def _zero_a_page(db):
    """Damage that keeps the size: one zeroed page in the middle of the file."""
    data = bytearray(db.read_bytes())
    data[4096 * 2 : 4096 * 3] = bytes(4096)
    db.write_bytes(bytes(data))


def test_clean_close_writes_a_marker_that_describes_the_file(tmp_path, recs):
    db = _profile_with_votes(tmp_path, recs)
    marker = clean_close.marker_path(db)
    data = json.loads(marker.read_text(encoding="utf-8"))
    st = os.stat(db)
    assert data["db"] == {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    assert not db.with_name(DB_NAME + "-wal").exists() or db.with_name(DB_NAME + "-wal").stat().st_size == 0
    assert clean_close.matches(db)
    assert oct(marker.stat().st_mode & 0o777) == oct(0o600)


def test_open_after_a_clean_close_skips_the_check_and_removes_the_marker(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    checks.clear()
    store = UserStore(tmp_path)
    assert store.integrity == us.TRUSTED and checks == []
    assert not clean_close.marker_path(db).exists()  # a crash during this run is seen next time
    store.add_vote("좋아", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    store.close()
    assert clean_close.matches(db)  # and this clean close leaves a new one


def test_a_store_closed_without_a_clean_close_has_no_marker(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    store = UserStore(tmp_path)
    store.add_vote("좋아", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    store.close_quietly()  # what an error path (or a crash: nothing at all) leaves
    checks.clear()
    UserStore(tmp_path).close()
    assert checks, "the file was not checked after a run that did not close cleanly"
    assert db.exists()


def _grow(db):
    """A page more, with the old modification time put back: only the size tells."""
    st = os.stat(db)
    with open(db, "ab") as f:
        f.write(bytes(4096))
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))


def _touch(db):
    st = os.stat(db)
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _replace(db):
    """Another file with the same bytes and times: a new inode."""
    copy = db.with_name("copy")
    shutil.copy2(db, copy)
    os.replace(copy, db)


def _rewrite_same_size(db):
    db.write_bytes(db.read_bytes())  # same inode, same size: only the modification time tells


def _wal_left(db):
    db.with_name(DB_NAME + "-wal").write_bytes(b"\0" * 32)


@pytest.mark.parametrize(
    "change",
    [_grow, _touch, _replace, _rewrite_same_size, _wal_left],
    ids=["size", "mtime", "inode", "rewritten-at-once", "wal-left"],
)
def test_a_file_changed_after_the_clean_close_is_checked(tmp_path, recs, checks, change):
    db = _profile_with_votes(tmp_path, recs)
    change(db)
    checks.clear()
    assert not clean_close.matches(db)
    try:
        store = UserStore(tmp_path)
    except DamagedUserDataError:
        pass  # the check ran and said so (grown by a zero page, a junk WAL)
    else:
        assert store.integrity == us.CHECKED
        store.close()
    assert checks


def test_a_change_within_the_close_clock_tick_is_still_seen(tmp_path, recs, checks, monkeypatch):
    """Linux stamps writes with a clock that ticks every few ms: a write right after the clean close
    could keep the recorded time.  Simulated: the damage is stamped with the time the file had when
    the marker was about to be written."""
    kernel_time = []
    real_write = clean_close.write

    def write(db):
        kernel_time.append(os.stat(db).st_mtime_ns)
        return real_write(db)

    monkeypatch.setattr(clean_close, "write", write)
    db = _profile_with_votes(tmp_path, recs)
    st = os.stat(db)
    _zero_a_page(db)
    os.utime(db, ns=(st.st_atime_ns, kernel_time[-1]))
    assert os.stat(db).st_ino == st.st_ino and os.stat(db).st_size == st.st_size
    with pytest.raises(DamagedUserDataError):
        UserStore(tmp_path)


def test_damage_behind_a_stale_marker_is_still_caught(tmp_path, recs):
    db = _profile_with_votes(tmp_path, recs)
    marker = clean_close.marker_path(db)
    forged = marker.read_text(encoding="utf-8")  # the real marker, plausible in every field
    _zero_a_page(db)  # same inode, same size, a later time
    marker.write_text(forged, encoding="utf-8")
    with pytest.raises(DamagedUserDataError) as info:
        UserStore(tmp_path)
    assert info.value.path == db


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"format": 1, "db": []}',
        b"\xff\xfe" * 10,
        b"{" + b" " * 10_000 + b"}",
        "wrong types",
        "extra field",
        "link",
    ],
)
def test_a_damaged_or_forged_marker_means_the_check_runs(tmp_path, recs, checks, content):
    db = _profile_with_votes(tmp_path, recs)
    marker = clean_close.marker_path(db)
    real = json.loads(marker.read_text(encoding="utf-8"))
    if content == "wrong types":
        real["db"]["size"] = float(real["db"]["size"])  # equal in value, not what a marker holds
        marker.write_text(json.dumps(real), encoding="utf-8")
    elif content == "extra field":
        real["db"]["extra"] = 1
        marker.write_text(json.dumps(real), encoding="utf-8")
    elif content == "link":
        good = tmp_path / "elsewhere"
        marker.replace(good)
        marker.symlink_to(good)
    else:
        marker.write_bytes(content)
    checks.clear()
    UserStore(tmp_path).close()
    assert checks
    assert not marker.is_symlink()  # replaced by a plain marker at the clean close, never followed


def test_deferred_check_runs_off_the_opening_thread_and_blocks_writes_to_a_damaged_file(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    _zero_a_page(db)
    store = UserStore(tmp_path, defer_check=True)  # opens: nothing checked yet
    assert store.integrity == us.PENDING and checks == []
    before = db.read_bytes()
    errors = []

    def background():
        try:
            store.check_integrity()
        except DamagedUserDataError as exc:
            errors.append(exc)

    t = threading.Thread(target=background, name="integrity-test")
    t.start()
    t.join(30)
    assert checks == ["integrity-test"] and len(errors) == 1 and store.integrity == us.DAMAGED
    with pytest.raises(DamagedUserDataError):
        store.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    with pytest.raises(DamagedUserDataError):
        store.set("theme", "dark")
    store.close()
    assert db.read_bytes() == before  # nothing written to the damaged file, not even at close
    assert not clean_close.marker_path(db).exists()


def test_a_write_before_the_deferred_check_runs_it_first(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    _zero_a_page(db)
    store = UserStore(tmp_path, defer_check=True)
    with pytest.raises(DamagedUserDataError):
        store.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    assert len(checks) == 1
    store.close()


def test_deferred_check_of_a_sound_file_then_a_clean_close(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    store = UserStore(tmp_path, defer_check=True)
    store.check_integrity()
    store.check_integrity()  # once only
    assert store.integrity == us.CHECKED and len(checks) == 1
    store.close()
    assert clean_close.matches(db)


def test_an_unchecked_store_leaves_no_marker(tmp_path, recs):
    """A file the check never read (the window closed at once, or another program locked it) is not
    declared clean: the next start checks it."""
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    UserStore(tmp_path, defer_check=True).close()
    assert not clean_close.marker_path(db).exists()


def test_a_locked_file_is_left_unchecked_not_called_damaged(tmp_path, recs, monkeypatch):
    """Another program holding the file exclusively (a backup tool): the check cannot read it."""
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    store = UserStore(tmp_path, defer_check=True)

    def locked(uri):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(us, "quick_check", locked)
    store.check_integrity()  # no DamagedUserDataError
    assert store.integrity == us.UNCHECKED
    store.close()
    assert not clean_close.marker_path(db).exists()


def test_read_only_open_trusts_the_marker_and_keeps_it(tmp_path, recs, checks):
    db = _profile_with_votes(tmp_path, recs)
    checks.clear()
    store = UserStore(tmp_path, read_only=True)
    assert store.integrity == us.TRUSTED and checks == [] and len(store.votes()) == 200
    store.close()
    assert clean_close.matches(db)


def test_moving_a_damaged_file_aside_takes_its_marker(tmp_path, recs):
    db = _profile_with_votes(tmp_path, recs)
    us.move_aside(db)
    assert not clean_close.marker_path(db).exists()


# ---- the window: the check after the first frame, on its own thread
@pytest.fixture(autouse=True)
def _own_log():
    """run_app sets up the log in this test's profile once per process; later tests expect the first
    set-up to be theirs (test_ui checks its log file), so this file's runs leave no handler behind."""
    import logging

    log = logging.getLogger("moodtune")
    saved, saved_file = log.handlers[:], getattr(log, "_moodtune_file", None)
    yield
    for h in log.handlers:
        if h not in saved:
            h.close()
    log.handlers[:] = saved
    log._moodtune_file = saved_file


def _start(background: bool):
    """As ``moodtune`` starts the window: the service loads on a thread, the check deferred."""
    from desktop.service import Moodtune

    return Moodtune.start_loading(lazy_models=True, defer_integrity=True) if background else None


@pytest.mark.ui
@pytest.mark.parametrize("background", [False, True])
def test_deferred_check_reports_damage_to_the_window(qtbot, monkeypatch, tmp_path, recs, checks, background):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import app as app_module
    from desktop.ui.main_window import MainWindow

    profile = tmp_path / "profile"  # the test's MOODTUNE_DATA_DIR (conftest)
    db = _profile_with_votes(profile, recs)
    clean_close.remove(db)  # the last run did not close cleanly
    _zero_a_page(db)
    damaged_bytes = db.read_bytes()
    shown = []

    def click_fresh(box):
        shown.append((box.text(), box.parent()))
        fresh = next(b for b in box.buttons() if "fresh" in b.text())
        monkeypatch.setattr(box, "clickedButton", lambda: fresh)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_fresh)
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    checks.clear()
    assert app_module.run_app([], pending=_start(background)) == 0
    assert len(shown) == 1 and "damaged" in shown[0][0]
    assert isinstance(shown[0][1], MainWindow)  # over the window, which was shown first
    moved = [
        p
        for p in profile.iterdir()
        if p.name.startswith(DB_NAME + ".damaged-") and "-wal" not in p.name and "-shm" not in p.name
    ]
    assert len(moved) == 1 and moved[0].read_bytes() == damaged_bytes  # kept as it was, never written
    fresh = UserStore(profile)
    assert fresh.votes() == []
    fresh.close()
    assert checks and "MainThread" not in checks


@pytest.mark.ui
def test_deferred_check_never_runs_on_the_gui_thread(qtbot, monkeypatch, tmp_path, recs, checks):
    from desktop.ui import app as app_module

    profile = tmp_path / "profile"
    db = _profile_with_votes(profile, recs)
    clean_close.remove(db)
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    checks.clear()
    assert app_module.run_app([], pending=_start(True)) == 0
    assert checks == ["moodtune-integrity"]
    assert threading.current_thread() is threading.main_thread()  # the GUI thread is this one
    assert clean_close.matches(db)  # checked, closed cleanly: the next start skips the check
    checks.clear()
    assert app_module.run_app([], pending=_start(True)) == 0
    assert checks == []


@pytest.mark.ui
def test_declining_the_fresh_start_writes_nothing(qtbot, monkeypatch, tmp_path, recs):
    """Cancel: the damaged file stays as it is (no move, no write, no marker) and the next start asks again."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import app as app_module

    profile = tmp_path / "profile"
    db = _profile_with_votes(profile, recs)
    clean_close.remove(db)
    _zero_a_page(db)
    before = db.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)  # Cancel
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    assert app_module.run_app([], pending=_start(True)) == 0
    assert len(shown) == 1 and "damaged" in shown[0]
    assert db.read_bytes() == before and not clean_close.marker_path(db).exists()
    assert not [p for p in profile.iterdir() if ".damaged-" in p.name]


@pytest.mark.ui
def test_damage_met_while_the_window_is_built_offers_the_fresh_start(qtbot, monkeypatch, tmp_path, recs):
    """A read before the deferred check has answered can meet the damage first (the settings on a
    damaged page): the same dialog, not "Moodtune cannot start"."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import app as app_module
    from desktop.ui import main_window

    profile = tmp_path / "profile"
    db = _profile_with_votes(profile, recs)
    clean_close.remove(db)
    real_init = main_window.MainWindow.__init__
    built = []

    def init(self, service, *a, **kw):
        built.append(service)
        if len(built) == 1:  # the first window's settings read meets a damaged page
            service.store._read(
                "read your settings",
                lambda: (_ for _ in ()).throw(sqlite3.DatabaseError("database disk image is malformed")),
            )
        real_init(self, service, *a, **kw)

    monkeypatch.setattr(main_window.MainWindow, "__init__", init)
    shown = []

    def click_fresh(box):
        shown.append(box.text())
        fresh = next(b for b in box.buttons() if "fresh" in b.text())
        monkeypatch.setattr(box, "clickedButton", lambda: fresh)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_fresh)
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    assert app_module.run_app([], pending=_start(True)) == 0
    assert len(shown) == 1 and "damaged" in shown[0] and len(built) == 2
    assert built[0].store._damage is not None  # and that store wrote nothing more
    assert [p for p in profile.iterdir() if ".damaged-" in p.name]


def _crash_with_a_wal(db):
    """Committed writes left in the WAL, as a killed run leaves them (no checkpoint, no marker)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(20):
        con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (f"left_by_crash_{i}", json.dumps("x" * 500)))
    con.commit()
    reader = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    reader.execute("PRAGMA user_version").fetchone()
    con.close()  # not the last connection: the WAL is not folded
    reader.close()  # read-only: never folds it
    wal = db.with_name(DB_NAME + "-wal")
    assert wal.stat().st_size > 0
    return wal


@pytest.mark.ui
def test_a_damaged_file_and_its_wal_stay_as_found_when_the_user_declines(qtbot, monkeypatch, tmp_path, recs):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import app as app_module

    profile = tmp_path / "profile"
    db = _profile_with_votes(profile, recs)
    clean_close.remove(db)
    wal = _crash_with_a_wal(db)
    _zero_a_page(db)
    before, wal_before = db.read_bytes(), wal.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)  # Cancel
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    assert app_module.run_app([], pending=_start(True)) == 0
    assert len(shown) == 1 and "damaged" in shown[0]
    assert db.read_bytes() == before  # the WAL was not folded into the damaged file at close
    assert wal.exists() and wal.read_bytes() == wal_before


def test_damage_found_at_open_leaves_the_file_and_its_wal_as_found(tmp_path, recs):
    db = _profile_with_votes(tmp_path, recs)
    clean_close.remove(db)
    wal = _crash_with_a_wal(db)
    _zero_a_page(db)
    before, wal_before = db.read_bytes(), wal.read_bytes()
    with pytest.raises(DamagedUserDataError):
        UserStore(tmp_path)
    assert db.read_bytes() == before and wal.read_bytes() == wal_before
