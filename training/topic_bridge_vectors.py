"""Run-time topic vectors of catalog songs, for fitting the topic bridge (``fit_topic_bridge.py``).

Each song's lyrics (../shared, read in memory only) are cut as the app cuts a user's file
(``desktop.library.lyric_chunks.topic_passages``) and read by the shipped model; the song's vector is
the unit mean of its passages' e5 query vectors, *before* centring (``analyse_lyrics`` with no
centre), so the fit can apply the app's centring itself.  Only numbers are written, to
``training/cache/topic_bridge_vectors.npz`` (git-ignored), checkpointed every ``--every`` songs so
a restart resumes.

    python training/topic_bridge_vectors.py --songs 9000 --threads 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "training" / "cache" / "topic_bridge_vectors.npz"


def order(keys: list[str], seed: int = 23) -> list[str]:
    """A fixed random order of the catalog's keys: any prefix is a random sample."""
    rng = np.random.default_rng(seed)
    return [keys[i] for i in rng.permutation(len(keys))]


def main(argv: list[str] | None = None) -> None:
    from benchmarks.library_import import catalog_lyrics
    from desktop.engine.emotion_model import EmotionModel
    from desktop.library.catalog import Catalog
    from desktop.library.lyric_chunks import chunks_of, lyric_lines, readable, topic_passages

    ap = argparse.ArgumentParser()
    ap.add_argument("--songs", type=int, default=9000)
    ap.add_argument("--every", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    catalog = Catalog.open()
    keys = [k for k in catalog.songs.keys if not k.startswith("x:")]
    lyrics = catalog_lyrics(set(keys))
    todo = [k for k in order(keys) if k in lyrics][: a.songs]
    done_keys: list[str] = []
    vecs: list[np.ndarray] = []
    if CACHE.exists():
        z = np.load(CACHE, allow_pickle=False)
        done_keys, vecs = list(z["keys"]), list(z["vectors"])
    seen = set(done_keys)
    model = EmotionModel(threads=a.threads)
    dim = None
    t0 = time.time()
    pending = [k for k in todo if k not in seen]
    print(f"{len(done_keys)} cached, {len(pending)} to do", flush=True)

    def save() -> None:
        tmp = CACHE.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(done_keys), vectors=np.asarray(vecs, dtype=np.float32))
        tmp.replace(CACHE)

    for start in range(0, len(pending), a.every):
        part = pending[start : start + a.every]
        passages, spans = [], []
        for k in part:
            lines = lyric_lines(lyrics[k])
            chunks, ratio = chunks_of(lines)
            ps = topic_passages(lines) if readable(chunks, ratio) else []
            spans.append((len(passages), len(ps)))
            passages += ps
        _, v = model.read_batch(passages, batch_size=16)
        assert v is not None
        for k, (s, n) in zip(part, spans):
            if n == 0:
                continue
            m = np.asarray(v[s : s + n], dtype=np.float64).mean(0)
            m /= max(float(np.linalg.norm(m)), 1e-12)
            done_keys.append(k)
            vecs.append(m.astype(np.float32))
            dim = m.shape[0]
        save()
        el = time.time() - t0
        print(f"{len(done_keys)} songs ({start + len(part)}/{len(pending)} this run), {el:.0f}s, dim {dim}", flush=True)


if __name__ == "__main__":
    main()
