"""The AppDir (packaging/linux/build_appdir.sh) on a stand-in bundle: what appimagetool turns into
an AppImage.

Why: appimagetool needs the runtime (not reachable here), so the AppImage itself is never built in
these checks; the AppDir is, and a broken one (AppRun not executable, arguments lost, an Icon= or
Exec= that names nothing inside) would only show on a user's machine.  The script must also never
delete a folder it did not make.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

BUILD = ROOT / "packaging" / "linux" / "build_appdir.sh"
APP_ID = "io.github.moodtune.moodtune"
pytestmark = pytest.mark.subprocess

# prints how it was run, one line each: what AppRun must pass on unchanged
FAKE = '#!/bin/sh\necho "exe=$0"\nfor a in "$@"; do echo "arg=$a"; done\n'


def _bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "dist" / "Moodtune"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    (bundle / "moodtune").write_text(FAKE)
    (bundle / "moodtune").chmod(0o755)
    return bundle


def _build(*args: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BUILD), *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.fixture
def appdir(tmp_path) -> Path:
    out = tmp_path / "dist" / "Moodtune.AppDir"
    res = _build(_bundle(tmp_path), out)
    assert res.returncode == 0, res.stdout + res.stderr
    return out


def test_apprun_is_executable_and_runs_the_bundle_with_the_arguments(appdir, tmp_path):
    apprun = appdir / "AppRun"
    assert apprun.is_file() and os.access(apprun, os.X_OK)
    args = ["--self-test", "two words", "", "한국어 $HOME *"]
    res = subprocess.run([str(apprun), *args], capture_output=True, text=True, cwd=tmp_path, timeout=30)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == f"exe={appdir / 'usr' / 'lib' / 'moodtune' / 'moodtune'}"
    assert lines[1:] == [f"arg={a}" for a in args]
    # run through a link from elsewhere (as a desktop launcher or the runtime may): still finds the bundle
    link = tmp_path / "linked-AppRun"
    link.symlink_to(apprun)
    res = subprocess.run([str(link), "x"], capture_output=True, text=True, cwd="/", timeout=30)
    assert res.stdout.splitlines() == [lines[0], "arg=x"]
    assert (appdir / "usr" / "lib" / "moodtune" / "_internal" / "base_library.zip").read_bytes() == b"stand-in"


def test_desktop_file_icon_and_exec_match_the_appdir(appdir):
    desktops = list(appdir.glob("*.desktop"))
    assert [d.name for d in desktops] == [f"{APP_ID}.desktop"]  # exactly one at the root (AppImage rule)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read_string(desktops[0].read_text(encoding="utf-8"))
    section = entry["Desktop Entry"]
    # Exec names the bundle's launcher, the program AppRun starts
    assert section["Exec"].split()[0] == "moodtune"
    assert (appdir / "usr" / "lib" / "moodtune" / section["Exec"].split()[0]).is_file()
    assert "moodtune/moodtune" in (appdir / "AppRun").read_text()
    # Icon: appimagetool wants <Icon>.png|.svg|.xpm at the root, and .DirIcon for thumbnailers
    icon = appdir / f"{section['Icon']}.png"
    assert icon.is_file() and icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (appdir / ".DirIcon").resolve() == icon.resolve()
    hicolor = appdir / "usr" / "share" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{section['Icon']}.svg").is_file()
    for n in (16, 32, 48, 64, 128, 256, 512):
        assert (hicolor / f"{n}x{n}" / "apps" / f"{section['Icon']}.png").is_file(), n
    # the name appimagetool looks for (then appstreamcli validate-tree)
    assert (appdir / "usr" / "share" / "metainfo" / f"{APP_ID}.appdata.xml").is_file()
    assert (appdir / "usr" / "share" / "applications" / f"{APP_ID}.desktop").is_file()


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstreamcli")
def test_appstream_validate_tree_accepts_the_appdir(appdir):
    """What appimagetool itself runs before it packs the AppDir; pedantic, as packaging/check.sh
    validates the metainfo (AppStream < 1.0 does not know <developer> yet: that note is allowed)."""
    res = subprocess.run(
        ["appstreamcli", "validate-tree", "--pedantic", "--no-net", "--no-color", str(appdir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    issues = [
        line.strip()
        for line in res.stdout.splitlines()
        if re.match(r"\s*[EWIP]: ", line) and not line.rstrip().endswith("unknown-tag developer")
    ]
    assert issues == [], res.stdout


def test_defaults_rebuild_and_refusals(tmp_path):
    bundle = _bundle(tmp_path)
    out = tmp_path / "dist" / "Moodtune.AppDir"
    assert _build(bundle, out).returncode == 0
    (out / "stale-file").write_text("from an older build")
    assert _build(bundle, out).returncode == 0  # its own AppDir is replaced whole
    assert not (out / "stale-file").exists()
    # a path that is not an AppDir it made is left alone, with a message
    keep = tmp_path / "precious"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    res = _build(bundle, keep)
    assert res.returncode == 1 and "not a Moodtune AppDir" in res.stderr
    assert (keep / "notes.txt").read_text() == "mine"
    # no bundle: says what to run, writes nothing
    res = _build(tmp_path / "missing", tmp_path / "none.AppDir")
    assert res.returncode == 1 and "pyinstaller" in res.stderr and not (tmp_path / "none.AppDir").exists()
    assert not list((tmp_path / "dist").glob(".Moodtune.AppDir.*"))  # no work folder left behind
    # defaults: dist/Moodtune -> dist/Moodtune.AppDir beside the repository's packaging folder
    text = BUILD.read_text()
    assert 'bundle="${1:-$root/dist/Moodtune}"' in text and 'appdir="${2:-$root/dist/Moodtune.AppDir}"' in text
