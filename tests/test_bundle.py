"""The frozen app (PyInstaller one-folder build) passes its own self-test, when a build is present.

CI does not build the bundle (it takes minutes); after ``pyinstaller build.spec`` this test
runs the real executable in a throw-away profile.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

EXE = ROOT / "dist" / "Moodtune" / ("moodtune.exe" if sys.platform == "win32" else "moodtune")


@pytest.mark.subprocess
@pytest.mark.skipif(not EXE.exists(), reason="no PyInstaller build in dist/ (run: pyinstaller build.spec)")
def test_frozen_self_test(tmp_path):
    env = {**os.environ, "MOODTUNE_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([str(EXE), "--self-test"], capture_output=True, text=True, timeout=120, env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "self-test ok" in res.stdout
    assert not any(tmp_path.iterdir()), "the self-test must not write into the user's profile"
