"""Compute the catalog build's emotion shards on a machine with more cores, then import them.

Why: the emotion pass of ``training.build_catalog`` reads ~60,000 lyric chunks, about 30 min
on this 2-core machine; a lent 16-core machine does it in a few minutes with the same ONNX
model file and the same engine (``EmotionModel.logits_batch``).  The chunk texts travel only to
that machine and back as numbers; nothing here is committed.

    python -m training.remote_shards export --out training/cache/remote/chunks.json.gz   # here
    python -m training.remote_shards run --src ... --out $OUT/shards.npz --workers 16    # there
    python -m training.remote_shards import --src /work/.device/N/shards.npz             # here
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path

import numpy as np

from desktop.engine.model_spec import EMOTION  # no dependencies: the device machine imports it too


def export(out: Path) -> None:
    from training.build_catalog import SHARD, SONGS, load_songs, shard_texts, song_chunks

    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    songs, _ = song_chunks(songs, 0.3)  # the build's --min-korean default
    shards = []
    for start in range(0, len(songs), SHARD):
        texts, counts, offsets = shard_texts("emotion", songs[start : start + SHARD])
        shards.append({"texts": texts, "counts": counts, "offsets": offsets})
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as f:
        json.dump(shards, f, ensure_ascii=False)
    print(f"{len(shards)} shards, {sum(len(s['texts']) for s in shards)} chunks -> {out}")


def _work(args: tuple[int, list[str]]) -> tuple[int, np.ndarray]:
    from desktop.engine.emotion_model import EmotionModel

    idx, texts = args
    return idx, EmotionModel(Path("model"), threads=1).logits_batch(texts, batch_size=16).astype(np.float32)


def run(src: Path, out: Path, workers: int) -> None:
    import multiprocessing as mp

    with gzip.open(src, "rt", encoding="utf-8") as f:
        shards = json.load(f)
    jobs = [(i, s["texts"]) for i, s in enumerate(shards)]
    jobs.sort(key=lambda j: -len(j[1]))  # longest first: the pool ends together
    sha = hashlib.sha256((Path("model") / EMOTION.file).read_bytes()).hexdigest()
    arrays = {}
    with mp.get_context("spawn").Pool(workers) as pool:
        for i, values in pool.imap_unordered(_work, jobs):
            s = shards[i]
            arrays[f"values_{i}"] = values
            arrays[f"counts_{i}"] = np.array(s["counts"], dtype=np.int32)
            arrays[f"offsets_{i}"] = np.array(s["offsets"])
            print(f"shard {i}: {len(values)} chunks", flush=True)
            if len(arrays) % 30 == 0:  # a run cut short still brings back what it finished
                np.savez(out, model_sha=np.array(sha), **arrays)
    np.savez(out, model_sha=np.array(sha), **arrays)


def import_(src: Path) -> None:
    from training.build_catalog import CACHE, shard_path

    card = json.loads((Path(__file__).resolve().parents[1] / "model" / "config.json").read_text(encoding="utf-8"))
    with np.load(src) as z:
        sha = str(z["model_sha"])
        ids = sorted(int(k.split("_")[1]) for k in z.files if k.startswith("values_"))
        (CACHE / "shards").mkdir(parents=True, exist_ok=True)
        for i in ids:
            out = shard_path("emotion", card["sha256"], i)
            np.savez(
                out.with_name(out.stem + ".tmp.npz"),
                values=z[f"values_{i}"],
                counts=z[f"counts_{i}"],
                offsets=z[f"offsets_{i}"],
            )
            out.with_name(out.stem + ".tmp.npz").replace(out)
    print(f"imported {len(ids)} shards computed with model file sha {sha[:12]} (card {card['sha256'][:12]})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["export", "run", "import"])
    ap.add_argument("--src", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--workers", type=int, default=16)
    a = ap.parse_args(argv)
    if a.step == "export":
        export(a.out)
    elif a.step == "run":
        run(a.src, a.out, a.workers)
    else:
        import_(a.src)


if __name__ == "__main__":
    main()
