#!/usr/bin/env python3
"""A small mutation test of the ranking: does the suite notice when a ranking rule is broken?

Each mutant is one exact text replacement in ``desktop/engine/recommend.py``.  For each, the tree
(``desktop/``, ``tests/``, ``pyproject.toml``; the model, catalog and resources linked, not copied)
is copied into a temporary folder, the mutant applied there and the ranking tests run against the
copy.  The working tree is never modified.  A mutant is *killed* when the tests fail, *survives*
when they pass.  The score is killed / all.

    .venv/bin/python scripts/mutate_ranking.py            # every mutant, 4 at a time
    .venv/bin/python scripts/mutate_ranking.py -k genre   # mutants whose name contains "genre"
    .venv/bin/python scripts/mutate_ranking.py --tests tests/test_recommend.py

Exit status: 0 when every mutant is killed, 1 when one survives, 2 when a mutant no longer applies
(its text is gone from recommend.py: update the list) or the unmutated copy fails its tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = Path("desktop") / "engine" / "recommend.py"
TESTS = [
    "tests/test_recommend.py",
    "tests/test_ranking_rules.py",
    "tests/test_situations.py",
    "tests/test_scenarios.py",
]
COPIED = ["desktop", "tests", "pyproject.toml"]
LINKED = ["model", "catalog.db", "resources", "training"]  # training: tests of the build helpers import it

# (name, text in recommend.py, replacement): each text must occur exactly once.
MUTANTS: list[tuple[str, str, str]] = [
    ("no-genre-boost", "score += GENRE_BOOST * pref", "score += 0.0 * pref"),
    ("no-hub-penalty", "score = fit - self.song_penalty", "score = fit - 0.0 * self.song_penalty"),
    ("text-temperature-1", "TEXT_TEMPERATURE = 2.0", "TEXT_TEMPERATURE = 1.0"),
    ("no-artist-boost", "score += ARTIST_BOOST * self._artist_mask", "score += 0.0 * self._artist_mask"),
    ("no-like-boost", "boosts[row] = LIKE_BOOST * best", "boosts[row] = 0.0 * best"),
    ("like-any-mood", "if best >= LIKE_SIMILAR:", "if best >= -1.0:"),
    ("dislike-any-mood", "v < 0 and ms >= DISLIKE_SIMILAR", "v < 0 and ms >= -1.0"),
    ("first-vote-wins", "if votes[-1][0] < 0:", "if votes[0][0] < 0:"),
    ("max-per-artist-3", "MAX_PER_ARTIST = 2", "MAX_PER_ARTIST = 3"),
    ("no-same-dominant-first", "np.float32(10.0) * same", "np.float32(0.0) * same"),
    ("no-emotion-floor", "EMOTION_FIT_FLOOR = 0.35", "EMOTION_FIT_FLOOR = 0.0"),
    ("no-familiarity", "W_FAMILIAR = 0.10", "W_FAMILIAR = 0.0"),
    ("no-romance-gap", "ROMANCE_GAP = 0.6", "ROMANCE_GAP = 0.0"),
    ("weak-romance-gap", "ROMANCE_GAP = 0.6", "ROMANCE_GAP = 0.12"),
    (
        "no-romance-witness",
        "about_love = max(about_love, trust * (near_romance - lo) / (hi - lo))",
        "about_love = about_love",
    ),
    ("witness-always-trusted", "trust = 1.0 - min(", "trust = 1.0 + 0 * min("),
    ("no-message-fit", "parts.append((W_MESSAGE, mfit))", "parts.append((0.0, mfit))"),
    ("lift-keeps-all", "LIFT_KEEP = 0.30", "LIFT_KEEP = 1.0"),
    ("no-lift-valence", "valence, lifted = max(valence, LIFT_VALENCE), True", "valence, lifted = valence, True"),
    ("no-topic-bias", "fit -= self.topic_bias", "fit -= 0.0 * self.topic_bias"),
    (
        "unknown-year-always-kept",
        "unknown = (self.years == 0) if filters.unknown_year else",
        "unknown = (self.years == 0) if True else",
    ),
    ("year-max-exclusive", "(self.years <= filters.year_max)", "(self.years < filters.year_max)"),
    ("no-mmr", "MMR_LAMBDA = 0.15", "MMR_LAMBDA = 0.0"),
    ("no-scenario-fit", "fit += np.float32(W_SCENARIO) * cfit", "fit += np.float32(0.0) * cfit"),
    ("scenario-gate-off", "return (sure * z / z.sum())", "return (1.0 * z / z.sum())"),
    ("no-pick-rank-decay", "SCENARIO_RANK_DECAY = 0.5", "SCENARIO_RANK_DECAY = 0.0"),
    (
        "no-pick-spread",
        "np.minimum(1.0, SCENARIO_SPREAD / np.maximum(picks_of_song, 1))",
        "np.ones_like(picks_of_song)",
    ),
]


def make_copy(dest: Path) -> None:
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
        else:
            shutil.copy2(src, dest / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)


def run_tests(tree: Path, tests: list[str]) -> tuple[bool, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return res.returncode == 0, res.stdout + res.stderr


def check_mutant(mutant: tuple[str, str, str] | None, tests: list[str]) -> tuple[str, str, str]:
    """(name, 'killed' | 'survived' | 'passes' | 'fails', first failing test or output tail)."""
    name = "unmutated" if mutant is None else mutant[0]
    with tempfile.TemporaryDirectory(prefix="moodtune-mutant-") as tmp:
        tree = Path(tmp)
        make_copy(tree)
        if mutant is not None:
            path = tree / TARGET
            source = path.read_text(encoding="utf-8")
            path.write_text(source.replace(mutant[1], mutant[2], 1), encoding="utf-8")
        if mutant is None:  # the copy, not the installed working tree, must be what the tests import
            env = {**os.environ, "PYTHONPATH": str(tree)}
            where = subprocess.run(
                [sys.executable, "-c", "import desktop.engine.recommend as r; print(r.__file__)"],
                cwd=tree,
                env=env,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if not Path(where).resolve().is_relative_to(tree.resolve()):
                return name, "fails", f"the tests would import {where}, not the copy"
        ok, out = run_tests(tree, tests)
    failed = next(
        (line for line in out.splitlines() if line.startswith("FAILED") or line.startswith("ERROR")),
        out.strip().splitlines()[-1] if out.strip() else "",
    )
    if mutant is None:
        return name, "passes" if ok else "fails", failed
    return name, "survived" if ok else "killed", failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", default="", help="only mutants whose name contains this")
    ap.add_argument("-j", type=int, default=4, help="mutants run at once")
    ap.add_argument("--tests", nargs="+", default=TESTS)
    args = ap.parse_args(argv)

    source = (ROOT / TARGET).read_text(encoding="utf-8")
    stale = [m[0] for m in MUTANTS if source.count(m[1]) != 1]
    if stale:
        print(f"these mutants' text is not in {TARGET} exactly once (update the list): {', '.join(stale)}")
        return 2
    _, state, detail = check_mutant(None, args.tests)
    if state != "passes":
        print(f"the unmutated tree fails its ranking tests: {detail}")
        return 2
    chosen = [m for m in MUTANTS if args.k in m[0]]
    with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        results = list(pool.map(lambda m: check_mutant(m, args.tests), chosen))
    width = max(len(n) for n, _, _ in results)
    for name, state, detail in results:
        print(f"{name:<{width}}  {state:<8}  {detail if state == 'killed' else ''}")
    killed = sum(state == "killed" for _, state, _ in results)
    print(f"mutation score: {killed}/{len(results)} killed ({100.0 * killed / len(results):.0f} %)")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
