"""Build ``catalog.db``: every song's emotion distribution, computed from its lyrics.

The seed's method: split the lyrics into chunks of 4 lines, run the emotion model
on every chunk, average the chunk distributions into the song's 7-vector; the
dominant emotion is the argmax.  Lines without any Hangul (English hooks, "oh oh",
"yeah") are dropped before chunking: the model was trained on Korean only and
reads them as noise.  Songs where fewer than ``--min-korean`` of the lines are
Korean, or with fewer than 4 Korean lines, are skipped and listed in the report.

Lyrics are read from ``../shared`` and never written anywhere: catalog.db and the
report hold metadata and numbers only.  Progress (one JSON line per song, vectors
only) is kept in ``training/cache/catalog_progress.jsonl`` so an interrupted build
resumes where it stopped.

    python -m training.build_catalog            # resumable; logs to training/cache/catalog.log
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

from desktop.catalog import PROB_COLUMNS, SCHEMA_VERSION, write_catalog
from desktop.emotion_model import EmotionModel
from desktop.labels import LABELS

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / "cache"
SONGS = ROOT.parent / "shared" / "data" / "songs"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LINES_PER_CHUNK = 4


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
            "song_key": str(r.song_key), "melon_id": int(r.song_id) if not math.isnan(r.song_id) else None,
            "title": str(r.title), "artist": str(r.artist),
            "album": "" if not isinstance(r.album, str) else r.album,
            "release_date": "" if not isinstance(r.release_date, str) else r.release_date,
            "year": int(r.release_year) if not math.isnan(r.release_year) else None,
            "genre": "" if not isinstance(r.genre, str) else r.genre,
            "chart_months": int(r.chart_months), "best_rank": int(r.best_rank),
            "lines": [ln.strip() for ln in r.lyrics.split("\n") if ln.strip()],
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
        genre_names = {"ballad": "발라드", "dance": "댄스", "raphip": "랩/힙합", "RB": "R&B/Soul",
                       "indi": "인디음악", "rock": "록/메탈", "tro": "성인가요/트로트", "fork": "포크/블루스"}
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
                lines = [" ".join(words[i:i + 6]) for i in range(0, len(words), 6)]
                songs[key] = {"song_key": f"x:{r.Title}|{r.Singer}", "melon_id": None, "title": str(r.Title),
                              "artist": str(r.Singer), "album": "", "release_date": "", "year": None,
                              "genre": genre, "chart_months": 0, "best_rank": None, "lines": lines}
                added += 1
    report["added_from_genre_crawls"] = added
    return list(songs.values()), report


def chunks_of(lines: list[str]) -> tuple[list[str], float]:
    korean = [ln for ln in lines if HANGUL.search(ln)]
    ratio = len(korean) / max(1, len(lines))
    return ["\n".join(korean[i:i + LINES_PER_CHUNK]) for i in range(0, len(korean), LINES_PER_CHUNK)], ratio


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--songs", type=Path, default=SONGS)
    ap.add_argument("--out", type=Path, default=ROOT / "catalog.db")
    ap.add_argument("--report", type=Path, default=Path(__file__).resolve().parent / "catalog_report.json")
    ap.add_argument("--min-korean", type=float, default=0.3)
    ap.add_argument("--songs-per-batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-genre-crawls", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N songs (smoke test)")
    a = ap.parse_args(argv)

    from tqdm import tqdm

    CACHE.mkdir(parents=True, exist_ok=True)
    log = open(CACHE / "catalog.log", "a", encoding="utf-8")
    model = EmotionModel(threads=a.threads)
    songs, report = load_songs(a.songs, not a.no_genre_crawls)
    if a.limit:
        songs = songs[: a.limit]
    progress_path = CACHE / "catalog_progress.jsonl"
    model_sha = model.config.get("sha256")
    done: dict[str, dict] = {}
    if progress_path.exists():
        for line in progress_path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            # Keyed on the model file's hash: a re-export on the same day keeps the version string.
            if rec.get("model_sha256") == model_sha:
                done[rec["song_key"]] = rec
    skipped: list[dict] = []
    todo = []
    for s in songs:
        chunks, ratio = chunks_of(s["lines"])
        s["korean_ratio"] = ratio
        if ratio < a.min_korean or sum(len(c.split("\n")) for c in chunks) < LINES_PER_CHUNK:
            skipped.append({"title": s["title"], "artist": s["artist"], "korean_ratio": round(ratio, 2)})
            continue
        if s["song_key"] not in done:
            todo.append((s, chunks))
    t0, n_chunks = time.time(), 0
    with open(progress_path, "a", encoding="utf-8") as prog:
        bar = tqdm(total=len(todo), unit="song", smoothing=0.1)
        for b in range(0, len(todo), a.songs_per_batch):
            batch = todo[b:b + a.songs_per_batch]
            flat = [c for _, chunks in batch for c in chunks]
            probs = model.analyze_batch(flat)
            pos = 0
            for s, chunks in batch:
                vec = probs[pos:pos + len(chunks)].mean(axis=0)
                pos += len(chunks)
                rec = {"song_key": s["song_key"], "model_version": model.version, "model_sha256": model_sha,
                       "vector": [float(x) for x in vec / vec.sum()], "n_chunks": len(chunks)}
                prog.write(json.dumps(rec) + "\n")
                done[s["song_key"]] = rec
            prog.flush()
            n_chunks += len(flat)
            bar.update(len(batch))
            rate = (b + len(batch)) / (time.time() - t0)
            log.write(f"{time.strftime('%H:%M:%S')} {b + len(batch)}/{len(todo)} songs "
                      f"{rate:.1f} songs/s {n_chunks / (time.time() - t0):.1f} chunks/s\n")
            log.flush()
        bar.close()
    elapsed = time.time() - t0
    rows = []
    for s in songs:
        rec = done.get(s["song_key"])
        if rec is None:
            continue
        vec = np.array(rec["vector"], dtype=np.float64)
        rows.append({
            "song_key": s["song_key"], "melon_id": s["melon_id"], "title": s["title"], "artist": s["artist"],
            "album": s["album"], "release_date": s["release_date"], "year": s["year"], "genre": s["genre"],
            "chart_months": s["chart_months"], "best_rank": s["best_rank"], "n_chunks": rec["n_chunks"],
            "korean_ratio": round(s["korean_ratio"], 4), "dominant": LABELS[int(vec.argmax())],
            **dict(zip(PROB_COLUMNS, vec.tolist())),
        })
    version = f"{date.today():%Y.%m.%d}-{len(rows)}"
    meta = {"schema_version": SCHEMA_VERSION, "catalog_version": version, "model_version": model.version,
            "labels": ",".join(LABELS), "song_count": str(len(rows)), "built": date.today().isoformat(),
            "method": f"{LINES_PER_CHUNK} Korean lines per chunk, chunk distributions averaged"}
    write_catalog(a.out, rows, meta)
    dist = {lab: sum(1 for r in rows if r["dominant"] == lab) for lab in LABELS}
    report.update({
        "catalog_version": version, "songs": len(rows), "skipped_mostly_non_korean": len(skipped),
        "skipped_examples": skipped[:40], "dominant_distribution": dist,
        "this_run": {"songs": len(todo), "chunks": n_chunks, "seconds": round(elapsed, 1),
                     "songs_per_second": round(len(todo) / elapsed, 1) if todo and elapsed else None},
        "size_bytes": a.out.stat().st_size,
    })
    a.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "skipped_examples"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
