"""Export and import of votes (audit 2026-12-02: D2, D20, CSV neutralisation)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import numpy as np
import pytest

from desktop.engine.recommend import Recommender
from desktop.library.catalog import Catalog
from desktop.profile.feedback_export import export_feedback, neutralise
from desktop.profile.user_store import UserStore
from tests.helpers import one_hot_mix


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


@pytest.mark.parametrize(
    "cell",
    [
        "\u3164=1+1",
        "\uffa0+1",
        "\u115f-1",
        "\u1160@x",
        "\ufe66HYPERLINK()",
        "\ufe62x",
        "\ufe63x",
        "\ufe6bx",
        "\u034f=1",
        "\U000e0041\U000e0042=1",
        "\x00=1",
        "\x1b=1",
        "\x85=1",
        "\ufe66",
        "\ufe63 1",
    ],
)
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


# ---- D2: never export onto the live store; import what export wrote
from desktop.cli import main  # noqa: E402
from desktop.core.errors import FeedbackImportError, ProtectedFileError  # noqa: E402
from desktop.profile.feedback_import import read_votes  # noqa: E402
from desktop.profile.playlist_export import export_playlist  # noqa: E402


def _targets(store):
    db = store.path
    link = db.parent.parent / "link.csv"
    link.symlink_to(db)
    return [
        db,
        db.with_name("moodtune.db-wal"),
        db.with_name("moodtune.db-shm"),
        db.with_name("moodtune.db-journal"),
        db.with_name("MoodTune.DB"),
        link,
        db.parent / "." / "moodtune.db",
    ]


def test_export_refuses_the_live_store_and_its_side_files(store, recs):
    before = store.path.read_bytes()
    for target in _targets(store):
        with pytest.raises(ProtectedFileError):
            export_feedback(store, target, "csv")
        with pytest.raises(ProtectedFileError):
            export_playlist(recs, target, "txt")
    assert store.path.read_bytes() == before and len(store.votes()) == 2


def test_export_refuses_a_hard_link_to_the_store(store, tmp_path):
    hard = tmp_path / "votes.csv"
    hard.hardlink_to(store.path)
    with pytest.raises(ProtectedFileError):
        export_feedback(store, hard)


def test_cli_export_onto_the_profile_db_is_refused(capsys, recs):
    s = UserStore()
    s.add_vote("x", np.array(one_hot_mix(0)), recs[0], 1, "m", "c")
    s.close()
    assert main(["export-feedback", str(s.path), "--format", "csv"]) == 2
    assert "Moodtune's own saved data" in capsys.readouterr().err
    s = UserStore()
    assert len(s.votes()) == 1
    s.close()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_import_restores_votes_and_is_idempotent(store, tmp_path, fmt):
    out = tmp_path / f"v.{fmt}"
    export_feedback(store, out)
    fresh = UserStore(tmp_path / "fresh")
    try:
        assert fresh.import_votes(read_votes(out)) == (2, 0)
        assert fresh.import_votes(read_votes(out)) == (0, 2)
        a, b = store.votes(), fresh.votes()
        assert [(v.song_key, v.vote, v.text, v.title, v.rank) for v in a] == [
            (v.song_key, v.vote, v.text, v.title, v.rank) for v in b
        ]
        assert b[0].text == "=cmd"  # the CSV apostrophe is taken off again
        assert np.allclose([v.mood for v in a], [v.mood for v in b], atol=1e-5)
    finally:
        fresh.close()
    assert store.import_votes(read_votes(out)) == (0, 2)  # into the profile it came from: nothing new


def test_cli_import_feedback(capsys, store, tmp_path, monkeypatch):
    out = tmp_path / "v.json"
    export_feedback(store, out)
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "restored"))
    assert main(["import-feedback", str(out)]) == 0
    assert "imported 2 votes" in capsys.readouterr().out
    assert main(["import-feedback", str(out)]) == 0
    assert "imported 0 votes" in capsys.readouterr().out


@pytest.mark.parametrize(
    "body, message",
    [
        ("label\ttext\n", "no header"),
        ("created_at,vote,song_key\n2026-01-01,like,1\n", "missing column 'title'"),
        ('{"votes": 3}', "no 'votes' list"),
        ("{not json", "not valid JSON"),
    ],
)
def test_import_rejects_files_that_are_not_exports(tmp_path, body, message):
    f = tmp_path / ("x.json" if body.startswith("{") else "x.csv")
    f.write_text(body, encoding="utf-8")
    with pytest.raises(FeedbackImportError, match=message):
        read_votes(f)


def test_import_names_the_bad_line_and_imports_nothing(store, tmp_path, capsys, monkeypatch):
    out = tmp_path / "v.csv"
    export_feedback(store, out)
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "profile-cli"))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("dislike", "maybe")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import-feedback", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out}:3: vote must be 'like' or 'dislike'" in err and "Traceback" not in err
    assert not (tmp_path / "profile-cli").exists()


def test_import_rejects_bad_numbers(store, tmp_path):
    out = tmp_path / "v.json"
    export_feedback(store, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["votes"][1]["p_happiness"] = float("nan")
    out.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FeedbackImportError, match="vote 2: the p_ columns"):
        read_votes(out)
