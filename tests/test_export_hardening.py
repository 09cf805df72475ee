"""Export and import of votes (audit 2026-12-02: D2, D20, CSV neutralisation)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import numpy as np
import pytest
from conftest import one_hot_mix

from desktop.catalog import Catalog
from desktop.feedback_export import export_feedback, neutralise
from desktop.recommend import Recommender
from desktop.user_store import UserStore


@pytest.fixture
def recs(small_catalog):
    return Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(0)), top=3)


@pytest.fixture
def store(tmp_path, recs):
    s = UserStore(tmp_path / "profile")
    s.add_vote("=cmd", np.array(one_hot_mix(0)), recs[0], 1, "m1", "c1")
    s.add_vote("오늘 너무 행복해", np.array(one_hot_mix(1)), recs[1], -1, "m1", "c1")
    yield s
    s.close()


@pytest.mark.parametrize("cell", [
    "\u3164=1+1", "\uffa0+1", "\u115f-1", "\u1160@x", "\ufe66HYPERLINK()", "\ufe62x", "\ufe63x", "\ufe6bx",
    "\u034f=1", "\U000e0041\U000e0042=1", "\x00=1", "\x1b=1", "\x85=1", "\ufe66", "\ufe63 1"])
def test_neutralise_covers_fillers_small_forms_tags_and_controls(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["\u3164안녕", "a\ufe66b", "\x1b", "하\u034f=", "1-2"])
def test_neutralise_leaves_harmless_cells(cell):
    assert neutralise(cell) == cell


def test_export_survives_a_song_key_with_a_non_ascii_digit(tmp_path, recs):
    s = UserStore(tmp_path / "p2")
    rec = dataclasses.replace(recs[0], song=dataclasses.replace(recs[0].song, key="²1137"))
    s.add_vote("x", np.array(one_hot_mix(0)), rec, 1, "m", "c")
    s.close()
    s = UserStore(tmp_path / "p2")
    try:
        assert export_feedback(s, tmp_path / "v.json") == 1
    finally:
        s.close()
    doc = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert doc["votes"][0]["song_key"] == "²1137" and doc["votes"][0]["melon_url"] is None


def test_csv_cells_stay_readable(store, tmp_path):
    path = tmp_path / "v.csv"
    export_feedback(store, path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0]["text"] == "'=cmd"
