"""Votes, history and settings in the per-user SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from desktop.core.errors import UserDataError
from desktop.engine.recommend import Recommender
from desktop.library.catalog import Catalog
from desktop.profile.user_store import UserStore
from tests.helpers import ROOT, one_hot_mix


@pytest.fixture
def recs(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(1)), top=3)


def test_vote_row_has_everything(tmp_path, recs):
    store = UserStore(tmp_path)
    mood = np.array(one_hot_mix(1))
    store.add_vote("비 오는 날 우울해", mood, recs[0], -1, "m1", "c1")
    (v,) = store.votes()
    assert (v.text, v.song_key, v.rank, v.vote, v.model_version, v.catalog_version) == (
        "비 오는 날 우울해",
        recs[0].song.key,
        1,
        -1,
        "m1",
        "c1",
    )
    assert np.allclose(v.mood, mood, atol=1e-6)  # a record: the JSON column is already decoded
    assert v.created_at is not None
    assert store.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_text_not_stored_when_turned_off(tmp_path, recs):
    store = UserStore(tmp_path)
    store.set("store_text", False)
    store.add_vote("비밀", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    store.add_history("비밀", np.array(one_hot_mix(1)), recs)
    assert store.votes()[0].text is None and store.history()[0].text is None
    store.close()


@pytest.mark.subprocess
def test_vote_survives_a_kill(tmp_path, small_catalog):
    """A child process votes and dies with os._exit right after; the vote is on disk."""
    code = f"""
import os, numpy as np
from desktop.library.catalog import Catalog
from desktop.engine.recommend import Recommender
from desktop.profile.user_store import UserStore
cat = Catalog.open(r"{small_catalog}")
rec = Recommender.from_catalog(cat).rank(np.full(7, 1 / 7), top=1)[0]
UserStore(r"{tmp_path}").add_vote("x", np.full(7, 1 / 7), rec, 1, "m", "c")
os._exit(9)
"""
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 9
    con = sqlite3.connect(tmp_path / "moodtune.db")
    assert con.execute("select count(*) from votes").fetchone()[0] == 1


def test_settings_round_trip(tmp_path):
    store = UserStore(tmp_path)
    assert store.get("store_text") is True
    store.set("preferred_genres", ["발라드", "댄스"])
    store.close()
    assert UserStore(tmp_path).get("preferred_genres") == ["발라드", "댄스"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_a_clear_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    with pytest.raises(UserDataError, match="read-only|Could not"):
        UserStore(ro / "sub")


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserDataError, match="Could not open your saved data"):
        UserStore(blocker / "profile")


def test_locked_database_is_a_clear_error(tmp_path, recs):
    store = UserStore(tmp_path)
    store.db.execute_sql("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(tmp_path / "moodtune.db", timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserDataError, match="in use by another program"):
            store.add_vote("x", np.full(7, 1 / 7), recs[0], 1, "m", "c")
    finally:
        other.rollback()
        other.close()
    store.add_vote("x", np.full(7, 1 / 7), recs[0], 1, "m", "c")  # works again once released
    assert len(store.votes()) == 1
    store.close()


def test_history_newest_first_and_clear(tmp_path, recs):
    store = UserStore(tmp_path)
    for t in ("하나", "둘"):
        store.add_history(t, np.array(one_hot_mix(0)), recs)
    assert [h.text for h in store.history()] == ["둘", "하나"]
    store.clear_history()
    assert store.history() == []
    store.close()


def test_set_many_is_all_or_nothing(tmp_path):
    store = UserStore(tmp_path)
    store.set_many({"top_n": 12, "exclude_disliked": True})
    assert store.get("top_n") == 12 and store.get("exclude_disliked") is True
    # The database refuses the second setting: the first, written before it, must be rolled back.
    store.db.execute_sql(
        "CREATE TRIGGER refuse BEFORE INSERT ON settings WHEN NEW.key = 'year_min' "
        "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    with pytest.raises(UserDataError):
        store.set_many({"top_n": 50, "year_min": 2001})
    assert store.get("top_n") == 12
    with pytest.raises(ValueError):  # invalid values are refused before anything is written
        store.set_many({"top_n": 40, "year_min": "2001"})
    assert store.get("top_n") == 12
    store.close()


def test_two_stores_in_one_process_stay_apart(tmp_path, recs):
    a, b = UserStore(tmp_path / "a"), UserStore(tmp_path / "b")
    a.add_vote("a", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    b.set("top_n", 50)
    assert len(a.votes()) == 1 and b.votes() == []
    assert a.get("top_n") == 30 and b.get("top_n") == 50
    a.close()
    b.close()


def test_damaged_settings_fall_back_to_defaults(tmp_path):
    store = UserStore(tmp_path)
    store.db.execute_sql(
        "INSERT OR REPLACE INTO settings VALUES ('top_n', '\"lots\"'), ('store_text', '{bad json'),"
        " ('language', '\"klingon\"'), ('preferred_genres', '[1, 2]')"
    )
    assert store.get("top_n") == 30 and store.get("store_text") is True
    assert store.get("language") == "system" and store.get("preferred_genres") == []
    with pytest.raises(KeyError):
        store.get("no_such_setting")
    store.close()


def test_newer_data_version_is_a_clear_error(tmp_path):
    UserStore(tmp_path).close()
    con = sqlite3.connect(tmp_path / "moodtune.db")
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(UserDataError, match="newer Moodtune"):
        UserStore(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_user_data_is_private(tmp_path, recs):
    store = UserStore(tmp_path / "p")
    store.add_vote("비밀", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o700
    for name in ("moodtune.db", "moodtune.db-wal"):
        assert (tmp_path / "p" / name).stat().st_mode & 0o777 == 0o600, name
    store.close()


def test_surrogates_in_a_vote_text_are_stored(tmp_path, recs):
    store = UserStore(tmp_path)
    store.add_vote("a\udcffb", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    assert store.votes()[0].text == "a\ufffdb"
    store.close()


@pytest.mark.subprocess
def test_racing_fresh_profile_starts(tmp_path):
    """Processes opening the same new profile at once all succeed (schema created once, others wait)."""
    code = "import sys; from desktop.profile.user_store import UserStore; UserStore(sys.argv[1]).close()"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(3):
        folder = tmp_path / f"fresh{round_}"
        procs = [
            subprocess.Popen([sys.executable, "-c", code, str(folder)], env=env, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        for p in procs:
            _, err = p.communicate(timeout=60)
            assert p.returncode == 0, err.decode()


def test_damaged_file_is_detected_and_can_be_moved_aside(tmp_path, recs):
    from desktop.core.errors import DamagedUserDataError
    from desktop.profile.user_store import move_aside

    store = UserStore(tmp_path)
    with store.db.atomic():  # one transaction, one sync to disk, instead of one commit per vote
        for i in range(200):
            store.add_vote(f"텍스트 {i} " * 20, np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    store.close()
    db = tmp_path / "moodtune.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    data[4096 * 2 : 4096 * 3] = bytes(4096)  # one zeroed page
    db.write_bytes(bytes(data))
    with pytest.raises(DamagedUserDataError) as info:
        UserStore(tmp_path)
    assert "damaged" in str(info.value) and info.value.path == db
    before = db.read_bytes()
    moved = move_aside(db)
    assert moved.read_bytes() == before and not db.exists()  # kept, never overwritten
    fresh = UserStore(tmp_path)
    assert fresh.votes() == []
    fresh.close()


def test_not_a_database_is_damaged_not_a_crash(tmp_path):
    from desktop.core.errors import DamagedUserDataError

    (tmp_path / "moodtune.db").write_bytes(b"definitely not sqlite" * 300)
    with pytest.raises(DamagedUserDataError):
        UserStore(tmp_path)


def test_store_returns_records_and_skips_unreadable_rows(tmp_path, recs):
    from desktop.profile.user_store import HistoryRecord, VoteRecord

    store = UserStore(tmp_path)
    store.add_vote("좋아", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    store.add_history("좋아", np.array(one_hot_mix(0)), recs)
    store.db.execute_sql(
        "INSERT INTO votes (created_at, text, mood, song_key, title, artist, rank, score, vote, "
        "model_version, catalog_version) VALUES ('2026-01-01', 'x', '{broken', 'k', 't', 'a', 1, 0.5, "
        "1, 'm', 'c')"
    )
    (v,) = store.votes()
    assert isinstance(v, VoteRecord) and v.mood == pytest.approx(one_hot_mix(0), abs=1e-6)
    (h,) = store.history()
    assert isinstance(h, HistoryRecord) and h.songs[0][1] == recs[0].song.title
    store.close()


def test_cached_reads_follow_every_writer(tmp_path, small_catalog):
    """Settings and votes are cached between rankings; a write by this store, by another
    connection (the CLI beside the window) or from another thread must show at once."""
    import threading

    catalog = Catalog.open(small_catalog)
    recs = Recommender.from_catalog(catalog).rank(np.array(one_hot_mix(1)), top=3)
    app, cli = UserStore(tmp_path), UserStore(tmp_path)
    assert app.get("top_n") == 30 and len(app.signals(catalog).rows) == 0  # now cached
    cli.set("top_n", 50)
    cli.add_vote("x", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
    assert app.get("top_n") == 50
    assert len(app.signals(catalog).rows) == 1 and app.latest_votes() == {recs[0].song.key: 1}
    app.add_vote("y", np.array(one_hot_mix(1)), recs[1], -1, "m", "c")
    assert len(app.signals(catalog).rows) == 2 and app.latest_votes()[recs[1].song.key] == -1
    seen = []
    worker = threading.Thread(target=lambda: seen.append((app.get("top_n"), len(app.signals(catalog).rows))))
    worker.start()
    worker.join()
    app.set("top_n", 40)
    assert seen == [(50, 2)] and app.get("top_n") == 40 and cli.get("top_n") == 40
    app.close()
    cli.close()


def test_votes_without_moods_lists_every_vote_and_decodes_none(tmp_path, recs):
    """What "My votes" reads: the same votes with no mood decoded, and a vote whose mood is
    unreadable still listed (the ranking skips it; the user may still take it back)."""
    store = UserStore(tmp_path)
    try:
        store.add_vote("t", np.array(one_hot_mix(1)), recs[0], 1, "m", "c")
        store.add_vote("t", np.array(one_hot_mix(1)), recs[1], -1, "m", "c")
        store.db.execute_sql("UPDATE votes SET mood = 'not json' WHERE song_key = ?", (recs[1].song.key,))
        full, light = store.votes(), store.votes(moods=False)
        assert [v.song_key for v in full] == [recs[0].song.key] and len(full[0].mood) == 7
        assert [v.song_key for v in light] == [recs[0].song.key, recs[1].song.key]
        assert all(v.mood == () for v in light)
        fields = lambda v: (v.id, v.created_at, v.text, v.title, v.artist, v.rank, v.score, v.vote)  # noqa: E731
        assert fields(light[0]) == fields(full[0])
        assert light[0].created_at.tzinfo is not None and isinstance(light[0].rank, int)
    finally:
        store.close()
