"""The one check script and what runs it: CI, pre-commit, and the mypy baseline that may only shrink."""

from __future__ import annotations

import importlib.util
from collections import Counter

from tests.helpers import ROOT

spec = importlib.util.spec_from_file_location("mypy_baseline", ROOT / "scripts" / "mypy_baseline.py")
assert spec is not None and spec.loader is not None
mb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mb)

OUTPUT = """\
desktop/a.py:3: error: Incompatible types in assignment (expression has type "int")  [assignment]
desktop/a.py:9:5: error: Item "None" of "X | None" has no attribute "y"  [union-attr]
desktop\\b.py:1: error: Need type annotation for "z"  [var-annotated]
desktop/a.py:4: note: See https://mypy.readthedocs.io
"""


def test_errors_are_counted_per_file_and_code_not_per_line():
    assert mb.count(OUTPUT) == Counter(
        {("desktop/a.py", "assignment"): 1, ("desktop/a.py", "union-attr"): 1, ("desktop/b.py", "var-annotated"): 1}
    )


def test_a_new_error_fails_and_a_fixed_one_only_lets_the_baseline_shrink():
    base = Counter({("desktop/a.py", "assignment"): 1, ("desktop/a.py", "union-attr"): 2})
    grew, shrank = mb.compare(mb.count(OUTPUT), base)
    assert grew == ["desktop/b.py [var-annotated]: 1 errors, baseline 0"]
    assert shrank == ["desktop/a.py [union-attr]: 1 errors, baseline 2"]
    assert mb.compare(mb.count(OUTPUT), mb.count(OUTPUT)) == ([], [])


def test_the_baseline_file_round_trips(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(mb.render(mb.count(OUTPUT)), encoding="utf-8")
    assert mb.read_baseline(path) == mb.count(OUTPUT)
    assert mb.read_baseline(tmp_path / "missing.txt") == Counter()


def test_the_recorded_baseline_is_readable_and_names_real_files():
    base = mb.read_baseline()
    assert base and all((ROOT / f).is_file() and n > 0 for (f, _), n in base.items())


def test_ci_runs_the_readmes_test_command_then_the_check_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if ".venv/bin/python -m pytest" in line).strip()
    lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert command in lines and "scripts/check --no-tests" in lines
    assert lines.index(command) < lines.index("scripts/check --no-tests") < lines.index("packaging/check.sh")


def test_the_check_script_and_pre_commit_run_lint_format_and_mypy():
    check = (ROOT / "scripts" / "check").read_text(encoding="utf-8")
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for needle in ("ruff check", "ruff format --check", "scripts/mypy_baseline.py", "pytest -q"):
        assert needle in check, needle
    for needle in ("ruff check", "ruff format --check", "scripts/mypy_baseline.py"):
        assert needle in hooks, needle
    assert (ROOT / "scripts" / "check").stat().st_mode & 0o111
