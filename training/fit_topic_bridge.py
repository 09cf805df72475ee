"""Fit the topic bridge (``desktop.engine.topic_bridge``) on catalog songs, measure it, and ship it.

    python training/topic_bridge_vectors.py --songs 9000      # run-time vectors (training/cache/)
    python training/fit_topic_bridge.py                       # fit, compare, print the figures
    python training/fit_topic_bridge.py --write               # ... and store the chosen map in catalog.db

Inputs: the run-time topic vectors of catalog songs (the unit mean of the shipped model's e5 query
vectors of each song's passages, as ``analyse_lyrics`` makes them, before centring) and the
catalog's own topic vectors (raw e5 passage vectors, centred, unit).  Songs are split by a hash of
their key: 70 % fit, 15 % choose (validation), 15 % report (test).  Variants:

* identity: the run-time vector as it is (the app before the bridge);
* shift: x + b (b the mean difference);
* ridge: a full linear map W x + b, ridge-regularised;
* procrustes: the best rotation (orthogonal W), then the shift;
* identity + low rank: x + (A x) B + b, the correction fitted by ridge and cut to rank r by
  reduced-rank regression (the top r directions of the fitted correction).

Each is scored on held-out songs by the cosine to the song's true catalog vector and by where the
song's own catalog vector ranks among all 8,891 for the bridged vector (0 = nearest).  The chosen
variant (best validation cosine among those small enough to ship) is quantised to half precision
and scored again; ``--write`` stores it (``catalog.write_topic_bridge``).  The situation transfer
(``topic_bridge.neighbours`` / ``transfer``) is measured on the test songs treated as local ones:
the song itself and its other versions (same title as heard and artist) are left out of its
neighbours.  Nothing about lyrics is written; figures go to ``training/topic_bridge_report.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "training" / "cache" / "topic_bridge_vectors.npz"
REPORT = ROOT / "training" / "topic_bridge_report.json"
MAX_BYTES = 64_000  # what the bundle can take (it was 279.7 MB against a 280 MB bar)


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def split_of(key: str) -> str:
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100
    return "fit" if h < 70 else "val" if h < 85 else "test"


def scores(pred: np.ndarray, rows: np.ndarray, topics: np.ndarray) -> dict:
    """Cosine to the own catalog vector; the own song's rank among all catalog songs."""
    p = unit(pred)
    cos = (p * topics[rows]).sum(1)
    sims = p @ topics.T
    own = sims[np.arange(len(p)), rows]
    rank = (sims > own[:, None]).sum(1)
    return {
        "cosine_mean": round(float(cos.mean()), 4),
        "cosine_p10": round(float(np.percentile(cos, 10)), 4),
        "cosine_min": round(float(cos.min()), 4),
        "own_nearest": round(float(np.mean(rank == 0)), 4),
        "own_in_top10": round(float(np.mean(rank < 10)), 4),
        "own_rank_median": float(np.median(rank)),
        "own_rank_mean": round(float(rank.mean()), 2),
    }


def pack(a: np.ndarray | None, b: np.ndarray | None, shift: np.ndarray) -> np.ndarray:
    """(2r + 1, d): A, B, b as ``Catalog.topic_bridge`` stores them."""
    d = shift.shape[0]
    a = np.zeros((0, d)) if a is None else a
    b = np.zeros((0, d)) if b is None else b
    return np.vstack([a, b, shift[None, :]]).astype(np.float32)


def fit_low_rank(x: np.ndarray, y: np.ndarray, rank: int, lam: float) -> np.ndarray:
    """x + (A x) B + b: ridge on the residual y - x (both centred), then reduced-rank regression."""
    xm, rm = x.mean(0), (y - x).mean(0)
    xc, rc = x - xm, (y - x) - rm
    d = x.shape[1]
    full = np.linalg.solve(xc.T @ xc + lam * np.eye(d), xc.T @ rc)  # (d, d): residual ~ x @ full
    if rank == 0:
        return pack(None, None, rm)
    _, _, vt = np.linalg.svd(xc @ full, full_matrices=False)
    v = vt[:rank].T  # (d, r): the output directions that carry the fitted correction
    a = (full @ v).T  # (r, d): x -> coordinates
    b = v.T  # (r, d): coordinates -> correction
    shift = rm - (xm @ full @ v) @ v.T
    return pack(a, b, shift)


def apply(packed: np.ndarray, x: np.ndarray) -> np.ndarray:
    from desktop.engine.topic_bridge import TopicBridge

    return TopicBridge(packed)(x)


def main(argv: list[str] | None = None) -> None:
    from desktop.engine.recommend import title_key
    from desktop.engine.song_analysis import artist_key, topic_centre
    from desktop.engine.topic_bridge import EMOTION_WEIGHT, SHARPNESS, K, neighbours, transfer
    from desktop.library.catalog import Catalog, write_topic_bridge
    from desktop.library.situations import ROMANTIC

    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="store the chosen map in catalog.db")
    ap.add_argument("--catalog", default=str(ROOT / "catalog.db"))
    a = ap.parse_args(argv)
    catalog = Catalog.open(a.catalog)
    assert catalog.topics is not None and catalog.situations is not None
    z = np.load(CACHE, allow_pickle=False)
    keys = [str(k) for k in z["keys"]]
    centre = topic_centre(catalog)
    x = unit(z["vectors"].astype(np.float64) - centre)  # what analyse_lyrics gives without a bridge
    topics = unit(catalog.topics.astype(np.float64))
    rows = np.array([catalog.index[k] for k in keys])
    y = topics[rows]
    part = np.array([split_of(k) for k in keys])
    fit, val, test = (part == s for s in ("fit", "val", "test"))
    print(f"{len(keys)} songs: {fit.sum()} fit, {val.sum()} validation, {test.sum()} test", flush=True)

    variants: dict[str, tuple[np.ndarray | None, object]] = {}
    variants["identity"] = (None, lambda q: q)
    variants["shift"] = (fit_low_rank(x[fit], y[fit], 0, 1.0), None)
    for lam in (0.1, 1.0, 10.0):
        xf = np.hstack([x[fit], np.ones((fit.sum(), 1))])
        w = np.linalg.solve(xf.T @ xf + lam * np.eye(xf.shape[1]), xf.T @ y[fit])
        variants[f"ridge full lam={lam}"] = (None, lambda q, w=w: np.hstack([q, np.ones((len(q), 1))]) @ w)
    u, _, vt = np.linalg.svd((x[fit] - x[fit].mean(0)).T @ (y[fit] - y[fit].mean(0)))
    rot = u @ vt
    shift = y[fit].mean(0) - x[fit].mean(0) @ rot
    variants["procrustes + shift"] = (None, lambda q: q @ rot + shift)
    for rank in (1, 2, 4, 8, 16, 32, 64):
        for lam in (0.3, 1.0, 3.0, 10.0):
            variants[f"identity + rank {rank} lam={lam}"] = (fit_low_rank(x[fit], y[fit], rank, lam), None)

    table = {}
    for name, (packed, fn) in variants.items():
        f = (lambda q, p=packed: apply(p, q)) if packed is not None else fn
        size = None if packed is None else int(packed.size * 2)
        if packed is None and name != "identity":
            size = int(384 * 385 * 2)  # a full d x d map (+ shift) in half precision
        table[name] = {"bytes_f16": size, "validation": scores(f(x[val]), rows[val], topics)}
        print(name, table[name], flush=True)
    shippable = {n: v for n, v in table.items() if n != "identity" and (v["bytes_f16"] or 0) <= MAX_BYTES}
    best = max(shippable, key=lambda n: shippable[n]["validation"]["cosine_mean"])
    packed = variants[best][0]
    assert packed is not None
    shipped = packed.astype(np.float16).astype(np.float32)
    report = {
        "songs": {"fit": int(fit.sum()), "validation": int(val.sum()), "test": int(test.sum())},
        "variants": table,
        "chosen": best,
        "chosen_bytes": int(shipped.size * 2),
        "test": {
            "before (identity)": scores(x[test], rows[test], topics),
            "after (chosen, float16)": scores(apply(shipped, x[test]), rows[test], topics),
            "full ridge lam=0.1 (too large to ship)": scores(
                variants["ridge full lam=0.1"][1](x[test]), rows[test], topics
            ),  # type: ignore[operator]
        },
    }

    # The situation transfer, on held-out songs as if they were local files: variants compared on the
    # validation songs, the one the app uses (topic_bridge.K, SHARPNESS, EMOTION_WEIGHT) also on the test songs.
    layer = catalog.situations
    versions: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(catalog.songs):
        versions.setdefault((title_key(s.title), artist_key(s.artist)), []).append(i)
    romantic = np.array(ROMANTIC, dtype=bool)
    prior = np.bincount(layer.weights.argmax(1), minlength=layer.weights.shape[1]).argmax()

    def transfer_scores(
        which: np.ndarray, vectors: np.ndarray, k: int, sharpness: float = SHARPNESS, emotion: float = 0.0
    ) -> dict:
        trows = rows[which]
        exclude = [versions[(title_key(catalog.songs[r].title), artist_key(catalog.songs[r].artist))] for r in trows]
        truth = layer.weights[trows]
        emotions = catalog.vectors[trows]  # the run-time emotions equal the catalog's (parity: 1.8e-7)
        near, w = neighbours(catalog, vectors.astype(np.float32), k, exclude, emotions, emotion, sharpness)
        sit, valence = transfer(catalog, near, w)
        first_true, first_got = truth.argmax(1), sit.argmax(1)
        top3 = np.argsort(-sit, axis=1)[:, :3]
        got_set, true_set = sit >= 0.5, truth >= 0.5
        jacc = (got_set & true_set).sum(1) / np.maximum((got_set | true_set).sum(1), 1)
        true_love = truth[:, romantic].max(1) >= 0.99
        return {
            "first_situation_same": round(float(np.mean(first_true == first_got)), 4),
            "true_first_in_top3": round(float(np.mean([t in row for t, row in zip(first_true, top3)])), 4),
            "situation_set_jaccard": round(float(jacc.mean()), 4),
            "valence_mean_abs_error": round(float(np.abs(valence - layer.valence[trows]).mean()), 4),
            "love_song_same": round(float(np.mean((sit[:, romantic].max(1) >= 0.99) == true_love)), 4),
        }

    def majority(which: np.ndarray) -> float:
        return round(float(np.mean(layer.weights[rows[which]].argmax(1) == prior)), 4)

    bridged_val = apply(shipped, x[val])
    on_val: dict = {"majority situation (no transfer)": majority(val)}
    for k in (1, 5, 10, 20, 40):
        for sharp in (0.0, 10.0, 20.0, 50.0):
            on_val[f"bridged, k={k}, sharpness={sharp}"] = transfer_scores(val, bridged_val, k, sharp)
    for emotion in (0.1, 0.3, 1.0):
        on_val[f"bridged, k={K}, sharpness={SHARPNESS}, emotion weight {emotion}"] = transfer_scores(
            val, bridged_val, K, SHARPNESS, emotion
        )
    chosen = f"k={K}, sharpness={SHARPNESS}, emotion weight {EMOTION_WEIGHT}"
    report["transfer_validation"] = on_val
    report["transfer_test"] = {
        "majority situation (no transfer)": majority(test),
        f"unbridged run-time vectors, {chosen}": transfer_scores(test, x[test], K, SHARPNESS, EMOTION_WEIGHT),
        f"bridged, {chosen} (the app)": transfer_scores(test, apply(shipped, x[test]), K, SHARPNESS, EMOTION_WEIGHT),
        f"the song's true catalog vector, {chosen} (the most a bridge could give)": transfer_scores(
            test, y[test], K, SHARPNESS, EMOTION_WEIGHT
        ),
    }
    for name, v in on_val.items():
        print("validation", name, v)
    print(
        json.dumps(
            {k: v for k, v in report.items() if k not in ("variants", "transfer_validation")},
            ensure_ascii=False,
            indent=1,
        )
    )
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if a.write:
        write_topic_bridge(Path(a.catalog), shipped)
        print(f"wrote {best} ({shipped.size * 2} bytes) into {a.catalog}")


if __name__ == "__main__":
    main()
