"""Helpers shared by the tests: the repository root and synthetic catalogs with known vectors.

Import them with ``from tests.helpers import ...`` (fixtures stay in ``tests/conftest.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from desktop.core.labels import LABELS
from desktop.library.catalog import PROB_COLUMNS, SCHEMA_VERSION, quantise_topics, write_catalog

ROOT = Path(__file__).resolve().parents[2]


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


def song_row(key: str, title: str, vec, year=2010, genre="발라드", melon_id=None, artist=None, topic=None) -> dict:
    vec = np.asarray(vec, dtype=float)
    vec = vec / vec.sum()
    row = {
        "song_key": key,
        "melon_id": melon_id,
        "title": title,
        "artist": artist or f"artist {key}",
        "album": "",
        "release_date": "",
        "year": year,
        "genre": genre,
        "chart_months": 1,
        "best_rank": 1,
        "n_chunks": 4,
        "korean_ratio": 1.0,
        "dominant": LABELS[int(vec.argmax())],
        **dict(zip(PROB_COLUMNS, vec.tolist())),
    }
    if topic is not None:
        (blob,), (scale,) = quantise_topics(np.asarray(topic, dtype=np.float32)[None, :])
        row.update(topic=blob, topic_scale=scale)
    return row


def make_catalog(path: Path, rows: list[dict], **meta) -> Path:
    base = {
        "schema_version": SCHEMA_VERSION,
        "catalog_version": "test-1",
        "model_version": "test",
        "labels": ",".join(LABELS),
        "song_count": str(len(rows)),
    }
    if any("topic" in r for r in rows):
        base.update(
            topic_dim=str(TOPIC_DIM),
            topic_calibration=json.dumps({"query_mean": [0.0] * TOPIC_DIM, "lo": 0.0, "hi": 1.0}),
        )
    base.update(meta)
    write_catalog(path, rows, base)
    return path
