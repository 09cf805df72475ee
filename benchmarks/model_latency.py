"""Latency and throughput of the bundled int8 emotion model, as the app uses it.

    python benchmarks/model_latency.py [--runs 300]

Prints p50/p99 latency of ``analyze`` on single status messages with 1 and 2 intra-op
threads, and texts/second for batched analysis (``analyze_batch``).  Goal: p50 <= 15 ms
on one core of the reference machine (2-core x86_64).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import percentiles_ms  # noqa: E402
from desktop.emotion_model import MODEL_FILE, EmotionModel  # noqa: E402

MESSAGES = [
    "오늘 너무 행복해", "비 오는 날 괜히 우울하다", "시험 망쳤어 진짜 짜증나", "밤길이 너무 무서워",
    "헐 대박 합격했대!", "그냥 평범한 하루였어", "저 사람 말하는 거 진짜 역겹다", "보고 싶다 너무 많이",
    "내일 발표인데 떨려서 잠이 안 와", "친구들이랑 여행 가서 신났어", "아무것도 하기 싫은 월요일",
    "갑자기 정전돼서 깜짝 놀랐잖아",
]


def latency(model: EmotionModel, runs: int) -> dict:
    for m in MESSAGES:  # warm-up
        model.analyze(m)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        model.analyze(MESSAGES[i % len(MESSAGES)])
        times.append((time.perf_counter() - t0) * 1000)
    return {**percentiles_ms(times), "mean_ms": round(statistics.fmean(times), 2), "runs": runs}


def throughput(model: EmotionModel, n: int, batch_size: int) -> dict:
    texts = [MESSAGES[i % len(MESSAGES)] + " " * (i % 3) for i in range(n)]
    model.analyze_batch(texts[:batch_size], batch_size=batch_size)
    t0 = time.perf_counter()
    out = model.analyze_batch(texts, batch_size=batch_size)
    dt = time.perf_counter() - t0
    assert out.shape == (n, 7) and np.allclose(out.sum(1), 1, atol=1e-4)
    return {"texts": n, "batch_size": batch_size, "texts_per_s": round(n / dt, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--batch-texts", type=int, default=512)
    a = ap.parse_args()
    report = {}
    for threads in (1, 2):
        model = EmotionModel(threads=threads)
        report[f"single_{threads}_thread"] = latency(model, a.runs)
        report[f"batch_{threads}_thread"] = [throughput(model, a.batch_texts, bs) for bs in (16, 64)]
    model_file = Path(model.model_dir) / MODEL_FILE
    report["model_mb"] = round(model_file.stat().st_size / 1e6, 1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
