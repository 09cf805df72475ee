"""The .deb builder (packaging/linux/build_deb.sh) on a small stand-in bundle with real ELF files.

Why: the package's Depends must come from the bundle's binaries (dpkg-shlibdeps), never from a
hand-written list that claims an older glibc than the bundle needs; the control file must carry
no placeholders; libraries must not be executable (lintian errors).  The real bundle is checked
by packaging/check.sh's lintian step and tests/test_bundle.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

BUILD = ROOT / "packaging" / "linux" / "build_deb.sh"
TOOLS = ("dpkg-deb", "dpkg-shlibdeps", "readelf")
pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="needs dpkg-dev and binutils"),
]


def _libz() -> Path:
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"):
        p = Path(d) / "libz.so.1"
        if p.exists():
            return p.resolve()
    pytest.skip("no libz.so.1 to stand in for a bundled library")


STANZA = "Files: usr/lib/moodtune/_internal/libstandin.so.1\nCopyright: stand-in authors\nLicense: Zlib\n text\n"


def _run_build(tmp_path: Path, licences: bool = True) -> subprocess.CompletedProcess:
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "licenses").mkdir(parents=True)
    if licences:  # written by build.spec (packaging/bundle_licenses.py)
        (bundle / "_internal" / "licenses" / "copyright.dep5").write_text(STANZA)
    shutil.copy(shutil.which("true"), bundle / "moodtune")  # a real ELF launcher, linked to libc
    lib = bundle / "_internal" / "libstandin.so.1"
    shutil.copy(_libz(), lib)
    lib.chmod(0o755)  # as wheels ship them
    env = {
        **os.environ,
        "MOODTUNE_BUNDLE": str(bundle),
        "MOODTUNE_DEB_DIR": str(tmp_path / "out"),
        "DEB_COMPRESS": "gzip",
    }
    return subprocess.run([str(BUILD)], capture_output=True, text=True, env=env, timeout=300)


def _build(tmp_path: Path) -> Path:
    res = _run_build(tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    (deb,) = (tmp_path / "out").glob("*.deb")
    return deb


def test_deb_depends_come_from_the_binaries(tmp_path):
    deb = _build(tmp_path)
    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    depends = next(line for line in fields.splitlines() if line.startswith("Depends:"))
    # libc from the launcher's newest GLIBC_ symbol version (not a guess); the bundled library is private
    dynsym = subprocess.run(
        ["readelf", "--dyn-syms", "-W", shutil.which("true")], capture_output=True, text=True
    ).stdout
    newest = max(tuple(int(x) for x in v.split(".")) for v in re.findall(r"@GLIBC_(\d+(?:\.\d+)+)", dynsym))
    assert f"libc6 (>= {'.'.join(map(str, newest))})" in depends, depends
    assert "libstandin" not in depends and "zlib1g" not in depends, depends
    assert "example" not in fields and "int8" not in fields, fields


def test_deb_layout_libraries_not_executable_and_changelog(tmp_path):
    deb = _build(tmp_path)
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    modes = {line.split()[-1].lstrip("."): line.split()[0] for line in listing.splitlines()}
    assert modes["/usr/lib/moodtune/_internal/libstandin.so.1"] == "-rw-r--r--"
    assert modes["/usr/lib/moodtune/moodtune"] == "-rwxr-xr-x"
    for f in ("/usr/share/doc/moodtune/changelog.gz", "/usr/share/lintian/overrides/moodtune"):
        assert f in modes, f
    ctrl = subprocess.run(["dpkg-deb", "-I", str(deb), "md5sums"], capture_output=True, text=True, check=True).stdout
    assert "usr/lib/moodtune/moodtune" in ctrl


def test_deb_copyright_carries_the_bundled_licences(tmp_path):
    deb = _build(tmp_path)
    unpacked = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    copyright_text = (unpacked / "usr/share/doc/moodtune/copyright").read_text()
    assert copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    assert STANZA in copyright_text


def test_deb_refuses_a_bundle_without_licences(tmp_path):
    res = _run_build(tmp_path, licences=False)
    assert res.returncode != 0 and "licenses" in res.stderr, res.stdout + res.stderr
