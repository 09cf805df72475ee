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
    from desktop.engine.song_analysis import analyse_lyrics, topic_centre
    from desktop.library.catalog import Catalog

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
    return {
        "songs": len(pick),
        "analysed": len(ok),
        "seconds": round(seconds, 1),
        "emotion_max_abs_diff": float(diff.max()),
        "emotion_mean_abs_diff": float(diff.mean()),
        "emotion_same_dominant": round(float(top_same), 4),
        "topic_cosine_mean": round(float(cos.mean()), 4),
        "topic_cosine_min": round(float(cos.min()), 4),
        "topic_own_song_nearest": round(float(np.mean([a == r for a, (r, _) in zip(nearest, ok)])), 4),
        "topic_own_song_rank_median": float(np.median(rank_of_own)),
    }


def make_library(folder: Path, n: int) -> Path:
    """``n`` tag-only files (MP3 with ID3 and one silent frame, FLAC with a Vorbis comment), 100 a folder."""
    from tests.audio_fixtures import write_flac, write_mp3

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / f"album{i // 100:04d}"
        if i % 100 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        if i % 2:
            write_flac(
                sub / f"{i:05d}.flac", {"TITLE": f"노래 {i}", "ARTIST": f"가수 {i % 500}", "ALBUM": f"앨범 {i // 100}"}
            )
        else:
            write_mp3(
                sub / f"{i:05d}.mp3",
                f"노래 {i}",
                f"가수 {i % 500}",
                album=f"앨범 {i // 100}",
                frames=1,
                encoding="utf-16" if i % 4 else "cp949-as-latin1",
            )
    return folder


def scan(n: int) -> dict:
    import tempfile

    from desktop.library.my_music import MusicLibrary

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = make_library(Path(tmp) / "music", n)
        made = time.perf_counter() - t0
        lib = MusicLibrary(Path(tmp) / "data")
        lib.add_folder(folder)
        first = lib.scan()
        again = lib.scan()
        lib.close()
    return {
        "files": n,
        "generate_seconds": round(made, 1),
        "scan_seconds": first.seconds,
        "files_per_second": round(n / first.seconds),
        "read": first.read,
        "rescan_unchanged_seconds": again.seconds,
        "bar_seconds": 60,
    }


def throughput(n: int, seed: int = 1) -> dict:
    """Songs analysed with one thread, the useful multiply-adds per second as a share of the one-thread
    fp32 GEMM rate (the shipped model computes in fp32), as ``benchmarks.build_share`` reports the build."""
    from benchmarks.model_latency import fp32_gemm_gflops, graph_cost, graph_mflop
    from desktop.core import paths
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.model_spec import EMOTION
    from desktop.engine.song_analysis import analyse_lyrics, topic_centre
    from desktop.library.catalog import Catalog
    from desktop.library.lyric_chunks import chunks_of, distinct_chunks, lyric_lines, readable, topic_passages

    catalog = Catalog.open()
    model = EmotionModel(threads=1)
    keys = [k for k in catalog.songs.keys if not k.startswith("x:")]
    rng = np.random.default_rng(seed)
    lyrics = catalog_lyrics(set(keys))
    pick = [keys[i] for i in rng.permutation(len(keys)) if keys[i] in lyrics][:n]
    texts = [lyrics[k] for k in pick]
    cost = graph_cost(paths.model_dir() / EMOTION.file)
    windows = []
    for t in texts:
        lines = lyric_lines(t)
        chunks, ratio = chunks_of(lines)
        if readable(chunks, ratio):
            windows += model.preprocess(distinct_chunks(chunks)[0], model.query_ids)[0]
            windows += model.preprocess(topic_passages(lines), model.query_ids)[0]
    mflop = sum(graph_mflop(cost, len(w)) for w in windows)
    analyse_lyrics(model, texts[:2], topic_centre(catalog))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    analyse_lyrics(model, texts, topic_centre(catalog))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    gflops = fp32_gemm_gflops()
    return {
        "songs": len(texts),
        "windows": len(windows),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "share_of_fp32_rate_per_cpu_second": round(mflop / cpu / 1e3 / gflops, 3),
        "songs_per_second_1thread": round(len(texts) / seconds, 2),
        "useful_gflop_per_second": round(mflop / seconds / 1e3, 1),
        "fp32_gemm_gflops_1thread": round(gflops, 1),
        "share_of_fp32_rate": round(mflop / seconds / 1e3 / gflops, 3),
        "bar_share": 0.5,
    }


def latency(texts_n: int, files: int, blocks: int = 8) -> dict:
    """The window's input-to-list time (text set, analysed, ranked, shown; on the GUI thread) for
    short texts, idle and while an import of ``files`` generated files (and their analysis) runs."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.service import Moodtune
    from desktop.ui.main_window import MainWindow
    from tests.audio_fixtures import write_mp3

    pool = [
        line.split("\t")[1]
        for line in (ROOT / "benchmarks" / "data" / "topical_queries.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ][:texts_n]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MOODTUNE_DATA_DIR"] = str(Path(tmp) / "profile")
        music = make_library(Path(tmp) / "music", files)
        keys = [k for k in Moodtune.load(with_store=False).catalog.songs.keys if not k.startswith("x:")][:60]
        lyrics = catalog_lyrics(set(keys))
        for i, k in enumerate(keys):  # songs with lyrics, analysed after the scan (in memory until the end)
            if k in lyrics:
                write_mp3(music / f"lyrics{i:03d}.mp3", f"가사 곡 {i}", "벤치마크", lyrics=lyrics[k])
        app = QApplication.instance() or QApplication([])
        service = Moodtune.load()
        w = MainWindow(service, language="ko")
        w.show()

        def one_round() -> list[float]:
            out = []
            for text in pool:
                t0 = time.perf_counter()
                w.editor.setPlainText(text)
                w.analyze_now(save_history=False)
                app.processEvents()
                out.append(time.perf_counter() - t0)
            return out

        one_round()  # warm-up
        # Idle and importing blocks alternate (the import held between give-way steps during idle
        # blocks): other load on the machine drifts, and a before/after pair differed by 3x.
        import threading

        held = threading.Event()
        real_give_way = service.give_way

        def give_way(quiet: float = 0.4, cancel=None) -> None:
            while held.is_set() and not (cancel is not None and cancel.is_set()):
                time.sleep(0.02)
            real_give_way(quiet, cancel)

        service.give_way = give_way
        w.music.open_library()
        importer = w.music.importer
        while importer.busy:
            app.processEvents()
        phase = ["tags"]
        importer.progress.connect(lambda p, d, t: phase.__setitem__(0, p))
        held.set()
        w.music.dialog.add_folder(str(music))
        idle: list[float] = []
        busy: dict[str, list[float]] = {"tags": [], "lyrics": []}
        t_import = time.perf_counter()
        for _ in range(blocks):
            held.set()
            time.sleep(0.5)  # the step running when the hold began ends
            idle += one_round()
            held.clear()
            for text in pool:
                now = phase[0]
                t0 = time.perf_counter()
                w.editor.setPlainText(text)
                w.analyze_now(save_history=False)
                app.processEvents()
                busy[now].append(time.perf_counter() - t0)
            if not importer.busy:
                break
        finished = not importer.busy
        held.clear()
        importer.cancel()
        while importer.busy:
            app.processEvents()
        w.close()
        service.close()
    med = lambda xs: float(np.median(xs)) * 1e3 if xs else None  # noqa: E731
    base = med(idle)
    out = {
        "texts": len(pool),
        "files": files,
        "idle_median_ms": round(base, 1),
        "idle_samples": len(idle),
        "import_finished_while_measuring": finished,
        "measured_seconds": round(time.perf_counter() - t_import, 1),
        "bar_ratio": 1.2,
    }
    for name, xs in busy.items():
        if xs:
            out[f"while_{name}"] = {
                "samples": len(xs),
                "median_ms": round(med(xs), 1),
                "p90_ms": round(float(np.percentile(xs, 90)) * 1e3, 1),
                "ratio": round(med(xs) / base, 3),
            }
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--songs", type=int, default=100)
    p = sub.add_parser("scan")
    p.add_argument("--files", type=int, default=20_000)
    p = sub.add_parser("throughput")
    p.add_argument("--songs", type=int, default=30)
    p = sub.add_parser("latency")
    p.add_argument("--texts", type=int, default=20)
    p.add_argument("--files", type=int, default=3000)
    p.add_argument("--blocks", type=int, default=8)
    a = ap.parse_args(argv)
    if a.what == "parity":
        out = parity(a.songs)
    elif a.what == "scan":
        out = scan(a.files)
    elif a.what == "throughput":
        out = throughput(a.songs)
    else:
        out = latency(a.texts, a.files, a.blocks)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
