"""Data files are untrusted input: crafted catalogs, model cards and model files get one clear
error (or are cleaned), never a traceback, a hang or a silently wrong result.

The defects (D3, D5-D8, D10, D11, D14, D19, D21) are from the 2026-12-02 reliability audit;
each hostile file is built here in tmp_path from the conftest helpers.
"""

from __future__ import annotations

import json
import sqlite3
import time
import tracemalloc

import numpy as np
import pytest

from desktop.core.errors import CatalogError
from desktop.library.catalog import Catalog, SongInfo
from tests.helpers import make_catalog, one_hot_mix, song_row, topic_axis

# The songs table without its NOT NULL / UNIQUE constraints: what a hand-edited file can hold.
LOOSE = ["create table s2 as select * from songs", "drop table songs", "alter table s2 rename to songs"]


def _catalog(tmp_path, sql: str | list[str] = (), topics: bool = False, **meta):
    """A small valid catalog, then ``sql`` run on it (the audit's recipe: sqlite3 c.db "<SQL>")."""
    rows = [
        song_row(
            str(i),
            f"song {i}",
            one_hot_mix(i % 7),
            melon_id=100 + i,
            year=2000 + i,
            topic=topic_axis(i % 8) if topics else None,
        )
        for i in range(1, 9)
    ]
    path = make_catalog(tmp_path / "c.db", rows, **meta)
    con = sqlite3.connect(path)
    with con:
        for statement in [sql] if isinstance(sql, str) else sql:
            con.execute(statement)
    con.close()
    return path


# ----------------------------------------------------------------- D5: views, triggers, work
RECURSIVE_VIEW = [
    "alter table songs rename to s0",
    "create view songs as with recursive r(i) as (select 1 union all select i+1 from r) select i id, "
    "cast(i as text) song_key, 'x' title, 'y' artist, '' album, 2000 year, '발라드' genre, null melon_id, "
    "'행복' dominant from r",
]


def test_a_recursive_view_is_refused_fast_never_run(tmp_path):
    path = _catalog(tmp_path, RECURSIVE_VIEW)
    t0 = time.perf_counter()
    with pytest.raises(CatalogError, match="damaged.*views or triggers"):
        Catalog.open(path)
    assert time.perf_counter() - t0 < 2


def test_a_meta_view_of_huge_blobs_is_refused(tmp_path):
    path = _catalog(
        tmp_path,
        [
            "alter table meta rename to m0",
            "create view meta as select * from m0 union all select 'x' || i, randomblob(1000000) "
            "from (with recursive r(i) as (select 1 union all select i + 1 from r limit 200000) "
            "select i from r)",
        ],
    )
    t0 = time.perf_counter()
    with pytest.raises(CatalogError, match="views or triggers"):
        Catalog.open(path)
    assert time.perf_counter() - t0 < 2


def test_a_trigger_is_refused(tmp_path):
    path = _catalog(tmp_path, "create trigger t after insert on meta begin select 1; end")
    with pytest.raises(CatalogError, match="views or triggers"):
        Catalog.open(path)


def test_sqlite_work_is_bounded(tmp_path, monkeypatch):
    """Whatever a file makes SQLite do (a table whose ``id`` needs a sort, say), the read stops."""
    monkeypatch.setattr("desktop.library.catalog._WorkBudget.EVERY", 100)
    monkeypatch.setattr("desktop.library.catalog._WorkBudget.LIMIT", 2)
    with pytest.raises(CatalogError, match="far more work"):
        Catalog.open(_catalog(tmp_path))


# ----------------------------------------------------------------- D3, D4, D6, D21: columns
BAD_COLUMNS = {
    "dominant": "update songs set dominant = 'xyz' where id = 2",  # D3: KeyError storm in the window
    "year": "update songs set year = 'nineteen' where id = 3",  # D4: TypeError in year_range
    "year ": "update songs set year = 100000000000000 where id = 3",  # D4: OverflowError in QSpinBox
    "year  ": "update songs set year = 2.5 where id = 3",
    "genre": "update songs set genre = x'00ff' where id = 4",  # D4: BLOB genre
    "artist": [*LOOSE, "update songs set artist = null where id = 5"],  # D21: AttributeError
    "title": "update songs set title = x'41' where id = 5",
    "melon_id": "update songs set melon_id = '1' || char(10) || '#EXTINF:-1,Injected' || char(10) || "
    "'file:///etc/passwd' where id = 1",  # D6: M3U8 injection
    "melon_id ": "update songs set melon_id = '1' || char(13) || char(10) || 'http://evil.example/x.m3u8'",
    "melon_id  ": "update songs set melon_id = -5 where id = 1",
    "song_key": [*LOOSE, "update songs set song_key = null where id = 1"],
}


@pytest.mark.parametrize("column", list(BAD_COLUMNS))
def test_invalid_column_values_are_refused(tmp_path, column):
    with pytest.raises(CatalogError, match=f"damaged.*invalid {column.strip()}"):
        Catalog.open(_catalog(tmp_path, BAD_COLUMNS[column]))


def test_null_album_and_genre_mean_none(tmp_path):
    cat = Catalog.open(_catalog(tmp_path, [*LOOSE, "update songs set album = null, genre = null where id = 1"]))
    assert cat.songs[0].album == "" and cat.songs[0].genre == "" and cat.songs[0].genres == []


def test_duplicate_song_keys_are_refused(tmp_path):
    """Votes are stored by key: two songs with one key put a vote on the wrong song."""
    with pytest.raises(CatalogError, match="share one key"):
        Catalog.open(_catalog(tmp_path, [*LOOSE, "update songs set song_key = 'same'"]))


def test_non_ascii_digit_keys_are_refused(tmp_path):
    """'²1' passes str.isdigit() and fails int(): export and "Open on Melon" broke (D20)."""
    with pytest.raises(CatalogError, match="non-ASCII digits"):
        Catalog.open(_catalog(tmp_path, "update songs set song_key = '²' || id where id % 3 = 0"))


def test_negative_emotions_summing_to_one_are_refused(tmp_path):
    path = _catalog(tmp_path)
    v = np.array([one_hot_mix(i % 7) for i in range(1, 9)], dtype=np.float32)
    v[0] = [1.5, -0.5, 0, 0, 0, 0, 0]
    con = sqlite3.connect(path)
    with con:
        con.execute("update song_arrays set data = ? where name = 'emotion'", (v.astype("<f4").tobytes(),))
    con.close()
    with pytest.raises(CatalogError, match="invalid emotion vectors"):
        Catalog.open(path)


def test_an_oversize_array_is_refused_unread(tmp_path):
    path = _catalog(tmp_path, "update song_arrays set data = randomblob(20000000) where name = 'emotion'")
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError, match="damaged emotion numbers"):
            Catalog.open(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_an_unused_huge_blob_is_never_read(tmp_path):
    path = _catalog(tmp_path, "insert into song_arrays values ('junk', '<f4', 1, randomblob(20000000))")
    tracemalloc.start()
    try:
        assert len(Catalog.open(path)) == 8
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


# ----------------------------------------------------------------- D21: topic calibration
@pytest.mark.parametrize(
    "calibration",
    [
        "[1, 2, 3]",
        "5",
        "not json",
        json.dumps({"query_mean": [0.0] * 8, "lo": 0.5, "hi": 0.5}),
        json.dumps({"query_mean": [0.0] * 7 + [float("nan")], "lo": 0, "hi": 1}),
        '{"query_mean": [0, 0, 0, 0, 0, 0, 0, NaN], "lo": 0, "hi": 1}',
        json.dumps({"query_mean": [0.0] * 9, "lo": 0, "hi": 1}),  # not the topic width
        json.dumps({"query_mean": [0.0] * 8, "lo": "0", "hi": 1}),
        json.dumps({"query_mean": [0.0] * 8, "lo": 0, "hi": 1e999}),
    ],
)
def test_damaged_topic_calibration_is_refused(tmp_path, calibration):
    path = _catalog(tmp_path, topics=True, topic_calibration=calibration)
    with pytest.raises(CatalogError, match="damaged.*topic calibration"):
        Catalog.open(path)


def test_valid_topic_calibration_is_read(tmp_path):
    cat = Catalog.open(_catalog(tmp_path, topics=True))
    assert cat.topic_calibration() == {"query_mean": [0.0] * 8, "lo": 0.0, "hi": 1.0}


# ----------------------------------------------------------------- D7: control and bidi characters
HOSTILE_TITLE = "\x1b]0;PWNED\x07\x1b[2J\u202etxt.exe\nsecond line\x85\x00end"


def test_control_and_bidi_characters_are_stripped_at_load(tmp_path):
    con_sql = ["update songs set title = ? where id = 1"]
    path = _catalog(tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute(con_sql[0], (HOSTILE_TITLE,))
        con.execute(
            "update songs set artist = ?, album = ?, genre = ? where id = 2",
            ("a\u2066b\u2069\tc", "x\ry", "발라드\x1b[31m"),
        )
        con.execute("update meta set value = ? where key = 'catalog_version'", ("v1\x1b]8;;file:///etc/passwd\x07",))
    con.close()
    cat = Catalog.open(path)
    from desktop.core.safe_text import UNSAFE

    for s in cat.songs:
        for text in (s.title, s.artist, s.album, s.genre):
            assert not UNSAFE.search(text), repr(text)
    assert cat.songs[0].title == "]0;PWNED [2Jtxt.exe second line end"
    assert cat.songs[1].artist == "ab c" and cat.songs[1].album == "x y"
    assert not UNSAFE.search(cat.version)
    assert [s.title for s in cat.songs][1:] == [f"song {i}" for i in range(2, 9)]  # clean text unchanged


def test_cli_text_output_escapes_control_characters():
    from desktop.core.safe_text import escape_controls

    assert escape_controls("a\x1b[2Jb\u202ec\x07") == "a\\x1b[2Jb\\u202ec\\x07"
    assert escape_controls("오늘 너무 행복해") == "오늘 너무 행복해"


@pytest.mark.subprocess
def test_cli_recommend_prints_no_control_bytes(tmp_path):
    from test_hardening import _cli

    path = _catalog(tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute("update songs set title = ? || id", (HOSTILE_TITLE,))
    con.close()
    res = _cli(["recommend", "오늘 너무 행복해", "--top", "5", "--no-feedback"], tmp_path, MOODTUNE_CATALOG=str(path))
    assert res.returncode == 0, res.stderr
    assert b"\x1b" not in res.stdout and b"\x07" not in res.stdout and "\u202e".encode() not in res.stdout
    assert len(res.stdout.decode().splitlines()) == 1 + 5  # one line per song


# ----------------------------------------------------------------- D6: playlists
def _rec(song: SongInfo):
    from desktop.engine.recommend import Recommendation

    fields = Recommendation.__dataclass_fields__
    assert "song" in fields
    return Recommendation(rank=1, song=song, score=0.5, similarity=0.5, same_dominant=True, liked_before=False)


def test_playlist_links_are_built_not_formatted(tmp_path):
    """A song object made outside the catalog (the catalog refuses such ids) still cannot put a
    second entry, a file: URL or a remote playlist into an M3U8."""
    from desktop.profile.playlist_export import export_playlist, read_m3u8

    bad = SongInfo("1", "t\x1b[2J\nx", "a\r\nb", "", 2000, "", "1\n#EXTINF:-1,Injected\nfile:///etc/passwd", "행복")
    good = SongInfo("2", "제목", "가수", "", 2000, "", 37_000_000, "슬픔")
    out = tmp_path / "p.m3u8"
    export_playlist([_rec(bad), _rec(good)], out, title="Moodtune - \x1b]0;x\x07\nline")
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text and "file:" not in text and "Injected" not in text
    lines = text.splitlines()
    assert len(lines) == 2 + 2 * 2
    urls = [url for _, url in read_m3u8(text)]
    assert urls[1] == "https://www.melon.com/song/detail.htm?songId=37000000"
    assert urls[0].startswith("https://www.melon.com/search/total/index.htm?q=")
    txt = tmp_path / "p.txt"
    export_playlist([_rec(bad), _rec(good)], txt)
    assert len(txt.read_text(encoding="utf-8").splitlines()) == 2 and "\x1b" not in txt.read_text(encoding="utf-8")


def test_melon_url_takes_only_an_integer_id():
    from desktop.library.catalog import melon_url

    assert melon_url(5) == "https://www.melon.com/song/detail.htm?songId=5"
    for bad in ("1\nfile:///etc/passwd", 1.5, True, -1):
        with pytest.raises(ValueError):
            melon_url(bad)


# ----------------------------------------------------------------- D8: plain text in Qt
HTML = '<a href="file:///etc/passwd">click here to repair</a><img src="file:///tmp/SECRET.png">'


@pytest.mark.ui
def test_about_box_shows_catalog_text_as_plain_text(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from desktop.ui.about_dialog import show_about

    shown = {}
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, body: shown.update(body=body))
    parent = QWidget()
    qtbot.addWidget(parent)
    show_about(parent, "m<b>1</b>", HTML, 3)
    assert "<a href" not in shown["body"] and "<img" not in shown["body"] and "<b>1</b>" not in shown["body"]
    assert "&lt;a href=&quot;file:///etc/passwd&quot;&gt;" in shown["body"]


@pytest.mark.ui
def test_error_dialogs_are_plain_text(qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.dialogs import show_error

    formats = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: formats.append((box.textFormat(), box.text())))
    show_error(None, "t", CatalogError(f"The song catalog x has schema {HTML!r}"))
    assert formats and formats[0][0] == Qt.TextFormat.PlainText


@pytest.mark.ui
def test_vote_button_tooltips_are_plain_text(qtbot, model, tmp_path):
    from PySide6.QtWidgets import QToolButton

    from desktop.profile.user_store import UserStore
    from desktop.service import Moodtune
    from desktop.ui.main_window import MainWindow

    path = _catalog(tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute("update songs set title = ?", (HTML,))
    con.close()
    service = Moodtune(model, Catalog.open(path), UserStore(tmp_path / "profile"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    a = service.analyze("오늘 너무 행복해")
    w.table.set_results(service.recommend(a, top=5), {})
    tips = [b.toolTip() for b in w.table.findChildren(QToolButton) if b.property("vote_column") is not None]
    assert tips
    for tip in tips:
        assert "<a href" not in tip and "<img" not in tip and "&lt;a href" in tip
    service.close()


# ----------------------------------------------------------------- JSON output
def test_json_output_refuses_nan():
    from desktop.cli import _print_json

    with pytest.raises(ValueError):
        _print_json({"x": float("nan")})


# ----------------------------------------------------------------- model files and card
def _models(tmp_path, **card_changes):
    """A model folder whose files are links to the shipped ones (a copy only where a test changes it)."""
    import shutil

    from tests.helpers import ROOT

    d = tmp_path / "model"
    d.mkdir(parents=True)
    for f in (ROOT / "model").iterdir():
        (d / f.name).symlink_to(f) if f.suffix == ".onnx" else shutil.copy(f, d / f.name)
    if card_changes:
        card = json.loads((d / "config.json").read_text(encoding="utf-8"))
        for k, v in card_changes.items():
            if v is None:
                card.pop(k, None)
            else:
                card[k] = v
        (d / "config.json").write_text(json.dumps(card), encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "change,match",
    [
        ({"max_length": 600}, "above the model's 512 positions"),
        ({"max_length": 100000}, "above the model's 512 positions"),
        ({"max_length": "128"}, "max_length"),
        ({"query_ids": [1e9]}, "query_ids"),
        ({"query_ids": [10**9]}, "outside the 13662-piece vocabulary"),
        ({"query_ids": [5] * 130}, "no room for text"),
        ({"bos_token": "<nope>"}, "no '<nope>' token"),
        ({"bos_token": 5}, "bos_token"),
        ({"sha256": None}, "no valid sha256"),
        ({"tokenizer_sha256": None}, "no valid tokenizer_sha256"),
        ({"topic_index_sha256": None}, "no valid topic_index_sha256"),
        ({"sha256": "abc"}, "no valid sha256"),
    ],
)
def test_a_damaged_model_card_is_refused(tmp_path, change, match):
    from desktop.core.errors import ModelError
    from desktop.engine.emotion_model import EmotionModel

    with pytest.raises(ModelError, match=match):
        EmotionModel(_models(tmp_path, **change), threads=1)


def test_a_card_without_sha256_is_refused_at_start_too(tmp_path, small_catalog):
    from desktop.core.errors import ModelError
    from desktop.service import Moodtune

    with pytest.raises(ModelError, match="no valid sha256"):
        Moodtune.load(
            model_dir=_models(tmp_path, sha256=None), catalog_path=small_catalog, with_store=False, lazy_models=True
        )


def test_an_in_place_change_with_the_mtime_put_back_is_caught(tmp_path):
    """D10: the verified-hash cache trusted (size, mtime); bit rot keeps both."""
    import os
    import shutil

    from desktop.core.errors import ModelError
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.model_spec import EMOTION
    from tests.helpers import ROOT

    d = _models(tmp_path)
    target = d / EMOTION.file
    target.unlink()
    shutil.copy(ROOT / "model" / EMOTION.file, target)  # a real file: changed in place below
    EmotionModel(d, threads=1)  # verified once: cached
    st = os.stat(target)
    with open(target, "r+b") as f:
        f.seek(st.st_size // 2)
        chunk = f.read(65536)
        f.seek(st.st_size // 2)
        f.write(bytes(b ^ 85 for b in chunk))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(target).st_size == st.st_size and os.stat(target).st_mtime_ns == st.st_mtime_ns
    with pytest.raises(ModelError, match="damaged"):
        EmotionModel(d, threads=1)


def test_analyze_verifies_the_tokenizer(tmp_path):
    """D19: EmotionModel (analyze, eval) hashed only the .onnx; a tokenizer with pieces swapped passed."""
    from desktop.core.errors import ModelError
    from desktop.engine.emotion_model import EmotionModel

    d = _models(tmp_path)
    tok = (d / "tokenizer.json").read_text(encoding="utf-8")
    (d / "tokenizer.json").write_text(
        tok.replace('"▁오늘"', '"▁TMP"').replace('"▁행복"', '"▁오늘"').replace('"▁TMP"', '"▁행복"'), encoding="utf-8"
    )
    assert (d / "tokenizer.json").read_text(encoding="utf-8") != tok
    with pytest.raises(ModelError, match="tokenizer.*damaged"):
        EmotionModel(d, threads=1)


def test_the_topic_index_graph_is_verified(tmp_path, small_catalog):
    """D11: a replaced topic_index.onnx was covered by no checksum."""
    from desktop.core.errors import ModelError
    from desktop.engine.topic_index import GRAPH_FILE, TopicIndex
    from desktop.service import Moodtune

    d = _models(tmp_path)
    (d / GRAPH_FILE).unlink()
    (d / GRAPH_FILE).write_bytes(b"garbage")
    with pytest.raises(ModelError, match="topic index file is damaged"):
        Moodtune.load(model_dir=d, catalog_path=small_catalog, with_store=False, lazy_models=True)
    topics = np.eye(8, dtype=np.float32)
    index = TopicIndex(topics, graph=d / GRAPH_FILE)
    assert np.allclose(index.dot(topics[2]), topics[:, 2], atol=0.02) and index.backend == "numpy"
    good = TopicIndex(topics, graph=_models(tmp_path / "ok") / GRAPH_FILE)
    good.dot(topics[0])
    assert good.backend == "int8"


def test_non_finite_model_outputs_are_refused(model, monkeypatch):
    from desktop.core.errors import ModelError

    real = model.session.run
    monkeypatch.setattr(
        model,
        "session",
        type(
            "S", (), {"run": staticmethod(lambda names, feed: [np.full_like(a, np.nan) for a in real(names, feed)])}
        )(),
    )
    with pytest.raises(ModelError, match="not finite"):
        model.analyze("오늘 너무 행복해")
