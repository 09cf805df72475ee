"""Your music: import speed, analysis throughput, the window while importing, and run-time parity.

    python benchmarks/library_import.py parity --songs 100   # run-time analysis vs the catalog build
    python benchmarks/library_import.py scan --files 20000   # generated tag-only files (bar: <= 60 s)
    python benchmarks/library_import.py throughput           # analysis vs the machine's GEMM rate
    python benchmarks/library_import.py latency              # window input-to-list, idle vs importing

``parity`` re-analyses a sample of catalog songs the way the app analyses a user's file (lyrics
read from ../shared, in memory only; nothing is written) and compares with the numbers the offline
build stored: emotions (max absolute difference) and topic vectors (cosine, and whether the song's
own catalog vector is its nearest catalog song).  Figures go to docs/BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SONGS_CSV = ROOT.parent / "shared" / "data" / "songs" / "ex3exp_kpop_lyric_datasets" / "derived_songs_unique.csv"


def catalog_lyrics(keys: set[str]) -> dict[str, str]:
    """Lyrics of these catalog songs (in memory only)."""
    csv.field_size_limit(10**7)
    out = {}
    with open(SONGS_CSV, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["song_key"] in keys and r["lyrics"].strip() and r["song_key"] not in out:
                out[r["song_key"]] = r["lyrics"]
    return out


def parity(n: int, seed: int = 0) -> dict:
    from desktop.engine.emotion_model import EmotionModel
    from desktop.library.catalog import Catalog
    from desktop.library.song_analysis import analyse_lyrics, topic_centre

    catalog = Catalog.open()
    model = EmotionModel(threads=2)
    rng = np.random.default_rng(seed)
    keys = [k for k in catalog.songs.keys if not k.startswith("x:")]
    lyrics = catalog_lyrics(set(keys))
    pick = [keys[i] for i in rng.permutation(len(keys)) if keys[i] in lyrics][:n]
    t0 = time.perf_counter()
    numbers = analyse_lyrics(model, [lyrics[k] for k in pick], topic_centre(catalog))
    seconds = time.perf_counter() - t0
    rows = [catalog.index[k] for k in pick]
    ok = [(r, x) for r, x in zip(rows, numbers) if x is not None]
    diff = np.array([np.abs(x[0] - catalog.vectors[r]).max() for r, x in ok])
    top_same = np.mean([int(np.argmax(x[0])) == int(np.argmax(catalog.vectors[r])) for r, x in ok])
    topics = catalog.topics / np.linalg.norm(catalog.topics, axis=1, keepdims=True)
    cos = np.array([float(topics[r] @ x[1]) for r, x in ok])
    nearest = [int(np.argmax(topics @ x[1])) for r, x in ok]
    rank_of_own = [int((topics @ x[1] > topics[r] @ x[1]).sum()) for r, x in ok]
    return {"songs": len(pick), "analysed": len(ok), "seconds": round(seconds, 1),
            "emotion_max_abs_diff": float(diff.max()), "emotion_mean_abs_diff": float(diff.mean()),
            "emotion_same_dominant": round(float(top_same), 4),
            "topic_cosine_mean": round(float(cos.mean()), 4), "topic_cosine_min": round(float(cos.min()), 4),
            "topic_own_song_nearest": round(float(np.mean([a == r for a, (r, _) in zip(nearest, ok)])), 4),
            "topic_own_song_rank_median": float(np.median(rank_of_own))}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--songs", type=int, default=100)
    a = ap.parse_args(argv)
    if a.what == "parity":
        out = parity(a.songs)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
