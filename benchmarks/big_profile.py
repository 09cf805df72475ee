"""A heavy user's profile: 50,000 votes and 200,000 history entries, against an empty one.

    python benchmarks/big_profile.py [--rounds 3] [--votes 50000] [--history 200000]

Builds both profiles in temporary MOODTUNE_DATA_DIRs (bulk inserts through the store's own
peewee models; songs from the real catalog.db, texts from the benchmark messages, moods drawn
around a main emotion), then measures, interleaved round by round (empty, big; big, empty; ...):

1. first frame: ``python -m desktop`` to the window's first paint (as ``cold_start.py``:
   ``MOODTUNE_QUIT_WHEN_SHOWN``; offscreen unless ``DISPLAY`` is set), a new process per run;
2. in a fresh process per round, on the GUI thread with ``QT_QPA_PLATFORM=offscreen``, the
   window's own slots timed to the end of the event-loop pass that follows them:
   ``vote`` (a like on a text not yet in the history: the vote and the history save),
   ``vote`` again (taking it back), a dislike, and ``_save_history`` on its own;
3. the "My votes" dialog with every vote: construct + show + process events;
4. ``export_feedback`` of every vote to CSV and to JSON (the window runs it on its thread).

Prints one JSON document: medians per profile, the raw samples, and the bars
(first frame <= 1.2x the empty profile's, a vote or a history save <= 50 ms on the GUI
thread, "My votes" <= 1 s, export <= 3 s).  A figure script, not a timed test.

Both profiles were closed cleanly (``UserStore.close`` leaves the clean-close marker), as after a
normal run.  ``--unclean`` adds a third series: the big profile without its marker before every
run (the start after a crash: the integrity check runs after the first frame), which has no bar.

Figures: docs/BENCHMARKS.md (issue 21).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARS = {"first_frame_ratio": 1.2, "gui_block_ms": 50.0, "votes_dialog_s": 1.0, "export_s": 3.0}


def _texts() -> list[str]:
    out = []
    for name, col in (("listener_dev.tsv", "text"), ("topical_queries.tsv", "text")):
        lines = (ROOT / "benchmarks" / "data" / name).read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        i = head.index(col)
        out += [line.split("\t")[i] for line in lines[1:] if line.strip()]
    return out


# ------------------------------------------------------------------ building
def build_profile(folder: Path, n_votes: int, n_history: int, seed: int = 7) -> dict:
    """Fill ``folder``'s moodtune.db through ``UserStore``'s own models; returns what was made."""
    from peewee import chunked

    from desktop.core.labels import LABELS
    from desktop.library.catalog import Catalog
    from desktop.profile.user_store import UserStore

    t0 = time.perf_counter()
    store = UserStore(folder)
    if not n_votes and not n_history:
        store.close()
        return {"votes": 0, "history": 0, "build_s": 0.0}
    rng = random.Random(seed)
    catalog = Catalog.open(ROOT / "catalog.db")
    songs = list(catalog.songs)
    card = json.loads((ROOT / "model" / "config.json").read_text(encoding="utf-8"))
    model_version, catalog_version = str(card.get("version", "unknown")), catalog.version
    texts = _texts()
    k = len(LABELS)

    def mood() -> str:
        main = rng.randrange(k)
        raw = [rng.gammavariate(0.6, 1.0) for _ in range(k)]
        raw[main] += rng.uniform(1.0, 4.0)
        s = sum(raw)
        return json.dumps([round(x / s, 6) for x in raw])

    def text(i: int) -> str:
        t = rng.choice(texts)
        return t if rng.random() < 0.6 else f"{t} {rng.choice(texts)}"

    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=3 * 365)

    def when(i: int, n: int) -> datetime:
        return start + timedelta(seconds=int(i * (3 * 365 * 86400) / max(n, 1)))

    votes = []
    for i in range(n_votes):
        s = rng.choice(songs)
        rank = rng.randint(1, 30)
        votes.append(
            {
                "created_at": when(i, n_votes),
                "text": text(i),
                "mood": mood(),
                "song_key": s.key,
                "title": s.title,
                "artist": s.artist,
                "rank": rank,
                "score": round(1.0 - rank / 40 + rng.uniform(-0.05, 0.05), 6),
                "vote": 1 if rng.random() < 0.7 else -1,
                "model_version": model_version,
                "catalog_version": catalog_version,
            }
        )
    history = []
    for i in range(n_history):
        shown = rng.sample(songs, 5)
        history.append(
            {
                "created_at": when(i, n_history),
                "text": text(i),
                "mood": mood(),
                "songs": json.dumps([[s.key, s.title, s.artist] for s in shown], ensure_ascii=False),
            }
        )
    with store.db.atomic():
        for batch in chunked(votes, 2000):
            store.Vote.insert_many(batch).execute()
        for batch in chunked(history, 4000):
            store.History.insert_many(batch).execute()
    store.close()
    return {
        "votes": n_votes,
        "history": n_history,
        "build_s": round(time.perf_counter() - t0, 2),
        "db_mb": round((folder / "moodtune.db").stat().st_size / 2**20, 1),
    }


# --------------------------------------------------------------- first frame
def first_frame(profile: Path) -> float:
    env = dict(os.environ, MOODTUNE_QUIT_WHEN_SHOWN="1", MOODTUNE_DATA_DIR=str(profile))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "desktop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    for line in out.stdout.splitlines():
        if line.startswith("MOODTUNE_SHOWN "):
            return float(line.split()[1]) - t0
    raise SystemExit(f"the app did not report a shown window:\n{out.stdout}\n{out.stderr}")


# ------------------------------------------------------------- GUI measures
def measure_gui(template: Path, votes_each: int) -> dict:
    """In this process: a copy of ``template``'s profile, the real window on the offscreen platform."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    work = Path(tempfile.mkdtemp(prefix="mt-bigp-run-"))
    profile = work / "profile"
    profile.mkdir()
    shutil.copy2(template / "moodtune.db", profile / "moodtune.db")
    os.environ["MOODTUNE_DATA_DIR"] = str(profile)
    from desktop.service import Moodtune
    from desktop.ui.app import create_application, install_translations
    from desktop.ui.main_window import MainWindow
    from desktop.ui.votes_dialog import VotesDialog

    app = create_application(["moodtune"])
    service = Moodtune.load()
    service.store.use_short_busy_timeout()  # as run_app does for the GUI thread
    install_translations(app, "en")
    window = MainWindow(service, language="en")
    window.show()
    app.processEvents()
    texts = _texts()
    out: dict[str, list[float]] = {
        k: []
        for k in (
            "vote_with_history_ms",
            "vote_take_back_ms",
            "dislike_ms",
            "history_save_ms",
            "votes_dialog_s",
            "export_csv_s",
            "export_json_s",
        )
    }

    def timed(fn) -> float:
        t0 = time.perf_counter()
        fn()
        app.processEvents()  # what the slot posted (repaints, layout) is the GUI thread's work too
        return time.perf_counter() - t0

    for i in range(votes_each):
        window.editor.setPlainText(f"{texts[i % len(texts)]} ({i})")
        window.analyze_now(save_history=False)  # the debounced analysis: no history entry yet
        app.processEvents()
        assert window.recs, "no list to vote on"
        row, other = (2 * i) % len(window.recs), (2 * i + 1) % len(window.recs)
        if window.table.songs.votes.get(window.recs[row].song.key):
            window.vote(row, window.table.songs.votes[window.recs[row].song.key])  # clear it first (untimed)
        if window.table.songs.votes.get(window.recs[other].song.key):
            window.vote(other, window.table.songs.votes[window.recs[other].song.key])
        out["vote_with_history_ms"].append(1000 * timed(lambda row=row: window.vote(row, 1)))
        out["vote_take_back_ms"].append(1000 * timed(lambda row=row: window.vote(row, 1)))
        out["dislike_ms"].append(1000 * timed(lambda other=other: window.vote(other, -1)))
        window.editor.setPlainText(f"{texts[(i + 7) % len(texts)]} [{i}]")
        window.analyze_now(save_history=False)
        app.processEvents()
        out["history_save_ms"].append(1000 * timed(window._save_history))

    for _ in range(3):
        holder = {}

        def open_dialog(holder: dict = holder) -> None:
            d = VotesDialog(service, window)
            d.show()
            holder["d"] = d

        out["votes_dialog_s"].append(timed(open_dialog))
        holder["d"].close()
        holder["d"].deleteLater()
        app.processEvents()
    n_rows = len(service.votes())
    for _ in range(3):
        for fmt in ("csv", "json"):
            out[f"export_{fmt}_s"].append(timed(lambda fmt=fmt: service.export_feedback(work / f"votes.{fmt}", fmt)))
    window.close()
    service.close()
    shutil.rmtree(work, ignore_errors=True)
    return {"votes_in_profile": n_rows, **out}


# -------------------------------------------------------------------- main
def _median(xs: list[float], nd: int = 3) -> float:
    return round(statistics.median(xs), nd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--votes", type=int, default=50_000)
    ap.add_argument("--history", type=int, default=200_000)
    ap.add_argument("--votes-each", type=int, default=5, help="vote/history samples per round")
    ap.add_argument("--frames-each", type=int, default=2, help="first-frame runs per profile and round")
    ap.add_argument("--unclean", action="store_true", help="also time the big profile's start after a crash")
    ap.add_argument("--gui-worker", type=Path, help=argparse.SUPPRESS)  # internal: one GUI round
    a = ap.parse_args()
    if a.gui_worker:
        print(json.dumps(measure_gui(a.gui_worker, a.votes_each)))
        return

    base = Path(tempfile.mkdtemp(prefix="mt-bigp-"))
    profiles = {"empty": base / "empty", "big": base / "big"}
    built = {"empty": build_profile(profiles["empty"], 0, 0), "big": build_profile(profiles["big"], a.votes, a.history)}
    frames: dict[str, list[float]] = {"empty": [], "big": []}
    if a.unclean:
        from desktop.profile import clean_close

        profiles["big_unclean"] = base / "big_unclean"
        profiles["big_unclean"].mkdir()
        shutil.copy2(profiles["big"] / "moodtune.db", profiles["big_unclean"] / "moodtune.db")
        frames["big_unclean"] = []
    # cold_start.py's uncounted first run: OS file cache, bytecode, the models' checksums
    for p in profiles.values():
        first_frame(p)

    gui: dict[str, list[dict]] = {"empty": [], "big": []}
    for r in range(a.rounds):
        order = ("empty", "big") if r % 2 == 0 else ("big", "empty")
        for _ in range(a.frames_each):
            for name in order:
                frames[name].append(first_frame(profiles[name]))
            if a.unclean:  # a crash leaves no marker: remove the one the last (clean) run left
                clean_close.remove(profiles["big_unclean"] / "moodtune.db")
                frames["big_unclean"].append(first_frame(profiles["big_unclean"]))
        for name in order:
            res = subprocess.run(
                [sys.executable, __file__, "--gui-worker", str(profiles[name]), "--votes-each", str(a.votes_each)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=900,
                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            )
            if res.returncode:
                raise SystemExit(f"GUI round failed:\n{res.stdout}\n{res.stderr}")
            gui[name].append(json.loads(res.stdout.strip().splitlines()[-1]))
    shutil.rmtree(base, ignore_errors=True)

    summary = {}
    for name in ("empty", "big"):
        merged: dict[str, list[float]] = {}
        for g in gui[name]:
            for k, v in g.items():
                if isinstance(v, list):
                    merged.setdefault(k, []).extend(v)
        summary[name] = {
            "first_frame_s": _median(frames[name]),
            **{k: _median(v, 1 if k.endswith("_ms") else 3) for k, v in merged.items()},
            **{f"{k}_max": round(max(v), 1) for k, v in merged.items() if k.endswith("_ms")},
            "votes_in_profile": gui[name][-1]["votes_in_profile"],
        }
    big = summary["big"]
    ratio = big["first_frame_s"] / summary["empty"]["first_frame_s"]
    block = max(big[k] for k in ("vote_with_history_ms", "vote_take_back_ms", "dislike_ms", "history_save_ms"))
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    unclean = {}
    if a.unclean:
        unclean = {
            "big_unclean_first_frame_s": _median(frames["big_unclean"]),
            "big_unclean_ratio (no bar)": round(_median(frames["big_unclean"]) / summary["empty"]["first_frame_s"], 3),
        }
    print(
        json.dumps(
            {
                "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "cpu": cpu,
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "rounds": a.rounds,
                "built": built,
                "median": summary,
                **unclean,
                "bars": {
                    "first_frame_ratio": {
                        "value": round(ratio, 3),
                        "bar": BARS["first_frame_ratio"],
                        "pass": ratio <= BARS["first_frame_ratio"],
                    },
                    "gui_block_ms (worst median of vote/history)": {
                        "value": block,
                        "bar": BARS["gui_block_ms"],
                        "pass": block <= BARS["gui_block_ms"],
                    },
                    "votes_dialog_s": {
                        "value": big["votes_dialog_s"],
                        "bar": BARS["votes_dialog_s"],
                        "pass": big["votes_dialog_s"] <= BARS["votes_dialog_s"],
                    },
                    "export_s (csv, json)": {
                        "value": [big["export_csv_s"], big["export_json_s"]],
                        "bar": BARS["export_s"],
                        "pass": max(big["export_csv_s"], big["export_json_s"]) <= BARS["export_s"],
                    },
                },
                "samples": {
                    "first_frame_s": {k: [round(x, 3) for x in v] for k, v in frames.items()},
                    "gui": {
                        k: [
                            {kk: [round(x, 4) for x in vv] if isinstance(vv, list) else vv for kk, vv in g.items()}
                            for g in v
                        ]
                        for k, v in gui.items()
                    },
                },
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
