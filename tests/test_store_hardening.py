"""The user store under hostile conditions (audit 2026-12-02: D12, D15, D16, D17, D18, D22)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import numpy as np
import pytest

from desktop.core import paths
from desktop.core.errors import (
    DiskFullError,
    LockedUserDataError,
    NewerUserDataError,
    OptionError,
    UnsafeUserDataError,
    UserDataError,
)
from desktop.engine.recommend import Recommender
from desktop.library.catalog import Catalog
from desktop.profile.user_store import DB_NAME, UserStore
from tests.helpers import one_hot_mix


@pytest.fixture
def recs(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(0)), top=3)


def _lock(path, exclusive=False):
    """Another program holding a write transaction on ``path`` (returns its connection)."""
    con = sqlite3.connect(path, isolation_level=None, timeout=0)
    if exclusive:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
    else:
        con.execute("BEGIN IMMEDIATE")
    con.execute("insert or replace into settings values('x','1')")
    return con


# ---- D15
def test_full_disk_says_the_disk_is_full(tmp_path, recs):
    s = UserStore(tmp_path / "p")
    s.db.execute_sql(f"PRAGMA max_page_count={s.db.execute_sql('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(DiskFullError, match="the disk is full"):
        for i in range(100):
            s.set("export_folder", "x" * 20_000 + str(i))
    with pytest.raises(DiskFullError, match="the disk is full"):
        for _ in range(200):
            s.add_vote("y" * 9000, np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    s.close()


# ---- D16
def test_future_schema_is_refused_before_anything_changes(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    db = folder / DB_NAME
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version=7")
    con.execute("create table t(x)")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(NewerUserDataError) as exc:
        UserStore(folder)
    assert "newer Moodtune" in str(exc.value) and "disk space" not in exc.value.user_message()
    assert db.read_bytes() == before
    assert not (folder / (DB_NAME + "-wal")).exists() and not (folder / (DB_NAME + "-shm")).exists()


# ---- D17
def test_unwritable_folder_falls_back_to_reading(tmp_path, recs, monkeypatch):
    s = UserStore(tmp_path / "p")
    s.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    s.close()
    real = UserStore._connect

    def connect(self, read_only):  # as a read-only mount answers (root ignores chmod)
        if not read_only:
            raise sqlite3.OperationalError("unable to open database file")
        return real(self, read_only)

    monkeypatch.setattr(UserStore, "_connect", connect)
    s = UserStore(tmp_path / "p")
    try:
        assert s.read_only and len(s.votes()) == 1
        from desktop.profile.feedback_export import export_feedback

        assert export_feedback(s, tmp_path / "v.csv") == 1
        with pytest.raises(UserDataError):
            s.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    finally:
        s.close()


def test_read_only_open_never_creates_a_profile(tmp_path):
    with pytest.raises(UserDataError, match="no saved data yet"):
        UserStore(tmp_path / "none", read_only=True)
    assert not (tmp_path / "none" / DB_NAME).exists()


def test_cli_export_does_not_create_a_profile(tmp_path, capsys, monkeypatch):
    from desktop.cli import main

    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "fresh"))
    assert main(["export-feedback", str(tmp_path / "v.csv")]) == 2
    assert "no saved data yet" in capsys.readouterr().err
    assert not (tmp_path / "fresh" / DB_NAME).exists()


# ---- D22
@pytest.mark.parametrize("kind", ["dangling", "to_file", "fifo", "wal_link"])
def test_database_path_must_be_a_plain_file(tmp_path, kind):
    folder = tmp_path / "p"
    folder.mkdir()
    db = folder / DB_NAME
    target = tmp_path / "elsewhere.db"
    if kind == "dangling":
        db.symlink_to(target)
    elif kind == "to_file":
        target.write_bytes(b"")
        db.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(db)
    else:
        UserStore(folder).close()
        (folder / (DB_NAME + "-wal")).unlink(missing_ok=True)
        (folder / (DB_NAME + "-wal")).symlink_to(target)
    t0 = time.monotonic()
    with pytest.raises(UnsafeUserDataError):
        UserStore(folder)
    assert time.monotonic() - t0 < 2
    assert not target.exists() or target.read_bytes() == b""


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_log_path_is_never_followed_or_blocked_on(tmp_path, monkeypatch, kind):
    import logging

    from desktop.ui import app as app_module

    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "p"))
    logs = tmp_path / "p" / "logs"
    logs.mkdir(parents=True)
    target = tmp_path / "bashrc"
    target.write_text("# rc\n")
    if kind == "link":
        (logs / "moodtune.log").symlink_to(target)
    else:
        os.mkfifo(logs / "moodtune.log")
    log = logging.getLogger("moodtune")
    saved = log.handlers[:]
    log.handlers.clear()
    done = []
    t = threading.Thread(target=lambda: done.append(app_module.setup_logging()), daemon=True)
    t.start()
    t.join(5)
    try:
        assert done == [None]  # stderr instead, no hang
        log.warning("hello")
        assert target.read_text() == "# rc\n"
    finally:
        log.handlers[:] = saved


def test_blank_data_dir_is_an_error_not_the_real_profile(monkeypatch, capsys):
    from desktop.cli import main

    monkeypatch.setenv("MOODTUNE_DATA_DIR", "")
    with pytest.raises(OptionError):
        paths.user_data_dir()
    assert main(["export-feedback", "x.csv"]) == 2
    assert "MOODTUNE_DATA_DIR is set but empty" in capsys.readouterr().err


# ---- D12
def test_locked_database_is_reported_quickly_and_as_locked(tmp_path, recs):
    s = UserStore(tmp_path / "p")
    s.use_short_busy_timeout(200)
    other = _lock(s.path)
    try:
        t0 = time.monotonic()
        with pytest.raises(LockedUserDataError) as exc:
            s.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
        assert time.monotonic() - t0 < 1.5
        assert "in use by another program" in str(exc.value) and "damaged (" not in str(exc.value)
        assert exc.value.localized("ko").startswith("다른 프로그램이")
    finally:
        other.rollback()
        other.close()
        s.close()


def test_self_test_does_not_call_a_locked_file_damaged(tmp_path, monkeypatch):
    from desktop import selftest
    from desktop.selftest import check_user_data

    monkeypatch.setattr(selftest, "CHECK_BUSY_TIMEOUT_S", 0.1)  # the lock never ends: no need to wait 1 s

    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "p"))
    s = UserStore()
    s.close()
    other = _lock(s.path, exclusive=True)
    try:
        ok, note = check_user_data()
    finally:
        other.rollback()
        other.close()
    assert "damaged" not in note and "in use by another program" in note


def test_start_on_an_exclusively_locked_file_says_locked(tmp_path, monkeypatch):
    import desktop.profile.user_store as us

    s = UserStore(tmp_path / "p")
    s.close()
    monkeypatch.setattr(us, "OPEN_RETRY_SECONDS", 0.2)
    monkeypatch.setattr(us, "BUSY_TIMEOUT_MS", 200)  # SQLite's own wait (5 s) before it says locked
    other = _lock(s.path, exclusive=True)
    try:
        with pytest.raises(LockedUserDataError):
            UserStore(tmp_path / "p")
    finally:
        other.rollback()
        other.close()


# ---- D18
def test_history_saves_keep_the_feedback_cache(tmp_path, recs, small_catalog, monkeypatch):
    s = UserStore(tmp_path / "p")
    cat = Catalog.open(small_catalog)
    s.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    first = s.signals(cat)
    calls = []
    real = s._signals
    monkeypatch.setattr(s, "_signals", lambda c: calls.append(1) or real(c))
    s.add_history("y", np.array(one_hot_mix(0)), recs)
    s.set("top_n", 20)
    assert s.signals(cat) is first and calls == []
    s.add_vote("z", np.array(one_hot_mix(1)), recs[1], -1, "m", "c")
    assert len(s.signals(cat).votes) == 2  # the new vote counts (added to the cache, see below)
    s.close()


def test_a_new_vote_extends_the_feedback_cache_instead_of_rebuilding(tmp_path, recs, small_catalog, monkeypatch):
    s = UserStore(tmp_path / "p")
    cat = Catalog.open(small_catalog)
    for i in range(3):
        s.add_vote("x", np.array(one_hot_mix(i)), recs[i % len(recs)], 1 if i % 2 else -1, "m", "c")
    s.signals(cat)
    s.latest_votes()
    calls = []
    real = s._signals
    monkeypatch.setattr(s, "_signals", lambda c: calls.append(1) or real(c))
    s.add_vote("y", np.array(one_hot_mix(4)), recs[1], -1, "m", "c")
    got, latest = s.signals(cat), s.latest_votes()
    assert calls == []
    fresh = real(cat)[1]
    assert np.array_equal(got.rows, fresh.rows) and np.array_equal(got.votes, fresh.votes)
    assert np.allclose(got.moods, fresh.moods)
    assert latest[recs[1].song.key] == -1
    s.delete_vote(1)  # an undo takes the vote out of the cache (see the next test)
    assert len(s.signals(cat).votes) == 3 and calls == []
    other = UserStore(tmp_path / "p")  # another process's vote is seen (data_version)
    other.add_vote("z", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    other.close()
    assert len(s.signals(cat).votes) == 4
    s.close()


def test_taking_votes_back_shrinks_the_feedback_cache_as_a_rebuild_would(tmp_path, recs, small_catalog, monkeypatch):
    """Undo, a second ♡ and "remove vote" delete a vote: the cached signals, keyed votes and latest votes lose
    exactly that vote (the song's earlier vote shows again) without re-reading every vote."""
    import random
    from dataclasses import replace

    from desktop.library.catalog import SongInfo

    s = UserStore(tmp_path / "p")
    cat = Catalog.open(small_catalog)
    song = recs[0].song
    stray = replace(
        recs[0],
        song=SongInfo(*(("not-in-catalog" if f == "key" else getattr(song, f)) for f in song.__dataclass_fields__)),
    )
    pool = [*recs, stray]
    rng = random.Random(3)
    ids = [
        s.add_vote("x", np.array(one_hot_mix(i % 7)), pool[i % len(pool)], 1 if i % 3 else -1, "m", "c")
        for i in range(12)
    ]
    s.signals(cat)
    s.latest_votes()
    s.keyed_votes()
    calls = []
    real, real_keyed = s._signals, s._keyed_votes
    monkeypatch.setattr(s, "_signals", lambda c: calls.append(1) or real(c))
    monkeypatch.setattr(s, "_keyed_votes", lambda: calls.append(2) or real_keyed())
    for step in range(40):
        if ids and rng.random() < 0.5:
            s.delete_vote(ids.pop(rng.randrange(len(ids))))  # the newest or an older vote of a song
        elif step % 9 == 0:
            s.delete_vote(10_000 + step)  # no such vote: nothing changes
        else:
            ids.append(
                s.add_vote("y", np.array(one_hot_mix(step % 7)), rng.choice(pool), rng.choice((1, -1)), "m", "c")
            )
        got, latest = s.signals(cat), s.latest_votes()
        fresh_ids, fresh = real(cat)
        assert np.array_equal(got.rows, fresh.rows) and np.array_equal(got.votes, fresh.votes)
        assert np.array_equal(got.moods, fresh.moods)
        V = s.Vote  # noqa: N806
        assert latest == {v.song_key: v.vote for v in V.select().order_by(V.id)}
        keyed, fresh_keyed = s.keyed_votes(), real_keyed()[1]  # every vote by key, the stray song's too
        assert keyed.keys == fresh_keyed.keys and keyed.artists == fresh_keyed.artists
        assert np.array_equal(keyed.votes, fresh_keyed.votes) and np.array_equal(keyed.moods, fresh_keyed.moods)
    assert calls == []  # every step was served from the cache
    s.close()
