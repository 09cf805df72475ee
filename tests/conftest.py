"""Shared fixtures.  Tests never touch the real user profile, the network or ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from desktop.catalog import PROB_COLUMNS, SCHEMA_VERSION, quantise_topics, write_catalog  # noqa: E402
from desktop.labels import LABELS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path, monkeypatch):
    """Every test gets its own per-user data folder."""
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "profile"))


@pytest.fixture(scope="session")
def model():
    from desktop.emotion_model import EmotionModel

    return EmotionModel(ROOT / "model", threads=1)


def one_hot_mix(main: int, second: int | None = None, w: float = 0.8) -> list[float]:
    v = np.full(len(LABELS), 0.02)
    v[main] = w
    if second is not None:
        v[second] = 1 - w - 0.02 * (len(LABELS) - 2)
    return (v / v.sum()).tolist()


TOPIC_DIM = 8


def topic_axis(i: int) -> np.ndarray:
    """A unit topic vector along axis ``i`` (tests use orthogonal topics)."""
    v = np.zeros(TOPIC_DIM, dtype=np.float32)
    v[i] = 1.0
    return v


def song_row(key: str, title: str, vec, year=2010, genre="발라드", melon_id=None, artist=None,
             topic=None) -> dict:
    vec = np.asarray(vec, dtype=float)
    vec = vec / vec.sum()
    row = {"song_key": key, "melon_id": melon_id, "title": title, "artist": artist or f"artist {key}", "album": "",
           "release_date": "", "year": year, "genre": genre, "chart_months": 1, "best_rank": 1,
           "n_chunks": 4, "korean_ratio": 1.0, "dominant": LABELS[int(vec.argmax())],
           **dict(zip(PROB_COLUMNS, vec.tolist()))}
    if topic is not None:
        (blob,), (scale,) = quantise_topics(np.asarray(topic, dtype=np.float32)[None, :])
        row.update(topic=blob, topic_scale=scale)
    return row


def make_catalog(path: Path, rows: list[dict], **meta) -> Path:
    base = {"schema_version": SCHEMA_VERSION, "catalog_version": "test-1", "model_version": "test",
            "labels": ",".join(LABELS), "song_count": str(len(rows))}
    if any("topic" in r for r in rows):
        base.update(topic_dim=str(TOPIC_DIM), topic_calibration=json.dumps(
            {"query_mean": [0.0] * TOPIC_DIM, "lo": 0.0, "hi": 1.0}))
    base.update(meta)
    write_catalog(path, rows, base)
    return path


@pytest.fixture
def small_catalog(tmp_path) -> Path:
    """Six songs with known vectors: happy, sad, angry variants."""
    H, S, F, N, A, D, U = range(7)  # noqa: N806
    rows = [
        song_row("1", "happy pure", one_hot_mix(H, None, 0.88), year=2005, genre="댄스", melon_id=1),
        song_row("2", "happy sad", one_hot_mix(H, S, 0.5), year=2015, genre="발라드"),
        song_row("3", "sad pure", one_hot_mix(S, None, 0.88), year=2020, genre="발라드, 국내드라마"),
        song_row("4", "sad happy", one_hot_mix(S, H, 0.5), year=2001, genre="발라드"),
        song_row("5", "angry", one_hot_mix(A, None, 0.88), year=2012, genre="랩/힙합"),
        song_row("6", "angry sad", one_hot_mix(A, S, 0.5), year=2018, genre="록/메탈"),
    ]
    return make_catalog(tmp_path / "catalog.db", rows)
