"""Time to rank a synthetic 100,000-song catalog (vectorised numpy recommender).

    python benchmarks/rank_100k.py [--songs 100000]

Builds Dirichlet-random 7-vectors and random unit 384-d topic vectors with genres and years,
adds 500 past votes so the feedback path runs too, and prints the p50/p99 of
``Recommender.rank`` over 200 texts: the original emotion-only rule, the default blended
ranking with a topic vector (int8 index, diversity pass), and the blend without a topic
vector with and without feedback and filters.  Goal: <= 10 ms for 100,000 songs.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (desktop/core/bootstrap.py), before numpy

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.timing import percentiles_ms  # noqa: E402
from desktop.core.labels import LABELS  # noqa: E402
from desktop.engine.recommend import FeedbackSignals, Filters, Recommender  # noqa: E402
from desktop.library.catalog import SongInfo  # noqa: E402

GENRES = [
    "발라드",
    "댄스",
    "랩/힙합",
    "R&B/Soul",
    "인디음악",
    "록/메탈",
    "성인가요/트로트",
    "포크/블루스",
    "국내드라마",
]


def synthetic(n: int, rng: np.random.Generator) -> tuple[np.ndarray, list[SongInfo]]:
    vectors = rng.dirichlet(np.full(len(LABELS), 0.6), size=n).astype(np.float32)
    songs = [
        SongInfo(
            key=str(i),
            title=f"song {i}",
            artist=f"artist {i % 997}",
            album="",
            year=int(2000 + i % 24),
            genre=", ".join(rng.choice(GENRES, size=1 + i % 2, replace=False)),
            melon_id=i,
            dominant=LABELS[int(vectors[i].argmax())],
        )
        for i in range(n)
    ]
    return vectors, songs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--songs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    vectors, songs = synthetic(a.songs, rng)
    topics = rng.standard_normal((a.songs, 384)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    rec = Recommender(vectors, songs, topics, {"lo": 0.0, "hi": 0.3})
    topic_queries = rng.standard_normal((a.queries, 384)).astype(np.float32)
    topic_queries /= np.linalg.norm(topic_queries, axis=1, keepdims=True)
    fb = FeedbackSignals(
        rows=rng.integers(0, a.songs, 500),
        votes=rng.choice([-1, 1], 500).astype(np.int8),
        moods=rng.dirichlet(np.ones(len(LABELS)), 500).astype(np.float32),
    )
    queries = rng.dirichlet(np.full(len(LABELS), 0.5), size=a.queries).astype(np.float32)
    report = {"songs": a.songs}
    cases = {
        "emotion only (original rule)": {"mode": "emotion"},
        "match with topic vectors": {"topic": None},
        "plain": {},
        "feedback+genre+years": {
            "feedback": fb,
            "filters": Filters(genres=frozenset({"발라드"}), year_min=2005, year_max=2020),
            "preferred_genres": frozenset({"인디음악"}),
        },
    }
    for name, kwargs in cases.items():
        with_topic = "topic" in kwargs
        kwargs = {k: v for k, v in kwargs.items() if k != "topic"}
        rec.rank(queries[0], top=30, topic=topic_queries[0] if with_topic else None, **kwargs)  # warm-up
        times = []
        for i, q in enumerate(queries):
            t0 = time.perf_counter()
            rec.rank(q, top=30, topic=topic_queries[i] if with_topic else None, **kwargs)
            times.append((time.perf_counter() - t0) * 1000)
        report[name] = percentiles_ms(times)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
