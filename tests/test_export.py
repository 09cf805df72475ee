"""Feedback export: CSV for Excel (BOM, no formula injection) and JSON."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from desktop.core.errors import UserDataError
from desktop.engine.recommend import Recommender
from desktop.library.catalog import Catalog
from desktop.profile.feedback_export import COLUMNS, export_feedback, neutralise
from desktop.profile.user_store import UserStore
from tests.helpers import one_hot_mix


@pytest.fixture
def store(tmp_path, small_catalog):
    recs = Recommender.from_catalog(Catalog.open(small_catalog)).rank(np.array(one_hot_mix(0)), top=2)
    s = UserStore(tmp_path / "profile")
    s.add_vote('=HYPERLINK("http://evil")', np.array(one_hot_mix(0)), recs[0], 1, "m1", "c1")
    s.add_vote("오늘 너무 행복해", np.array(one_hot_mix(0)), recs[1], -1, "m1", "c1")
    yield s
    s.close()


def test_csv_opens_in_excel_and_is_inert(store, tmp_path):
    path = tmp_path / "out.csv"
    assert export_feedback(store, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0].keys()) == COLUMNS
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["text"] == "오늘 너무 행복해"
    assert rows[0]["vote"] == "like" and rows[1]["vote"] == "dislike"
    assert rows[0]["melon_url"].endswith("songId=1")
    for r in rows:
        assert abs(sum(float(r[c]) for c in COLUMNS if c.startswith("p_")) - 1) < 1e-3
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in r.values())


def test_json_export(store, tmp_path):
    path = tmp_path / "out.json"
    export_feedback(store, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["labels"] == ["행복", "슬픔", "공포", "중립", "분노", "혐오", "놀람"]
    assert [v["vote"] for v in doc["votes"]] == ["like", "dislike"]
    assert set(COLUMNS) <= set(doc["votes"][0])


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\n=1+1",
        "\r=1",
        "\n",
        " =1+1",
        "   +1",
        "\u00a0=1",
        '\u200b=HYPERLINK("http://x")',
        "\ufeff@SUM(A1)",
        "\u3000-2+3",
        "\u2028=1",
        "＝1+1",
        " ＠x",
    ],
)
def test_neutralise(cell):
    assert neutralise(cell).startswith("'")


@pytest.mark.parametrize("cell", ["행복", "오늘 = 좋은 날", "a-b", "hello @you", " 행복", "1+1="])
def test_plain_text_untouched(cell):
    assert neutralise(cell) == cell


def test_numbers_untouched():
    assert neutralise(-0.5) == -0.5 and neutralise(None) is None


def test_unwritable_target_is_clear_and_leaves_nothing(store, tmp_path):
    with pytest.raises(UserDataError, match="Could not write"):
        export_feedback(store, tmp_path / "missing-folder" / "out.csv")
    assert not list(tmp_path.glob(".out.csv*"))


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError):
        export_feedback(store, tmp_path / "x.xlsx")


def _reference(records: list[dict], fmt: str, exported_at: str) -> bytes:
    """The export as it was written before it was streamed (csv.DictWriter, json.dumps indent=1)."""
    from desktop import __version__
    from desktop.core.labels import LABELS

    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
        w.writeheader()
        for r in records:
            w.writerow({k: neutralise(r[k]) for k in COLUMNS})
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    doc = {"exported_at": exported_at, "app_version": __version__, "labels": list(LABELS), "votes": records}
    return (json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("n", [0, 1, 5, 7])
def test_streamed_export_is_byte_for_byte_the_documented_format(n, fmt, monkeypatch):
    """The fast pieces (C JSON encoder per batch, csv.writer) write exactly what json.dumps(indent=1)
    and csv.DictWriter wrote, across batch boundaries and for awkward values."""
    from datetime import datetime as real_datetime

    import desktop.profile.feedback_export as fe

    class Frozen(real_datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime(2026, 12, 2, 6, 0, 0, tzinfo=tz)

    monkeypatch.setattr(fe, "datetime", Frozen)
    texts = ["plain", '줄\n바꿈 "따옴표" \\ ]\n[ ,\n', None, "=1+1", "\u200b@x", "탭\t,쉼표", "\x01\x7f\u2028"]
    records = [
        {
            "created_at": f"2026-01-0{i + 1}T00:00:00+00:00",
            "vote": "like" if i % 2 else "dislike",
            "title": texts[(i + 1) % len(texts)] or "t",
            "artist": "아티스트",
            "song_key": str(i),
            "melon_url": None if i % 3 else f"https://www.melon.com/song/detail.htm?songId={i}",
            "rank": i,
            "score": [0.5, 1e-07, -0.0, 123456789.123, 1.0][i % 5],
            "text": texts[i % len(texts)],
            "dominant": "슬픔",
            **{c: 1 / (i + 3) for c in fe.PROB_COLUMNS},
            "model_version": "m",
            "catalog_version": "c",
        }
        for i in range(n)
    ]
    want = _reference(records, fmt, "2026-12-02T06:00:00+00:00")
    assert fe.render(records, fmt) == want
    assert b"".join(fe.chunks(records, fmt, batch=2)) == want
    if fmt == "json" and records:
        nested = [*records[:1], {"odd": [1, {"a": None}], "empty": {}}]
        assert fe.render(nested, fmt) == _reference(nested, fmt, "2026-12-02T06:00:00+00:00")
        with pytest.raises(ValueError):
            fe.render([{**records[0], "score": float("nan")}], fmt)
