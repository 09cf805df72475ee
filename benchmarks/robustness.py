"""Bulk robustness figures (not a test): fuzzed inputs through the service and the CLI,
racing fresh-profile starts, votes under SIGKILL, and hostile data files.

    python -m benchmarks.robustness [--api 10000] [--cli 300] [--starts 150] [--kills 200] [--hostile 1]

Prints one JSON object: for the service, inputs answered / rejected with a one-line message /
crashed and the slowest text → ranked list; for the CLI, exit codes, whether any run printed
a traceback, and the slowest run; for racing starts, how many of N pairs of processes opening
the same new profile failed; for hostile files (crafted catalogs and model cards, and song text
with control, bidi and HTML characters), how many ended in a traceback, ran over 2 s, or were
accepted with the damage still in what a user sees (silent wrong results): all should be 0.
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

    from desktop.core.errors import InputTextError
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
    return {
        "inputs": n,
        "answered": answered,
        "rejected_one_line": rejected,
        "crashed": crashed,
        "votes_written": votes,
        "max_latency_s": round(slowest, 3),
    }


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
    code = "import sys; from desktop.profile.user_store import UserStore; UserStore(sys.argv[1]).close()"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(pairs):
            folder = str(Path(tmp) / f"p{i}")
            procs = [
                subprocess.Popen([sys.executable, "-c", code, folder], env=env, stderr=subprocess.PIPE)
                for _ in range(2)
            ]
            for p in procs:
                p.communicate(timeout=60)
                failed += p.returncode != 0
    return {"starts": 2 * pairs, "failed": failed}


KILL_WRITER = """
import sys, numpy as np
from desktop.library.catalog import Catalog
from desktop.engine.recommend import Recommender
from desktop.profile.user_store import UserStore
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


# ------------------------------------------------------------------ hostile data files
# The songs table without its NOT NULL / UNIQUE constraints, as a hand-edited file can hold it.
_LOOSE = ["create table s2 as select * from songs", "drop table songs", "alter table s2 rename to songs"]
_TAGS = (
    "'<a href=\"file:///etc/passwd\">click</a><img src=\"file:///tmp/x.png\">' || char(27) || ']0;PWNED' "
    "|| char(7) || char(27) || '[2J' || char(8238) || 'exe' || char(10) || '#EXTINF:-1,x' || char(133)"
)
# name -> (SQL run on a copy of the shipped catalog, what must happen: "refused" or "clean")
HOSTILE_CATALOGS: dict[str, tuple[list[str], str]] = {
    "recursive view": (
        [
            "alter table songs rename to s0",
            "create view songs as with recursive r(i) as (select 1 union all select i+1 from r) "
            "select i id, cast(i as text) song_key, 'x' title, 'y' artist, '' album, 2000 year, "
            "'발라드' genre, null melon_id, '행복' dominant from r",
        ],
        "refused",
    ),
    "blob view": (
        [
            "alter table meta rename to m0",
            "create view meta as select * from m0 union all "
            "select 'k' || i, randomblob(1000000) from (with recursive r(i) as (select 1 union all "
            "select i + 1 from r limit 200000) select i from r)",
        ],
        "refused",
    ),
    "trigger": (["create trigger t after insert on meta begin select 1; end"], "refused"),
    "dominant xyz": (["update songs set dominant = 'xyz'"], "refused"),
    "text year": (["update songs set year = 'nineteen' where id % 7 = 0"], "refused"),
    "year 1e14": (["update songs set year = 100000000000000 where id % 7 = 0"], "refused"),
    "blob genre": (["update songs set genre = x'00ff' where id % 11 = 0"], "refused"),
    "null artist": ([*_LOOSE, "update songs set artist = null where id = 5"], "refused"),
    "melon_id injection": (
        ["update songs set melon_id = '1' || char(10) || '#EXTINF:-1,Injected' || char(10) || 'file:///etc/passwd'"],
        "refused",
    ),
    "melon_id crlf url": (
        ["update songs set melon_id = '1' || char(13) || char(10) || 'http://evil.example/x'"],
        "refused",
    ),
    "same key": ([*_LOOSE, "update songs set song_key = 'k'"], "refused"),
    "superscript key": (["update songs set song_key = '²' || id where id % 3 = 0"], "refused"),
    "calibration list": (["update meta set value = '[1,2,3]' where key = 'topic_calibration'"], "refused"),
    "calibration 5": (["update meta set value = '5' where key = 'topic_calibration'"], "refused"),
    "calibration lo == hi": (
        [
            "update meta set value = json_set(value, '$.hi', json_extract(value, '$.lo')) "
            "where key = 'topic_calibration'"
        ],
        "refused",
    ),
    "query_mean NaN": (
        [
            "update meta set value = replace(value, '\"query_mean\": [', '\"query_mean\": [NaN, ') "
            "where key = 'topic_calibration'"
        ],
        "refused",
    ),
    "query_mean of 8": (
        [
            "update meta set value = json_set(value, '$.query_mean', json('[0,0,0,0,0,0,0,0]')) "
            "where key = 'topic_calibration'"
        ],
        "refused",
    ),
    "oversize emotion blob": (["update song_arrays set data = zeroblob(50000000) where name = 'emotion'"], "refused"),
    "html schema_version": (
        ["update meta set value = '<a href=\"file:///etc/passwd\">repair</a>' where key = 'schema_version'"],
        "refused",
    ),
    "unused 50 MB blob": (["insert into song_arrays values ('junk', '<f4', 1, zeroblob(50000000))"], "clean"),
    "tag-like titles": ([f"update songs set title = {_TAGS} || id, artist = {_TAGS}"], "clean"),
    "tag-like versions": (
        [f"update meta set value = {_TAGS} where key in ('catalog_version', 'model_version')"],
        "clean",
    ),
    "null album and genre": ([*_LOOSE, "update songs set album = null, genre = null"], "clean"),
}
# name -> card fields changed ("<del>" removes one)
HOSTILE_CARDS: dict[str, dict] = {
    "max_length 600": {"max_length": 600},
    "max_length 100000": {"max_length": 100000},
    "query_ids 1e9": {"query_ids": [1e9]},
    "query_ids past the vocabulary": {"query_ids": [10**9]},
    "unknown bos_token": {"bos_token": "<nope>"},
    "query_ids longer than a window": {"query_ids": [5] * 200},
    "no sha256": {"sha256": "<del>"},
    "no tokenizer_sha256": {"tokenizer_sha256": "<del>"},
    "no topic_index_sha256": {"topic_index_sha256": "<del>"},
    "NaN max_length": {"max_length": float("nan")},
}

HOSTILE_CHILD = r"""
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
from desktop.core.errors import MoodtuneError
from desktop.core.labels import LABELS
from desktop.core.safe_text import UNSAFE, escape_controls, plain_rich_text
t0 = time.perf_counter()
problems = []
try:
    if kind == "catalog":
        from desktop.profile.playlist_export import read_m3u8, render_m3u8
        from desktop.service import Moodtune
        app = Moodtune.load(catalog_path=path, with_store=False, threads=1)
        recs = app.recommend(app.analyze("비 오는 날 우울해"), top=30)
        for s in app.catalog.songs:
            if any(UNSAFE.search(t) for t in (s.title, s.artist, s.album, s.genre)) or s.dominant not in LABELS:
                problems.append("unsafe song text"); break
        if UNSAFE.search(app.catalog.version + app.catalog.model_version):
            problems.append("unsafe version text")
        if any("<a " in plain_rich_text(r.song.title).replace("&lt;a ", "") for r in recs):
            problems.append("tooltip markup")
        body = render_m3u8(recs, "Moodtune")
        if len(body.splitlines()) != 2 + 2 * len(recs) or UNSAFE.search(body.replace("\n", "")) or \
                not all(u.startswith("https://www.melon.com/") for _, u in read_m3u8(body)):
            problems.append("playlist")
        if any(UNSAFE.search(escape_controls(r.song.title)) for r in recs):
            problems.append("cli text")
        json.dumps([r.song.melon_url for r in recs], allow_nan=False)
    else:
        import numpy as np
        from desktop.engine.emotion_model import EmotionModel
        probs = EmotionModel(path, threads=1).analyze("오늘 너무 행복해. 그런데 조금 슬프기도 해. " * 200)
        if not np.all(np.isfinite(probs)):
            problems.append("non-finite probabilities")
    outcome = "accepted"
except MoodtuneError as exc:
    outcome = "refused"
    if "\n" in str(exc).strip():
        problems.append("multi-line error")
print(json.dumps({"outcome": outcome, "problems": problems, "s": round(time.perf_counter() - t0, 3)}))
"""


def hostile_files(_: int = 1) -> dict:
    """Each crafted file in its own process (a hang cannot stop the run): tracebacks, runs over 2 s
    (measured inside the process, from the load on), and silent wrong results: a file that should be
    refused was accepted, or an accepted one still shows control/bidi/HTML text or breaks a playlist."""
    import shutil
    import sqlite3

    from desktop.engine.model_spec import EMOTION

    out = {
        "cases": 0,
        "tracebacks": 0,
        "hangs_over_2s": 0,
        "silent_wrong": 0,
        "refused": 0,
        "accepted_clean": 0,
        "slowest_s": 0.0,
        "failures": [],
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(kind: str, name: str, path: Path, expected: str, tmp: str) -> None:
        out["cases"] += 1
        try:
            res = subprocess.run(
                [sys.executable, "-c", HOSTILE_CHILD, kind, str(path)],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=30,
                env={**env, "MOODTUNE_DATA_DIR": str(Path(tmp) / "profile")},
            )
        except subprocess.TimeoutExpired:
            out["hangs_over_2s"] += 1
            out["failures"].append(f"{kind} {name}: no answer in 30 s")
            return
        if "Traceback" in res.stderr or res.returncode != 0:
            out["tracebacks"] += 1
            out["failures"].append(f"{kind} {name}: rc {res.returncode} {res.stderr.strip()[-200:]}")
            return
        got = json.loads(res.stdout.strip().splitlines()[-1])
        out["slowest_s"] = max(out["slowest_s"], got["s"])
        if got["s"] > 2:
            out["hangs_over_2s"] += 1
            out["failures"].append(f"{kind} {name}: {got['s']} s")
        wrong = got["problems"] or (expected == "refused") != (got["outcome"] == "refused")
        if wrong:
            out["silent_wrong"] += 1
            out["failures"].append(f"{kind} {name}: {got['outcome']}, expected {expected} {got['problems']}")
        elif got["outcome"] == "refused":
            out["refused"] += 1
        else:
            out["accepted_clean"] += 1

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, (sql, expected)) in enumerate(HOSTILE_CATALOGS.items()):
            path = Path(tmp) / f"c{i}.db"
            shutil.copyfile(ROOT / "catalog.db", path)
            con = sqlite3.connect(path)
            with con:
                for statement in sql:
                    con.execute(statement)
            con.close()
            run("catalog", name, path, expected, tmp)
            path.unlink()
        for i, (name, change) in enumerate(HOSTILE_CARDS.items()):
            d = Path(tmp) / f"m{i}"
            d.mkdir()
            for f in (ROOT / "model").iterdir():
                (d / f.name).symlink_to(f)
            card = json.loads((ROOT / "model" / EMOTION.card).read_text(encoding="utf-8"))
            for k, v in change.items():
                card.pop(k, None) if v == "<del>" else card.__setitem__(k, v)
            (d / EMOTION.card).unlink()
            (d / EMOTION.card).write_text(json.dumps(card), encoding="utf-8")
            run("card", name, d, "refused", tmp)
    return out


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--api", type=int, default=10_000)
    ap.add_argument("--cli", type=int, default=300)
    ap.add_argument("--starts", type=int, default=150, help="pairs of racing processes")
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--hostile", type=int, default=1, help="1: run the hostile-file stage, 0: skip it")
    a = ap.parse_args()
    stages = (
        ("hostile_files", hostile_files, a.hostile),
        ("kills", kills, a.kills),
        ("racing_starts", racing_starts, a.starts),
        ("cli", fuzz_cli, a.cli),
        ("api", fuzz_api, a.api),
    )
    for name, run, n in stages:  # each stage printed as it ends, so a long run reports as it goes
        if n:
            print(json.dumps({name: run(n)}), flush=True)


if __name__ == "__main__":
    main()
