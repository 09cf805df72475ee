"""Your music: import speed, analysis throughput, the window while importing, and run-time parity.

    python benchmarks/library_import.py parity --songs 100   # run-time analysis vs the catalog build
    python benchmarks/library_import.py scan --files 20000   # generated tag-only files (bar: <= 60 s)
    python benchmarks/library_import.py throughput           # analysis vs the machine's GEMM rate
    python benchmarks/library_import.py latency              # window input-to-list, idle vs importing
    python benchmarks/library_import.py local-lists --songs 300  # lists over catalog songs as if they were local files

``parity`` re-analyses a sample of catalog songs the way the app analyses a user's file (lyrics
read from ../shared, in memory only; nothing is written) and compares with the numbers the offline
build stored: emotions (max absolute difference) and topic vectors (cosine, and whether the song's
own catalog vector is its nearest catalog song), before and after the catalog's topic bridge.
``local-lists`` ranks a library of catalog songs for the dev messages twice: (a) as catalog
matches (their true catalog numbers) and (b) as if they were local files (analysed at run time,
bridged, situations from catalog neighbours; "before": today's path without the bridge), and
reports how much of (a)'s top 10 (b) keeps.  Songs are drawn from the bridge's test split
(``training.fit_topic_bridge.split_of``), which the fit never saw.  Figures go to
docs/BENCHMARKS.md by hand.
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
    from desktop.engine.topic_bridge import TopicBridge
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
    out = _parity_figures(catalog, ok)
    bridge = TopicBridge.of(catalog)
    if bridge is not None:
        after = _parity_figures(catalog, [(r, (x[0], bridge(x[1]))) for r, x in ok])
        out.update({f"bridged_{k}": v for k, v in after.items() if k.startswith("topic_")})
    return {"songs": len(pick), "analysed": len(ok), "seconds": round(seconds, 1), **out}


def _parity_figures(catalog, ok: list) -> dict:
    diff = np.array([np.abs(x[0] - catalog.vectors[r]).max() for r, x in ok])
    top_same = np.mean([int(np.argmax(x[0])) == int(np.argmax(catalog.vectors[r])) for r, x in ok])
    topics = catalog.topics / np.linalg.norm(catalog.topics, axis=1, keepdims=True)
    cos = np.array([float(topics[r] @ x[1]) for r, x in ok])
    nearest = [int(np.argmax(topics @ x[1])) for r, x in ok]
    rank_of_own = [int((topics @ x[1] > topics[r] @ x[1]).sum()) for r, x in ok]
    return {
        "emotion_max_abs_diff": float(diff.max()),
        "emotion_mean_abs_diff": float(diff.mean()),
        "emotion_same_dominant": round(float(top_same), 4),
        "topic_cosine_mean": round(float(cos.mean()), 4),
        "topic_cosine_min": round(float(cos.min()), 4),
        "topic_own_song_nearest": round(float(np.mean([a == r for a, (r, _) in zip(nearest, ok)])), 4),
        "topic_own_song_rank_median": float(np.median(rank_of_own)),
    }


def local_lists(
    n: int, top: int = 10, seed: int = 0, split: str = "test", near: str = "", lists_out: Path | None = None
) -> dict:
    """Overlap@top of the lists over ``n`` catalog songs ranked as local files with the lists over
    the same songs ranked with their true catalog numbers, for the dev messages.  ``lists_out``: also
    write every variant's lists as ``{variant: {message id: [song_key, ...]}}``, the input of
    ``listener_panel packets`` (a blind round over the same library)."""
    import copy

    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.library_ranking import LibraryRanking
    from desktop.engine.song_analysis import analyse_lyrics, topic_centre
    from desktop.engine.topic_bridge import TopicBridge
    from desktop.library.catalog import Catalog
    from desktop.library.my_music import Track
    from training.fit_topic_bridge import split_of

    catalog = Catalog.open()
    bridge = TopicBridge.of(catalog)
    if bridge is None:
        raise SystemExit("this catalog has no topic bridge (training/fit_topic_bridge.py --write)")
    model = EmotionModel(threads=2)
    if near:  # "K,SHARPNESS": how many catalog neighbours a local song takes its situations from, how sharply
        from desktop.engine import topic_bridge

        topic_bridge.K, topic_bridge.SHARPNESS = int(near.split(",")[0]), float(near.split(",")[1])
    keys = [k for k in catalog.songs.keys if not k.startswith("x:") and split_of(k) == split]
    lyrics = catalog_lyrics(set(keys))
    rng = np.random.default_rng(seed)
    pick = [keys[i] for i in rng.permutation(len(keys)) if keys[i] in lyrics][: int(n * 1.2)]
    suffix = "" if split == "test" else f"_{split}"
    cache = ROOT / "training" / "cache" / f"local_lists_{n}_{seed}{suffix}.npz"  # numbers only, git-ignored
    t0 = time.perf_counter()
    if cache.exists():
        z = np.load(cache)
        songs = [(str(k), (p, t)) for k, p, t in zip(z["keys"], z["probs"], z["topics"])]
    else:
        numbers = analyse_lyrics(model, [lyrics[k] for k in pick], topic_centre(catalog))
        songs = [(k, x) for k, x in zip(pick, numbers) if x is not None][:n]
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            cache,
            keys=np.array([k for k, _ in songs]),
            probs=np.stack([x[0] for _, x in songs]),
            topics=np.stack([x[1] for _, x in songs]),
        )
    seconds = time.perf_counter() - t0

    def track(key: str, local: bool, probs=None, topic=None) -> Track:
        row = catalog.index[key]
        s = catalog.songs[row]
        if not local:  # a catalog match: the library stores the catalog's numbers
            probs, topic = catalog.vectors[row], catalog.topics[row]
        return Track(
            f"/music/{key}.mp3", s.title, s.artist, s.album, s.year, s.genre, None, "tag", "",
            None if local else key, probs, topic,
        )  # fmt: skip

    truth = LibraryRanking([track(k, False) for k, _ in songs], catalog)
    before_catalog = copy.copy(catalog)
    before_catalog.topic_bridge = None  # today's path: no bridge, so no situation layer for local songs
    no_layer = copy.copy(catalog)
    no_layer.situations = None
    identity = copy.copy(catalog)  # a bridge that changes nothing: situations from unbridged neighbours
    identity.topic_bridge = np.zeros((1, catalog.topics.shape[1]), dtype=np.float32)
    truth_plain = LibraryRanking([track(k, False) for k, _ in songs], no_layer)  # the app before: no layer
    variants = {
        "before (run-time vectors, emotions + topic)": LibraryRanking(
            [track(k, True, x[0], x[1]) for k, x in songs], before_catalog
        ),
        "bridge only (bridged vectors, emotions + topic)": LibraryRanking(
            [track(k, True, x[0], bridge(x[1])) for k, x in songs], no_layer
        ),
        "situations from unbridged neighbours": LibraryRanking(
            [track(k, True, x[0], x[1]) for k, x in songs], identity
        ),
        "after (bridged, situations from neighbours)": LibraryRanking(
            [track(k, True, x[0], bridge(x[1])) for k, x in songs], catalog
        ),
    }
    back = {t.key: k for (k, _), t in zip(songs, variants["before (run-time vectors, emotions + topic)"].tracks)}
    rows = (ROOT / "benchmarks" / "data" / "listener_dev.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ids = [r.split("\t")[0] for r in rows if r.strip()]
    texts = [r.split("\t")[3] for r in rows if r.strip()]
    assert truth.recommender is not None and truth_plain.recommender is not None
    out: dict = {
        "split": split,
        "neighbours": near or "default",
        "songs": len(songs),
        "messages": len(texts),
        "analysis_seconds": round(seconds, 1),
        "top": top,
    }
    lists = {}
    for text in texts:
        probs, topic = model.read(text)
        lists.setdefault("truth", []).append([r.song.key for r in truth.recommender.rank(probs, top=top, topic=topic)])
        plain = truth_plain.recommender.rank(probs, top=top, topic=topic)
        lists.setdefault("truth_plain", []).append([r.song.key for r in plain])
        for name, ranking in variants.items():
            assert ranking.recommender is not None
            got = ranking.recommender.rank(probs, top=top, topic=topic)
            lists.setdefault(name, []).append([back[r.song.key] for r in got])
    if lists_out is not None:
        lists_out.write_text(
            json.dumps({name: dict(zip(ids, v)) for name, v in lists.items()}, ensure_ascii=False), encoding="utf-8"
        )
    for name in variants:
        overlap = [len(set(a) & set(b)) / top for a, b in zip(lists["truth"], lists[name])]
        first = [a[0] == b[0] for a, b in zip(lists["truth"], lists[name])]
        plain = [len(set(a) & set(b)) / top for a, b in zip(lists["truth_plain"], lists[name])]
        out[name] = {
            "situated": variants[name].situated,
            f"overlap@{top}_mean": round(float(np.mean(overlap)), 4),
            f"overlap@{top}_median": float(np.median(overlap)),
            "same_first_song": round(float(np.mean(first)), 4),
            f"overlap@{top}_with_catalog_numbers_without_the_layer": round(float(np.mean(plain)), 4),
        }
    return out


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
    p = sub.add_parser("local-lists")
    p.add_argument("--songs", type=int, default=300)
    p.add_argument("--top", type=int, default=10)
    p.add_argument(
        "--split", default="test", choices=("fit", "val", "test"), help="the bridge fit's split to draw from"
    )
    p.add_argument("--neighbours", default="", help="K,SHARPNESS for the situation transfer (default: the app's)")
    p.add_argument("--lists-out", type=Path, help="also write every variant's lists here (for listener_panel packets)")
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
    elif a.what == "local-lists":
        out = local_lists(a.songs, a.top, split=a.split, near=a.neighbours, lists_out=a.lists_out)
    elif a.what == "scan":
        out = scan(a.files)
    elif a.what == "throughput":
        out = throughput(a.songs)
    else:
        out = latency(a.texts, a.files, a.blocks)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
