"""The release workflow: every action pinned by commit SHA, the four platforms built, least
permissions, and (when actionlint is installed) a clean offline lint (packaging/lint_workflow.py).

Why: the workflow only runs on GitHub's runners at release time; what can be checked here is.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_actions_pinned_by_sha():
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)(.*)$", WORKFLOW.read_text(), re.M)
    assert uses, "no actions found"
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{ref} is not pinned by a commit SHA"
        assert re.search(r"#\s*v\d", comment), f"{ref}: say which tag the SHA is (# vX.Y.Z)"


def test_platforms_and_permissions():
    text = WORKFLOW.read_text()
    for os_label in ("ubuntu-22.04", "windows-2022", "macos-13", "macos-14"):
        assert f"os: {os_label}" in text, os_label
    assert re.search(r"^permissions:\n  contents: read$", text, re.M), "top-level permissions must be read-only"
    assert text.count("contents: write") == 1, "only the release job may write"
    for step in ("--self-test", "build_deb.sh", "makensis", "make_dmg.sh", "SHA256SUMS"):
        assert step in text, step


@pytest.mark.subprocess
def test_offline_lint_is_clean():
    res = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "lint_workflow.py"), str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if res.returncode == 3:
        pytest.skip(res.stdout.strip())
    assert res.returncode == 0, res.stdout + res.stderr
