"""The wheel holds what an installed app needs: model, catalog, resources and translations.

Why: a wheel without them (96 KB) installed an app whose ``moodtune --self-test`` exited 2.
The wheel is built from a copy of the files git knows (as a clean clone would have them), in
pip's isolated build environment (setuptools from PyPI).  Slow (~20 s): ``-m "not slow"`` skips it.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core import paths
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT))
from setup import DATA  # noqa: E402 - the list setup.py copies into desktop/_data

pytestmark = [pytest.mark.slow, pytest.mark.subprocess]


def _clean_copy(dest: Path) -> Path:
    """The working tree's tracked and new (not ignored) files: what a clean clone would build."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    src = _clean_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    (whl,) = out.glob("moodtune-*.whl")
    return whl


def test_wheel_holds_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in DATA:
        assert f"desktop/_data/{rel}" in names, f"{rel} is not in the wheel"
    # the translations and the model are what a missing-data wheel lost first
    assert "desktop/_data/resources/i18n/moodtune_ko.qm" in names
    assert "desktop/_data/model/emotion.onnx" in names
    with zipfile.ZipFile(wheel) as z:
        for rel in DATA:  # copied whole, not a Git LFS pointer or an empty file
            assert z.getinfo(f"desktop/_data/{rel}").file_size == (ROOT / rel).stat().st_size, rel


def test_wheel_entry_points_and_floors(wheel):
    z = zipfile.ZipFile(wheel)
    info = next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))
    ep = configparser.ConfigParser()
    ep.read_string(z.read(info).decode())
    assert ep["console_scripts"]["moodtune"] == "desktop.cli:main"
    assert ep["gui_scripts"]["moodtune-gui"] == "desktop.cli:gui_main"
    meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Dist: onnxruntime>=1.18.1" in meta
    assert "Requires-Dist: tokenizers>=0.19" in meta


def test_installed_layout_finds_the_packaged_data(tmp_path, monkeypatch):
    """desktop/_data (an installed wheel) wins over the checkout; without it, the checkout."""
    assert paths.bundle_root() == ROOT  # editable / source: the repository root
    fake = tmp_path / "_data"
    (fake).mkdir()
    (fake / "catalog.db").write_bytes(b"")
    monkeypatch.setattr(paths, "PACKAGED_DATA", fake)
    assert paths.bundle_root() == fake
    assert paths.model_dir() == fake / "model" and paths.resources_dir() == fake / "resources"
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "frozen"), raising=False)
    assert paths.bundle_root() == tmp_path / "frozen"  # PyInstaller's folder comes first
