"""The catalog build's speed as a share of this machine's int8 rate (not a songs/s figure).

    python -m benchmarks.build_share [--sample 400]

Why a share: a song is ~15 GOP through the two encoders, so songs/s mostly says how fast the
CPU is.  This reads the build's measured chunks per worker-second from
``training/catalog_report.json`` ("embed", logged by ``training.build_catalog``), counts the
multiply-adds of an average chunk from a sample of songs (their chunks tokenised in memory from
``../shared``; lyrics are never written), and divides the useful work per worker-second by the
one-thread int8 GEMM rate measured now (``benchmarks.model_latency.int8_gemm_gops``), and by the
fp32 rate (the shipped emotion model computes in fp32; the topic model is int8).  Both workers ran
one thread each, so 100 % would mean every core-second went into GEMM at that rate.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from benchmarks.model_latency import fp32_gemm_gflops, graph_cost, graph_mflop, int8_gemm_gops
from desktop.core import paths
from desktop.engine.model_spec import EMOTION, TOPIC
from desktop.engine.text_encoder import load_tokenizer

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from training.build_catalog import SONGS, TOPIC_HOME, load_songs, song_chunks, topic_passages

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=400, help="songs whose chunks are counted")
    a = ap.parse_args()
    embed = json.loads((ROOT / "training" / "catalog_report.json").read_text(encoding="utf-8"))["embed"]
    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    songs, _ = song_chunks(songs, 0.3)  # the build's --min-korean default
    rng = np.random.default_rng(0)
    sample = [songs[i] for i in rng.choice(len(songs), size=min(a.sample, len(songs)), replace=False)]
    tok = load_tokenizer(paths.model_dir())
    passage_ids = len(tok.encode(TOPIC.passage_prefix, add_special_tokens=False).ids)
    texts = {
        "emotion": [c for s in sample for c in dict.fromkeys(s["chunks"])],  # distinct chunks, as built
        "topic": [p for s in sample for p in topic_passages(s["lines"])],
    }
    extra = {"emotion": 5, "topic": 2 + passage_ids}  # BOS/EOS + "query: " (emotion) or "passage: " (topic)
    spec = {"emotion": EMOTION, "topic": TOPIC}
    where = {"emotion": paths.model_dir(), "topic": TOPIC_HOME}
    gops, gflops = int8_gemm_gops(), fp32_gemm_gflops()
    report: dict = {
        "int8_gemm_gops_1thread": round(gops, 1),
        "fp32_gemm_gflops_1thread": round(gflops, 1),
        "sample_songs": len(sample),
    }
    for kind in ("emotion", "topic"):
        cost = graph_cost(where[kind] / spec[kind].file)
        lengths = [
            min(len(e.ids) + extra[kind], spec[kind].max_length)
            for e in tok.encode_batch(texts[kind], add_special_tokens=False)
        ]
        mflop = float(np.mean([graph_mflop(cost, n) for n in lengths]))
        rate = embed[kind]["chunks_per_worker_second"]
        report[kind] = {
            "tokens_per_chunk": round(float(np.mean(lengths)), 1),
            "mflop_per_chunk": round(mflop),
            "chunks_per_worker_second": rate,
            "gops_per_worker": round(mflop * rate / 1e3, 1),
            "share_of_int8_rate": round(mflop * rate / 1e3 / gops, 3),
            "share_of_fp32_rate": round(mflop * rate / 1e3 / gflops, 3),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
