"""Votes, history and settings in the per-user SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, one_hot_mix

from desktop.catalog import Catalog
from desktop.errors import UserDataError
from desktop.recommend import Recommender
from desktop.user_store import UserStore


@pytest.fixture
def recs(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(1)), top=3)


def test_vote_row_has_everything(tmp_path, recs):
    store = UserStore(tmp_path)
    mood = np.array(one_hot_mix(1))
    store.add_vote("비 오는 날 우울해", mood, recs[0], -1, "m1", "c1")
    (v,) = store.votes()
    assert (v.text, v.song_key, v.rank, v.vote, v.model_version, v.catalog_version) == (
        "비 오는 날 우울해", recs[0].song.key, 1, -1, "m1", "c1")
    assert np.allclose(eval(v.mood), mood, atol=1e-6)  # noqa: S307 (JSON list literal)
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


def test_vote_survives_a_kill(tmp_path, small_catalog):
    """A child process votes and dies with os._exit right after; the vote is on disk."""
    code = f"""
import os, numpy as np
from desktop.catalog import Catalog
from desktop.recommend import Recommender
from desktop.user_store import UserStore
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

    class Unserialisable:
        pass

    with pytest.raises(TypeError):  # the second value cannot be saved: the first must not be either
        store.set_many({"top_n": 50, "year_min": Unserialisable()})
    assert store.get("top_n") == 12
    store.close()
