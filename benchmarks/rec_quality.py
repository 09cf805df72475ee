"""Do the songs fit?  Figures for the recommender (not a timed test).

    python -m benchmarks.rec_quality [--catalog catalog.db] [--write-report] [--fast]

Needs ``../shared`` (lyrics, only to check hits in memory; the AI-Hub test split from
``training/cache/data``, made by ``python -m training.prepare_data``).  Prints one JSON object:

* ``topical``: share of a text's top-10 whose lyrics mention its topic (a regex per query in
  ``benchmarks/data/topical_queries.tsv``: 60 "dev" queries used while choosing the ranking
  and 30 "held" ones that were not), against random songs (the share of catalog songs
  that match, i.e. a random top-10's expected hit rate);
* ``lift``: for queries read as low moods, how happy the songs are in match vs lift mode;
* ``song_emotions``: agreement of the catalog's song emotions with the boostcamp human KOTE
  labels (top-1 with ties, Spearman) against "always 행복" and shuffled songs;
* ``hubness``: with the 6,291 test-split texts as queries, the most top-10 lists one song is in
  (share), catalog coverage, mean distinct artists per top-10, and the mood fit (share of songs
  whose dominant emotion is the text's; mean Bhattacharyya coefficient) against random songs;
* ``stability``: top-10 overlap between each query and trivial variants (punctuation, ㅋㅋ/ㅠㅠ,
  emoji, spacing);
* ``speed``: text -> ranked list p50/p99 on one thread (both models + ranking), ranking a
  synthetic 100,000-song catalog with topic vectors, model and catalog sizes.

``--write-report`` stores the object under "quality" in ``training/catalog_report.json``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (desktop/core/bootstrap.py), before numpy

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.timing import percentiles_ms  # noqa: E402
from desktop.core.labels import LABELS  # noqa: E402
from desktop.engine.recommend import Mode, Recommender  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().parent / "data" / "topical_queries.tsv"
CACHE = ROOT / "training" / "cache" / "quality"
REPORT = ROOT / "training" / "catalog_report.json"
VARIANTS = [
    lambda t: t + "!!",
    lambda t: t + " ㅋㅋ",
    lambda t: t + " ㅠㅠ",
    lambda t: t + " 😊",
    lambda t: t.replace(" ", "  "),
    lambda t: t + ".",
    lambda t: t + "...",
    lambda t: "아 " + t,
]


def read_queries(path: Path = QUERIES) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(("split", "text", "pattern"), ln.split("\t"))) for ln in lines[1:] if ln.strip()]


def lyrics_by_key() -> dict[str, str]:
    from training.build_catalog import SONGS, load_songs

    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    return {s["song_key"]: "\n".join(s["lines"]) for s in songs}


def topical(app, queries: list[dict], lyrics: dict[str, str], mode: Mode = Mode.MATCH) -> dict:
    keys = [s.key for s in app.catalog.songs]
    out: dict[str, dict] = {}
    for split in ("dev", "held"):
        hits, base = [], []
        for q in (q for q in queries if q["split"] == split):
            rx = re.compile(q["pattern"])
            recs = app.recommend(app.analyze(q["text"]), top=10, mode=mode)
            hits.append(np.mean([bool(rx.search(lyrics.get(r.song.key, ""))) for r in recs]))
            base.append(np.mean([bool(rx.search(lyrics.get(k, ""))) for k in keys]))
        out[split] = {
            "queries": len(hits),
            "hit_rate": round(float(np.mean(hits)), 4),
            "random_songs": round(float(np.mean(base)), 4),
        }
    return out


def lift_effect(app, queries: list[dict]) -> dict:
    """For the queries read as sad, angry, fearful or disgusted: how happy the top-10 songs are in
    match and in lift mode (mean 행복 probability; share of songs whose dominant emotion is 행복)."""
    from desktop.engine.recommend import NEGATIVE

    low = [a for a in (app.analyze(q["text"]) for q in queries) if LABELS[int(a.probs.argmax())] in NEGATIVE]
    out = {"queries": len(low)}
    for mode in (Mode.MATCH, Mode.LIFT):
        rows = [[app.catalog.index[r.song.key] for r in app.recommend(a, top=10, mode=mode)] for a in low]
        v = app.catalog.vectors
        out[mode.value] = {
            "mean_happiness": round(float(np.mean([v[r, 0].mean() for r in rows])), 4),
            "share_happy_songs": round(float(np.mean([(v[r].argmax(1) == 0).mean() for r in rows])), 4),
        }
    return out


def song_emotions(catalog) -> dict:
    from training.song_aggregate import agreement, baselines, human_song_emotions

    human = human_song_emotions()
    rows = [i for i, s in enumerate(catalog.songs) if s.melon_id in human]
    h = np.stack([human[catalog.songs[i].melon_id] for i in rows])
    v = catalog.vectors[rows]
    return {
        "songs": len(rows),
        "catalog": agreement(v, h),
        **baselines(v, h),
        "method": catalog.meta.get("emotion_method", "prob_mean_repeats"),
    }


def test_split_analyses(app, limit: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Emotion and topic vectors of the AI-Hub test texts, cached per model pair."""
    from desktop.engine.evaluate import read_labelled_tsv

    texts, _ = read_labelled_tsv(ROOT / "training" / "cache" / "data" / "test.tsv")
    texts = texts[:limit] if limit else texts
    tag = app.model.config["sha256"][:10] + ("-words" if app.use_topics else "")
    path = CACHE / f"test-v2-{tag}-{len(texts)}.npz"
    if path.exists():
        with np.load(path) as z:
            return z["probs"], (z["topics"] if "topics" in z else None)
    # one text at a time, exactly as the app reads a status message; NaN rows: no words, no topic
    both = [app.model.read(t) for t in texts]
    probs = np.stack([p for p, _ in both])
    topics = (
        np.stack([np.full(app.model.spec.embedding_dim, np.nan, np.float32) if t is None else t for _, t in both])
        if app.use_topics
        else None
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, probs=probs, **({"topics": topics} if topics is not None else {}))
    return probs, topics


def hubness(app, probs: np.ndarray, topics: np.ndarray | None, mode: Mode = Mode.MATCH) -> dict:
    counts = np.zeros(len(app.catalog), dtype=np.int64)
    artists, same, fit = [], [], []
    dominant = app.catalog.vectors.argmax(1)
    for i in range(len(probs)):
        topic = None if topics is None or np.isnan(topics[i][0]) else topics[i]
        recs = app.recommender.rank(probs[i], top=10, topic=topic, mode=mode)
        for r in recs:
            counts[app.catalog.index[r.song.key]] += 1
        artists.append(len({r.song.artist for r in recs}))
        rows = [app.catalog.index[r.song.key] for r in recs]
        same.append(np.mean(dominant[rows] == probs[i].argmax()))
        fit.append(np.mean(np.sqrt(app.catalog.vectors[rows]) @ np.sqrt(probs[i])))
    top = int(counts.argmax())
    return {
        "queries": len(probs),
        "max_lists_one_song": int(counts.max()),
        "max_share": round(float(counts.max() / len(probs)), 4),
        "hub_song": f"{app.catalog.songs[top].title} - {app.catalog.songs[top].artist}",
        "coverage": round(float((counts > 0).mean()), 4),
        "mean_distinct_artists_top10": round(float(np.mean(artists)), 2),
        # mood fit: do the songs feel like the text?  Baselines: random songs.
        "share_same_dominant_emotion": round(float(np.mean(same)), 4),
        "random_same_dominant_emotion": round(float(np.mean([np.mean(dominant == p.argmax()) for p in probs])), 4),
        "mean_bhattacharyya_top10": round(float(np.mean(fit)), 4),
        "random_bhattacharyya": round(float(np.mean(np.sqrt(app.catalog.vectors) @ np.sqrt(probs).T)), 4),
    }


def stability(app, queries: list[dict]) -> dict:
    overlaps = []
    for q in queries:
        base = {r.song.key for r in app.recommend(app.analyze(q["text"]), top=10)}
        for v in VARIANTS:
            overlaps.append(len(base & {r.song.key for r in app.recommend(app.analyze(v(q["text"])), top=10)}))
    o = np.array(overlaps)
    return {
        "pairs": len(o),
        "mean_overlap_of_10": round(float(o.mean()), 2),
        "share_keeping_7_or_more": round(float((o >= 7).mean()), 4),
        "min_overlap": int(o.min()),
    }


def speed(app, queries: list[dict]) -> dict:
    from benchmarks.rank_100k import synthetic

    texts = [q["text"] for q in queries]
    for t in texts[:5]:
        app.recommend(app.analyze(t), top=30)
    times = []
    for i in range(200):
        t0 = time.perf_counter()
        app.recommend(app.analyze(texts[i % len(texts)]), top=30)
        times.append((time.perf_counter() - t0) * 1000)
    rng = np.random.default_rng(0)
    vectors, songs = synthetic(100_000, rng)
    dim = app.catalog.topics.shape[1] if app.catalog.topics is not None else 384
    topics = rng.standard_normal((100_000, dim)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    rec = Recommender(vectors, songs, topics, {"lo": 0.0, "hi": 0.3})
    qs = rng.standard_normal((100, dim)).astype(np.float32)
    rec.rank(rng.dirichlet(np.ones(len(LABELS))), top=30, topic=qs[0])  # builds the int8 index once
    rank_times = []
    for k in range(100):
        t0 = time.perf_counter()
        rec.rank(rng.dirichlet(np.ones(len(LABELS))), top=30, topic=qs[k])
        rank_times.append((time.perf_counter() - t0) * 1000)
    model_files = [app.model.model_dir / app.model.spec.file]
    return {
        "text_to_list_1_thread": percentiles_ms(times),
        "rank_100k_with_topics": percentiles_ms(rank_times),
        "model_files_mb": round(sum(p.stat().st_size for p in model_files) / 1e6, 1),
    }


def run(catalog_path: Path | None, fast: bool) -> dict:
    from desktop.service import Moodtune

    app = Moodtune.load(catalog_path=catalog_path, with_store=False, threads=1)
    queries = read_queries()
    lyrics = lyrics_by_key()
    report: dict = {
        "catalog": app.catalog.version,
        "songs": len(app.catalog),
        "catalog_mb": round(Path(catalog_path or ROOT / "catalog.db").stat().st_size / 1e6, 2),
        "date": time.strftime("%Y-%m-%d"),
    }
    report["topical"] = {m.value: topical(app, queries, lyrics, m) for m in Mode}
    report["lift"] = lift_effect(app, queries)
    report["song_emotions"] = song_emotions(app.catalog)
    probs, topics = test_split_analyses(app, 600 if fast else None)
    report["hubness"] = {m.value: hubness(app, probs, topics, m) for m in (Mode.MATCH, Mode.LIFT)}
    report["stability"] = stability(app, queries)
    report["speed"] = speed(app, queries)
    return report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalog", type=Path, default=None)
    ap.add_argument("--fast", action="store_true", help="600 test texts for hubness instead of 6,291")
    ap.add_argument("--write-report", action="store_true")
    a = ap.parse_args(argv)
    report = run(a.catalog, a.fast)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if a.write_report:
        full = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
        full["quality"] = report
        REPORT.write_text(json.dumps(full, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
