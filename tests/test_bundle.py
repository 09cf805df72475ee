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


LINUX_BUNDLE = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not EXE.exists(), reason="no Linux PyInstaller build in dist/"
)


def _bundle_elf_files() -> list:
    root = EXE.parent
    out = []
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    out.append(p)
    return out


@pytest.mark.subprocess
@LINUX_BUNDLE
def test_frozen_glibc_floor_and_no_host_libraries():
    """The bundle runs on glibc 2.35 (Ubuntu 22.04, Debian 12): no library copied from the build
    host's system folders raises that (build.spec leaves them to the .deb's Depends)."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from measure_bundle import glibc_floor
    finally:
        sys.path.pop(0)
    floor, files = glibc_floor(EXE.parent)
    assert tuple(int(x) for x in floor.split(".")) <= (2, 35), f"glibc {floor} needed by {files}"
    host_libs = {"libstdc++.so.6", "libexpat.so.1", "libgcc_s.so.1", "libcairo.so.2", "libglib-2.0.so.0"}
    shipped = {p.name for p in (EXE.parent / "_internal").iterdir()}
    assert not host_libs & shipped, f"host libraries in the bundle: {sorted(host_libs & shipped)}"


@pytest.mark.subprocess
@LINUX_BUNDLE
def test_frozen_binaries_stripped_and_no_host_rpath():
    """No shipped binary carries debug info or a RUNPATH into the build host's Python install
    (lintian: unstripped-binary-or-object, custom-library-search-path)."""
    debug, rpaths = [], []
    for f in _bundle_elf_files():
        sections = subprocess.run(["readelf", "-S", "-W", str(f)], capture_output=True, text=True).stdout
        if ".debug_info" in sections:
            debug.append(f.name)
        dyn = subprocess.run(["readelf", "-d", "-W", str(f)], capture_output=True, text=True).stdout
        for line in dyn.splitlines():
            if "RPATH" in line or "RUNPATH" in line:
                path = line.split("[", 1)[-1].rstrip("]")
                if any(part and not part.startswith("$ORIGIN") for part in path.split(":")):
                    rpaths.append(f"{f.name}: {path}")
    assert not debug, f"debug info left in {debug[:5]} ({len(debug)} files)"
    assert not rpaths, f"host RUNPATHs: {rpaths[:5]} ({len(rpaths)} files)"


@pytest.mark.skipif(not EXE.exists(), reason="no PyInstaller build in dist/ (run: pyinstaller build.spec)")
def test_frozen_bundle_carries_the_licence_texts():
    """Every shipped third-party component has its licence text in _internal/licenses/."""
    lic = EXE.parent / "_internal" / "licenses"
    index = (lic / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for name in ("PySide6_Essentials", "shiboken6", "onnxruntime", "numpy", "tokenizers", "pyinstaller", "CPython"):
        assert f"\n{name} " in index, f"{name} missing from the licence index"
    for f in lic.iterdir():
        assert f.stat().st_size > 200, f"{f.name} is (nearly) empty"
    (qt,) = lic.glob("PySide6_Essentials-*.txt")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.read_text(encoding="utf-8")
