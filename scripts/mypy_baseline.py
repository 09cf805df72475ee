"""mypy on desktop/ against a recorded baseline that may only shrink.

    python scripts/mypy_baseline.py            # check: fails when a file has more errors of a kind
    python scripts/mypy_baseline.py --update   # record the current counts (refused if any grew)

Why a baseline rather than "mypy clean": the package had never been type-checked, and fixing
every old error in one change would touch most files; counting errors per file and error code
(not per line, so edits above an old error do not break the check) lets every new error fail
while old ones are fixed over time.  ``scripts/mypy-baseline.txt`` holds ``path code count``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scripts" / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+(?::\d+)?: error: .*\[(?P<code>[a-z0-9-]+)\]$")

Counts = Counter[tuple[str, str]]


def count(output: str) -> Counts:
    """(file, error code) -> number of errors, from mypy's text output."""
    found: Counts = Counter()
    for line in output.splitlines():
        m = ERROR.match(line.strip())
        if m:
            found[(m["path"].replace("\\", "/"), m["code"])] += 1
    return found


def read_baseline(path: Path = BASELINE) -> Counts:
    counts: Counts = Counter()
    if not path.exists():
        return counts
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            file, code, number = line.split()
            counts[(file, code)] = int(number)
        except ValueError:
            raise SystemExit(f"{path}:{n}: expected 'path code count', got {line!r}") from None
    return counts


def render(counts: Counts) -> str:
    lines = [
        "# mypy errors per file and code that are tolerated for now: this file may only shrink.",
        "# Regenerate with: python scripts/mypy_baseline.py --update",
    ]
    lines += [f"{file} {code} {n}" for (file, code), n in sorted(counts.items()) if n]
    return "\n".join(lines) + "\n"


def compare(now: Counts, baseline: Counts) -> tuple[list[str], list[str]]:
    """(what grew, what shrank), one line each."""
    grew = [
        f"{f} [{c}]: {n} errors, baseline {baseline.get((f, c), 0)}"
        for (f, c), n in sorted(now.items())
        if n > baseline.get((f, c), 0)
    ]
    shrank = [
        f"{f} [{c}]: {now.get((f, c), 0)} errors, baseline {n}"
        for (f, c), n in sorted(baseline.items())
        if now.get((f, c), 0) < n
    ]
    return grew, shrank


def run_mypy() -> str:
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty"], capture_output=True, text=True, cwd=ROOT
    )
    if res.returncode not in (0, 1):  # 2: mypy itself failed (a crash, a bad configuration)
        raise SystemExit(f"mypy failed to run:\n{res.stdout}{res.stderr}")
    return res.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="record the current counts (only if none grew)")
    a = ap.parse_args(argv)
    output = run_mypy()
    now, baseline = count(output), read_baseline()
    grew, shrank = compare(now, baseline)
    if grew and not (a.update and not BASELINE.exists()):  # the first recording takes what there is
        print("mypy: new errors (fix them; the baseline may only shrink):")
        print("\n".join(f"  {g}" for g in grew))
        keys = {(f, c) for f, c in now if now[(f, c)] > baseline.get((f, c), 0)}
        for line in output.splitlines():
            m = ERROR.match(line.strip())
            if m and (m["path"].replace("\\", "/"), m["code"]) in keys:
                print(f"    {line}")
        return 1
    if a.update:
        BASELINE.write_text(render(now), encoding="utf-8")
        print(f"mypy: baseline recorded, {sum(now.values())} errors in {len({f for f, _ in now})} files")
        return 0
    if shrank:
        print("mypy: fewer errors than the baseline; record it with python scripts/mypy_baseline.py --update:")
        print("\n".join(f"  {s}" for s in shrank))
    print(f"mypy: {sum(now.values())} errors, none beyond the baseline ({sum(baseline.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
