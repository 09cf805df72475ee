"""Build ``catalog.db``: every song's emotion distribution and topic vector, from its lyrics.

Two passes over the lyrics, run by worker processes with one thread each (faster than one
process with two threads on this CPU), in shards of ``SHARD`` songs written to
``training/cache/shards`` (an interrupted build resumes with the shards not yet written):

* emotion: the seed's chunks of 4 Korean lines (lines without Hangul, e.g. English hooks or
  "oh oh", are dropped: the classifier was trained on Korean only); each distinct chunk is run
  once and its repeat count kept, so choruses can be weighted; logits are cached.
* topic: the song's unique lines in passages of 8, embedded by the raw e5 encoder as
  "passage: …" (float16 cached).

Then ``training/song_aggregate.py`` turns chunk outputs into song vectors: the emotion
aggregation that agrees best with the boostcamp human labels, centred int8 topic vectors, the
calibration of the topic fit, and the hub penalties.  Songs where fewer than ``--min-korean`` of
the lines are Korean, or with fewer than 4 Korean lines, are skipped and listed in the report.

Lyrics are read from ``../shared`` and never written anywhere: catalog.db, the shards and the
report hold metadata and numbers only.

    python -m training.build_catalog                 # resumable; progress in training/cache/catalog.log
    python -m training.build_catalog --skip-embed    # re-assemble from the cached shards
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from datetime import date
from pathlib import Path

import numpy as np

from desktop.core.labels import LABELS
from desktop.engine.emotion_model import EmotionModel
from desktop.engine.model_spec import TOPIC
from desktop.engine.text_encoder import TextEncoder
from desktop.library.catalog import SCHEMA_VERSION, write_catalog

# How lyrics are cut is shared with the app's analysis of a user's own songs (one definition);
# the names are re-exported for training/ and benchmarks/.
from desktop.library.lyric_chunks import (  # noqa: F401
    HANGUL,
    LINES_PER_CHUNK,
    TOPIC_LINES,
    chunks_of,
    distinct_chunks,
    lyric_lines,
    readable,
    topic_passages,
)

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / "cache"
# The raw e5 topic model ("passage: " + lyrics -> song vectors).  Not shipped: the app's joint model
# reads a user's text and gives its e5 query vector (see desktop.engine.model_spec.EMOTION).
TOPIC_HOME = CACHE / "topic"
SONGS = ROOT.parent / "shared" / "data" / "songs"


def norm_key(title: str, artist: str) -> str:
    clean = lambda s: re.sub(r"[\s\W_]+", "", str(s).lower())  # noqa: E731
    return clean(title) + "|" + clean(artist)


def load_songs(songs_dir: Path, with_genre_crawls: bool) -> tuple[list[dict], dict]:
    """Song metadata + lyric lines, de-duplicated (same song under several Melon IDs)."""
    import pandas as pd

    df = pd.read_csv(songs_dir / "ex3exp_kpop_lyric_datasets" / "derived_songs_unique.csv")
    report = {"source_rows": len(df)}
    songs: dict[str, dict] = {}
    dupes = 0
    for r in df.itertuples():
        if not isinstance(r.lyrics, str) or not r.lyrics.strip():
            continue
        key = norm_key(r.title, r.artist)
        song = {
            "song_key": str(r.song_key),
            "melon_id": int(r.song_id) if not math.isnan(r.song_id) else None,
            "title": str(r.title),
            "artist": str(r.artist),
            "album": "" if not isinstance(r.album, str) else r.album,
            "release_date": "" if not isinstance(r.release_date, str) else r.release_date,
            "year": int(r.release_year) if not math.isnan(r.release_year) else None,
            "genre": "" if not isinstance(r.genre, str) else r.genre,
            "chart_months": int(r.chart_months),
            "best_rank": int(r.best_rank),
            "lines": lyric_lines(r.lyrics),
        }
        old = songs.get(key)
        if old is not None:
            dupes += 1
            if (old["chart_months"], len(old["lines"])) >= (song["chart_months"], len(song["lines"])):
                continue
        songs[key] = song
    report["no_lyrics"] = int(len(df) - sum(1 for x in df.lyrics if isinstance(x, str) and x.strip()))
    report["duplicates_merged"] = dupes
    added = 0
    if with_genre_crawls:
        crawl_dir = songs_dir / "kogpt_joong2_melon_genre"
        genre_names = {
            "ballad": "발라드",
            "dance": "댄스",
            "raphip": "랩/힙합",
            "RB": "R&B/Soul",
            "indi": "인디음악",
            "rock": "록/메탈",
            "tro": "성인가요/트로트",
            "fork": "포크/블루스",
        }
        for stem, genre in genre_names.items():
            g = pd.read_csv(crawl_dir / f"{stem}.csv", encoding="utf-8-sig")
            for r in g.itertuples():
                if not isinstance(r.Lyric, str) or not r.Lyric.strip():
                    continue
                key = norm_key(r.Title, r.Singer)
                if key in songs:
                    continue
                # Line breaks were flattened to spaces by the crawl: rebuild ~6-word "lines".
                words = r.Lyric.split()
                lines = [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]
                songs[key] = {
                    "song_key": f"x:{r.Title}|{r.Singer}",
                    "melon_id": None,
                    "title": str(r.Title),
                    "artist": str(r.Singer),
                    "album": "",
                    "release_date": "",
                    "year": None,
                    "genre": genre,
                    "chart_months": 0,
                    "best_rank": None,
                    "lines": lines,
                }
                added += 1
    report["added_from_genre_crawls"] = added
    return list(songs.values()), report


SHARD = 200  # songs per cache file


def song_chunks(songs: list[dict], min_korean: float) -> tuple[list[dict], list[dict]]:
    """Split songs into those the models can read and those skipped as mostly non-Korean."""
    kept, skipped = [], []
    for s in songs:
        chunks, ratio = chunks_of(s["lines"])
        s["korean_ratio"] = ratio
        if not readable(chunks, ratio, min_korean):
            skipped.append({"title": s["title"], "artist": s["artist"], "korean_ratio": round(ratio, 2)})
            continue
        s["chunks"] = chunks
        kept.append(s)
    return kept, skipped


def shard_path(kind: str, sha: str, shard: int) -> Path:
    return CACHE / "shards" / f"{kind}-{sha[:12]}-{shard:04d}.npz"


def shard_texts(kind: str, songs: list[dict]) -> tuple[list[str], list[int], list[int]]:
    """What one shard reads: each song's distinct 4-line chunks with their repeat counts (emotion)
    or its passages (topic), and the ``offsets`` that delimit songs."""
    texts, counts, offsets = [], [], [0]
    for s in songs:
        if kind == "emotion":
            distinct, repeats = distinct_chunks(s["chunks"])
            texts += distinct
            counts += repeats
        else:
            passages = topic_passages(s["lines"])
            texts += passages
            counts += [1] * len(passages)
        offsets.append(len(texts))
    return texts, counts, offsets


def embed_shard(kind: str, model, songs: list[dict]) -> dict[str, np.ndarray]:
    """Per chunk outputs of one shard: emotion logits of each distinct 4-line chunk with its
    repeat count, or topic embeddings (float16) of each passage; ``offsets`` delimit songs."""
    texts, counts, offsets = shard_texts(kind, songs)
    if kind == "emotion":
        values = model.logits_batch(texts, batch_size=16).astype(np.float32)
    else:
        values = model.embed_batch(texts, prefix=TOPIC.passage_prefix, batch_size=16).astype(np.float16)
    return {"values": values, "counts": np.array(counts, dtype=np.int32), "offsets": np.array(offsets)}


def worker(worker_id: int, kinds: list[str], songs: list[dict], log_path: Path) -> None:
    """Take unclaimed shards (an O_EXCL claim file per shard) until none is left: any number of
    worker processes share the work, and a killed build resumes with the shards not yet written."""
    import os

    models = {}
    with open(log_path, "a", encoding="utf-8") as log:
        for kind in kinds:
            if kind not in models:
                models[kind] = (
                    EmotionModel(threads=1) if kind == "emotion" else TextEncoder(TOPIC, TOPIC_HOME, threads=1)
                )
            sha = models[kind].config["sha256"]
            for shard in range(0, (len(songs) + SHARD - 1) // SHARD):
                out = shard_path(kind, sha, shard)
                claim = out.with_suffix(".claim")
                if out.exists():
                    continue
                try:
                    fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                    os.close(fd)
                except FileExistsError:
                    continue
                t0 = time.time()
                part = embed_shard(kind, models[kind], songs[shard * SHARD : (shard + 1) * SHARD])
                tmp = out.with_name(out.stem + ".tmp.npz")
                np.savez(tmp, **part)
                tmp.replace(out)
                claim.unlink(missing_ok=True)
                log.write(
                    f"{time.strftime('%H:%M:%S')} worker {worker_id} {kind} {sha[:12]} shard {shard} "
                    f"{len(part['counts'])} chunks {len(part['counts']) / (time.time() - t0):.1f} chunks/s\n"
                )
                log.flush()


def embed_all(songs: list[dict], workers: int) -> None:
    """Run ``workers`` processes x 1 thread (faster than 1 process x N threads on this CPU)."""
    import multiprocessing as mp

    (CACHE / "shards").mkdir(parents=True, exist_ok=True)
    for stale in (CACHE / "shards").glob("*.claim"):
        stale.unlink()  # claims of a killed build
    ctx = mp.get_context("spawn")
    procs = [
        ctx.Process(target=worker, args=(i, ["topic", "emotion"], songs, CACHE / "catalog.log")) for i in range(workers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"worker exited with {p.exitcode}; see {CACHE / 'catalog.log'}")


def load_shards(kind: str, sha: str, n_songs: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(values, counts) per song, in song order."""
    out = []
    for shard in range(0, (n_songs + SHARD - 1) // SHARD):
        with np.load(shard_path(kind, sha, shard)) as z:
            values, counts, offsets = z["values"], z["counts"], z["offsets"]
        for a, b in zip(offsets[:-1], offsets[1:]):
            out.append((values[a:b].astype(np.float32), counts[a:b]))
    return out


def embed_stats(shas: dict[str, str]) -> dict:
    """Chunks and worker-seconds of the shards of these models (kind -> sha256), read back from the
    log (lines name the model: a shard computed by an earlier model does not count; a shard
    computed twice, by a build that was killed and resumed, counts once, the last time)."""
    import re as _re

    shards: dict[tuple[str, int], tuple[int, float]] = {}
    log = CACHE / "catalog.log"
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        m = _re.search(r"worker \d+ (emotion|topic) ([0-9a-f]{12}) shard (\d+) (\d+) chunks ([\d.]+) chunks/s", line)
        if m and shas.get(m.group(1), "").startswith(m.group(2)):
            n = int(m.group(4))
            shards[(m.group(1), int(m.group(3)))] = (n, n / float(m.group(5)))
    out = {}
    for kind in ("emotion", "topic"):
        n = sum(c for (k, _), (c, _) in shards.items() if k == kind)
        sec = sum(t for (k, _), (_, t) in shards.items() if k == kind)
        out[kind] = {
            "chunks": n,
            "worker_seconds": round(sec),
            "chunks_per_worker_second": round(n / sec, 1) if sec else None,
        }
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--songs", type=Path, default=SONGS)
    ap.add_argument("--out", type=Path, default=ROOT / "catalog.db")
    ap.add_argument("--report", type=Path, default=Path(__file__).resolve().parent / "catalog_report.json")
    ap.add_argument("--min-korean", type=float, default=0.3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-genre-crawls", action="store_true")
    ap.add_argument("--skip-embed", action="store_true", help="assemble from the cached shards only")
    a = ap.parse_args(argv)

    CACHE.mkdir(parents=True, exist_ok=True)
    songs, report = load_songs(a.songs, not a.no_genre_crawls)
    songs, skipped = song_chunks(songs, a.min_korean)
    t0 = time.time()
    if not a.skip_embed:
        embed_all(songs, a.workers)
    elapsed = time.time() - t0
    from training.song_aggregate import assemble

    emotion, topic = EmotionModel(), TextEncoder(TOPIC, TOPIC_HOME)
    rows, meta, figures = assemble(
        songs,
        load_shards("emotion", emotion.config["sha256"], len(songs)),
        load_shards("topic", topic.config["sha256"], len(songs)),
        emotion,
        topic,
    )
    version = f"{date.today():%Y.%m.%d}-{len(rows)}"
    meta.update(
        {
            "schema_version": SCHEMA_VERSION,
            "catalog_version": version,
            "model_version": emotion.version,
            "model_sha256": emotion.config["sha256"],
            "topic_model_sha256": topic.config["sha256"],
            "labels": ",".join(LABELS),
            "song_count": str(len(rows)),
            "built": date.today().isoformat(),
        }
    )
    write_catalog(a.out, rows, meta)
    dist = {lab: sum(1 for r in rows if r["dominant"] == lab) for lab in LABELS}
    report.update(
        {
            "catalog_version": version,
            "songs": len(rows),
            "skipped_mostly_non_korean": len(skipped),
            "skipped_examples": skipped[:40],
            "dominant_distribution": dist,
            "method": figures.pop("method"),
            "song_emotion_choices": figures.pop("song_emotion_choices"),
            "hub_penalties": figures.pop("hub_penalties"),
            "embed": {
                **embed_stats({"emotion": emotion.config["sha256"], "topic": topic.config["sha256"]}),
                **({} if a.skip_embed else {"seconds": round(elapsed, 1), "workers": a.workers}),
            },
            "size_bytes": a.out.stat().st_size,
        }
    )
    a.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "skipped_examples"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
