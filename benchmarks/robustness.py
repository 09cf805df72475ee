"""Bulk robustness figures (not a test): fuzzed inputs through the service and the CLI,
racing fresh-profile starts, and votes under SIGKILL.

    python -m benchmarks.robustness [--api 10000] [--cli 300] [--starts 150] [--kills 200]

Prints one JSON object: for the service, inputs answered / rejected with a one-line message /
crashed and the slowest text → ranked list; for the CLI, exit codes, whether any run printed
a traceback, and the slowest run; for racing starts, how many of N pairs of processes opening
the same new profile failed.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def fuzz_api(n: int) -> dict:
    from test_fuzz import fuzz_text  # the same generator as the test suite

    from desktop.errors import InputTextError
    from desktop.service import Moodtune

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        app = Moodtune.load(data_dir=Path(tmp), threads=1)
        answered = rejected = crashed = 0
        slowest = 0.0
        for i in range(n):
            text = fuzz_text(rng)
            t0 = time.perf_counter()
            try:
                analysis = app.analyze(text)
                recs = app.recommend(analysis, top=10, mode=rng.choice(["match", "lift", "emotion"]))
                if recs and i % 10 == 0:
                    app.vote(text, analysis.probs, recs[0], rng.choice([1, -1]))
                answered += 1
            except InputTextError as exc:
                rejected += 1
                assert "\n" not in str(exc).strip()
            except Exception as exc:  # noqa: BLE001 - counted, that is the point
                crashed += 1
                print(f"crash on input {i}: {type(exc).__name__}: {exc}", file=sys.stderr)
            slowest = max(slowest, time.perf_counter() - t0)
        votes = len(app.store.votes())
        app.close()
    return {"inputs": n, "answered": answered, "rejected_one_line": rejected, "crashed": crashed,
            "votes_written": votes, "max_latency_s": round(slowest, 3)}


def fuzz_cli(n: int) -> dict:
    from test_fuzz import fuzz_text

    rng = random.Random(12)
    codes: dict[int, int] = {}
    tracebacks = 0
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MOODTUNE_DATA_DIR": tmp}
        for _ in range(n):
            text = fuzz_text(rng)[:20_000]  # argv is limited; long texts go through the API run
            arg = text.encode("utf-8", "surrogatepass").replace(b"\x00", b"")  # argv cannot carry NUL
            if rng.random() < 0.2:
                arg += b" \xff\xfe\xc3"  # invalid UTF-8, as a broken terminal or file name gives
            cmd = [sys.executable, "-m", "desktop", rng.choice(["analyze", "recommend"]), arg]
            if rng.random() < 0.5:
                cmd.append("--json")
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
            slowest = max(slowest, time.perf_counter() - t0)
            codes[res.returncode] = codes.get(res.returncode, 0) + 1
            if b"Traceback" in res.stderr:
                tracebacks += 1
    return {"runs": n, "exit_codes": codes, "tracebacks": tracebacks, "max_run_s": round(slowest, 2)}


def racing_starts(pairs: int) -> dict:
    code = "import sys; from desktop.user_store import UserStore; UserStore(sys.argv[1]).close()"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(pairs):
            folder = str(Path(tmp) / f"p{i}")
            procs = [subprocess.Popen([sys.executable, "-c", code, folder], env=env, stderr=subprocess.PIPE)
                     for _ in range(2)]
            for p in procs:
                p.communicate(timeout=60)
                failed += p.returncode != 0
    return {"starts": 2 * pairs, "failed": failed}


KILL_WRITER = """
import sys, numpy as np
from desktop.catalog import Catalog
from desktop.recommend import Recommender
from desktop.user_store import UserStore
rec = Recommender.from_catalog(Catalog.open()).rank(np.full(7, 1 / 7), top=1)[0]
store = UserStore(sys.argv[1])
while True:
    vote_id = store.add_vote("kill test", np.full(7, 1 / 7), rec, 1, "m", "c")
    print(vote_id, flush=True)  # printed only after the vote's transaction committed
"""


def kills(n: int) -> dict:
    """SIGKILL a process that votes in a loop at a random moment, n times; every vote it reported
    as saved must be in the file, and the file must pass an integrity check."""
    import signal
    import sqlite3

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(13)
    lost = corrupt = reported = 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(n):
            p = subprocess.Popen([sys.executable, "-c", KILL_WRITER, tmp], env=env, stdout=subprocess.PIPE, text=True)
            ids = []
            deadline = None
            while deadline is None or time.time() < deadline:  # the first vote, then a random moment
                line = p.stdout.readline()
                if not line:
                    break
                ids.append(int(line))
                if deadline is None:
                    deadline = time.time() + rng.uniform(0.0, 0.3)
            p.send_signal(signal.SIGKILL)
            p.wait()
            reported += len(ids)
            con = sqlite3.connect(Path(tmp) / "moodtune.db")
            try:
                corrupt += con.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
                saved = {r[0] for r in con.execute("SELECT id FROM votes")}
            finally:
                con.close()
            lost += sum(i not in saved for i in ids)
    return {"kills": n, "votes_reported_saved": reported, "lost": lost, "integrity_failures": corrupt}


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--api", type=int, default=10_000)
    ap.add_argument("--cli", type=int, default=300)
    ap.add_argument("--starts", type=int, default=150, help="pairs of racing processes")
    ap.add_argument("--kills", type=int, default=200)
    a = ap.parse_args()
    stages = (("kills", kills, a.kills), ("racing_starts", racing_starts, a.starts), ("cli", fuzz_cli, a.cli),
              ("api", fuzz_api, a.api))
    for name, run, n in stages:  # each stage printed as it ends, so a long run reports as it goes
        if n:
            print(json.dumps({name: run(n)}), flush=True)


if __name__ == "__main__":
    main()
