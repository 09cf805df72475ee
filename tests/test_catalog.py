"""catalog.db: the committed catalog's contents, schema/version checks, clear errors."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from desktop.core.errors import CatalogError
from desktop.core.labels import LABELS
from desktop.library.catalog import SCHEMA_VERSION, Catalog
from tests.helpers import ROOT, make_catalog, one_hot_mix, song_row, topic_axis

CATALOG = ROOT / "catalog.db"


@pytest.fixture(scope="module")
def real():
    return Catalog.open(CATALOG)


def test_committed_catalog_size_and_vectors(real):
    assert len(real) >= 7500
    assert real.vectors.shape == (len(real), 7)
    assert np.allclose(real.vectors.sum(1), 1, atol=1e-4)
    assert (real.vectors >= 0).all()
    dominant = [LABELS[i] for i in real.vectors.argmax(1)]
    assert dominant == [s.dominant for s in real.songs]
    assert len({s.key for s in real.songs}) == len(real)


def test_committed_catalog_matches_committed_model(real):
    config = json.loads((ROOT / "model" / "config.json").read_text(encoding="utf-8"))
    assert real.model_version == config["version"]
    assert real.meta["schema_version"] == SCHEMA_VERSION
    assert int(real.meta["song_count"]) == len(real)


def test_committed_catalog_has_topic_vectors_for_the_shipped_models(real):
    assert real.topics is not None and real.topics.shape == (len(real), int(real.meta["topic_dim"]))
    norms = np.linalg.norm(real.topics, axis=1)
    assert np.allclose(norms, 1, atol=0.02)  # unit vectors, int8 with one scale per song
    assert np.isfinite(real.topic_bias).all() and (real.hub_penalty >= 0).all()
    cal = real.topic_calibration()
    assert len(cal["query_mean"]) == real.topics.shape[1] and cal["hi"] > cal["lo"]
    card = json.loads((ROOT / "model" / "config.json").read_text(encoding="utf-8"))
    assert card["sha256"] == real.meta["model_sha256"]
    # the song vectors come from the raw encoder the model's query vectors were distilled from
    assert card["topic_teacher"]["sha256"] == real.meta["topic_model_sha256"]


def test_catalog_for_another_model_is_refused(tmp_path, small_catalog, model):
    from desktop.core.errors import CatalogError
    from desktop.service import Moodtune

    path = make_catalog(tmp_path / "other.db", [song_row("1", "a", one_hot_mix(0))], model_sha256="0" * 64)
    with pytest.raises(CatalogError, match="another emotion model"):
        Moodtune.load(catalog_path=path, with_store=False)


def test_no_lyrics_anywhere_in_catalog():
    con = sqlite3.connect(CATALOG)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    assert tables == {"songs", "song_arrays", "meta", "text_arrays"}
    cols = {r[1] for t in tables for r in con.execute(f"PRAGMA table_info({t})")}
    assert not {"lyrics", "lyric", "lines", "text"} & cols
    longest = con.execute("select max(length(title) + length(album) + length(genre)) from songs").fetchone()[0]
    assert longest < 400
    # the only blobs are the per-song number arrays, each exactly songs x width numbers: no text hides in them
    n = con.execute("select count(*) from songs").fetchone()[0]
    dim = int(dict(con.execute("select key, value from meta"))["topic_dim"])
    arrays = {
        name: (dtype, cols, size)
        for name, dtype, cols, size in con.execute("select name, dtype, cols, length(data) from song_arrays")
    }
    situations = len(dict(con.execute("select key, value from meta"))["situations"].split(","))
    assert arrays == {
        "emotion": ("<f4", 7, n * 7 * 4),
        "hub_penalty": ("<f4", 1, n * 4),
        "topic": ("|i1", dim, n * dim),
        "topic_scale": ("<f4", 1, n * 4),
        "topic_bias": ("<f4", 1, n * 4),
        "situation": ("|u1", situations, n * situations),
        "valence": ("<f4", 1, n * 4),
        "familiarity": ("<f4", 1, n * 4),
    }
    # the text arrays are the example messages' vectors (k x dim half floats) and their situations (k int16),
    # and the listener messages' vectors (m x dim int8, a scale each) and their songs (m int32), and the
    # topic bridge (2r + 1 rows of dim half floats: a map between vector spaces, about no one song), and the
    # scenarios' centroids (s x dim half floats) and picks (p pairs of int32: scenario, song row)
    texts = {
        name: (dtype, rows, cols, size)
        for name, dtype, rows, cols, size in con.execute(
            "select name, dtype, rows, cols, length(data) from text_arrays"
        )
    }
    k, m, b = texts["prototype"][1], texts["message"][1], texts["topic_bridge"][1]
    sc, p = texts["scenario_centroid"][1], texts["scenario_pick"][1]
    assert texts == {
        "topic_bridge": ("<f2", b, dim, b * dim * 2),
        "prototype": ("<f2", k, dim, k * dim * 2),
        "prototype_situation": ("<i2", k, 1, k * 2),
        "message": ("|i1", m, dim, m * dim),
        "message_scale": ("<f4", m, 1, m * 4),
        "message_song": ("<i4", m, 1, m * 4),
        "scenario_centroid": ("<f2", sc, dim, sc * dim * 2),
        "scenario_pick": ("<i4", p, 2, p * 2 * 4),
    }
    long_meta = ("topic_calibration", "scenarios")
    assert con.execute(f"select max(length(value)) from meta where key not in {long_meta}").fetchone()[0] < 400
    # the scenarios' names: short Korean and English names of moments, never a line of a song
    names = json.loads(dict(con.execute("select key, value from meta"))["scenarios"])
    assert len(names) == sc and max(len(t) for pair in names for t in pair) <= 80


def test_melon_links(real):
    with_id = [s for s in real.songs if s.melon_id]
    # Chart songs carry their Melon songId; the genre-crawl additions (keys "x:...") have none.
    assert all(s.melon_id == int(s.key) for s in real.songs if s.key.isdigit())
    assert all(s.melon_id is None for s in real.songs if s.key.startswith("x:"))
    assert len(with_id) > 0.8 * len(real)
    assert with_id[0].melon_url == f"https://www.melon.com/song/detail.htm?songId={with_id[0].melon_id}"


def test_missing_catalog(tmp_path):
    with pytest.raises(CatalogError, match="missing"):
        Catalog.open(tmp_path / "nope.db")


def test_corrupt_catalog(tmp_path):
    bad = tmp_path / "catalog.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogError, match="damaged"):
        Catalog.open(bad)


def test_wrong_schema_version(tmp_path):
    path = make_catalog(tmp_path / "c.db", [song_row("1", "a", one_hot_mix(0))], schema_version="999")
    with pytest.raises(CatalogError, match="schema"):
        Catalog.open(path)


@pytest.mark.parametrize("damage", ["short emotion", "no emotion", "wrong dtype", "wrong topic width"])
def test_damaged_number_arrays_are_refused(tmp_path, damage):
    rows = [song_row(str(i), f"s{i}", one_hot_mix(i % 7), topic=topic_axis(i % 8)) for i in range(5)]
    path = make_catalog(tmp_path / "c.db", rows)
    Catalog.open(path)  # intact
    con = sqlite3.connect(path)
    with con:
        if damage == "short emotion":
            con.execute("update song_arrays set data = substr(data, 1, 20) where name = 'emotion'")
        elif damage == "no emotion":
            con.execute("delete from song_arrays where name = 'emotion'")
        elif damage == "wrong dtype":
            con.execute("update song_arrays set dtype = '<f8' where name = 'hub_penalty'")
        else:
            con.execute("update meta set value = '4' where key = 'topic_dim'")
    con.close()
    with pytest.raises(CatalogError, match="emotion numbers|damaged"):
        Catalog.open(path)


def test_song_list_reads_like_a_list_of_songs(small_catalog):
    """The catalog keeps songs as columns; indexing, slicing and iterating give the same SongInfo."""
    from desktop.library.catalog import SongList

    songs = Catalog.open(small_catalog).songs
    as_list = list(songs)
    assert [s.title for s in as_list] == ["happy pure", "happy sad", "sad pure", "sad happy", "angry", "angry sad"]
    assert songs[2] == as_list[2] and songs[-1] == as_list[-1] and songs[1:3] == as_list[1:3]
    assert songs.index(as_list[4]) == 4 and as_list[3] in songs
    assert as_list[0].melon_id == 1 and as_list[1].melon_id is None and as_list[2].genres == ["발라드", "OST"]
    again = SongList.of(as_list)
    assert list(again) == as_list and SongList.of(songs) is songs


def test_topic_vectors_on_some_songs_only_are_refused_at_build(tmp_path):
    rows = [song_row("1", "a", one_hot_mix(0), topic=topic_axis(0)), song_row("2", "b", one_hot_mix(1))]
    with pytest.raises(ValueError, match="every song"):
        make_catalog(tmp_path / "c.db", rows)


def test_other_labels_rejected(tmp_path):
    path = make_catalog(tmp_path / "c.db", [song_row("1", "a", one_hot_mix(0))], labels="a,b,c")
    with pytest.raises(CatalogError, match="labels"):
        Catalog.open(path)


def test_empty_catalog(tmp_path):
    with pytest.raises(CatalogError, match="no songs"):
        Catalog.open(make_catalog(tmp_path / "c.db", []))


def test_read_only_open_leaves_no_files(small_catalog):
    before = set(small_catalog.parent.iterdir())
    Catalog.open(small_catalog)
    assert set(small_catalog.parent.iterdir()) == before


def test_genres_and_years(small_catalog):
    cat = Catalog.open(small_catalog)
    assert list(cat.genre_counts())[0] == "발라드"
    assert cat.year_range() == (2001, 2020)


def test_catalog_with_topic_vectors_from_another_encoder_is_refused(tmp_path):
    """Song vectors must come from the raw encoder the model's query vectors were distilled from."""
    from desktop.service import Moodtune

    card = json.loads((ROOT / "model" / "config.json").read_text(encoding="utf-8"))
    row = song_row("1", "a", one_hot_mix(0), topic=topic_axis(0))
    good = make_catalog(
        tmp_path / "good.db", [row], model_sha256=card["sha256"], topic_model_sha256=card["topic_teacher"]["sha256"]
    )
    assert Moodtune.load(catalog_path=good, with_store=False, lazy_models=True).use_topics
    other = make_catalog(tmp_path / "other.db", [row], model_sha256=card["sha256"], topic_model_sha256="0" * 64)
    with pytest.raises(CatalogError, match="another encoder"):
        Moodtune.load(catalog_path=other, with_store=False, lazy_models=True)
