"""Measure a PyInstaller one-folder bundle: size, files, what a run loads, its glibc floor (Linux).

    python packaging/measure_bundle.py dist/Moodtune [--json]

Why: trimming the bundle (build.spec) is only safe if the trimmed one behaves the same.  This
runs the bundle's ``--self-test`` and opens its window (``MOODTUNE_QUIT_WHEN_SHOWN``) on Qt's
offscreen platform, on X11 under Xvfb and on Wayland under a headless weston when those are
installed, records with strace which of the bundle's files each run opens, and reads the
newest ``GLIBC_x.y`` symbol version any shipped ELF file needs: the oldest glibc the bundle
can run on.  Figures go to docs/BENCHMARKS.md with a date, not into code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _elf_files(bundle: Path) -> list[Path]:
    out = []
    for p in bundle.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def glibc_floor(bundle: Path) -> tuple[str, list[str]]:
    """The newest GLIBC_ symbol version needed and the files that need it."""
    need: dict[Path, tuple[int, ...]] = {}
    for f in _elf_files(bundle):
        text = subprocess.run(["objdump", "-T", str(f)], capture_output=True, text=True).stdout
        versions = [tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", text)]
        if versions:
            need[f] = max(versions)
    top = max(need.values())
    return ".".join(map(str, top)), sorted(str(f.relative_to(bundle)) for f, v in need.items() if v == top)


def _traced_run(
    bundle: Path, args: list[str], env: dict[str, str], log: Path, wrap: list[str]
) -> tuple[int, set[str], set[str], str]:
    """Run the bundle under strace (inside ``wrap``, e.g. xvfb-run): the bundle's files it opened and loaded."""
    exe = bundle / "moodtune"
    # -y names each fd's file: an executable mmap of a library is what "loaded" means (Qt opens
    # and maps every plugin of a folder read-only to read its metadata; that is not a load).
    cmd = [*wrap, "strace", "-f", "-qq", "-y", "-e", "trace=openat,open,mmap", "-o", str(log), str(exe), *args]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    opened: set[str] = set()
    loaded: set[str] = set()
    root = str(bundle.resolve()) + "/"
    for line in log.read_text(errors="replace").splitlines():
        if "mmap(" in line:
            m = re.search(r"PROT_EXEC[^<]*<([^>]+)>", line)
            if m and m.group(1).startswith(root):
                loaded.add(m.group(1)[len(root) :])
            continue
        m = re.search(r'open(?:at)?\([^"]*"([^"]+)"', line)
        if m and "ENOENT" not in line and m.group(1).startswith(root):
            rel = m.group(1)[len(root) :]
            if (bundle / rel).is_file():
                opened.add(rel)
    return res.returncode, opened, loaded, (res.stdout + res.stderr)[-400:]


def _start_weston(tmp: Path) -> tuple[subprocess.Popen | None, dict[str, str]]:
    if not shutil.which("weston"):
        return None, {}
    runtime = tmp / "xdg"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    proc = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", "--socket=mt-measure", "--idle-time=0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if (runtime / "mt-measure").exists():
            return proc, {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "mt-measure"}
        time.sleep(0.1)
    proc.terminate()
    return None, {}


def measure(bundle: Path) -> dict:
    # PyInstaller links duplicates (Qt's lib/ folder) to one copy: count each file once
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    plugins = [p for p in files if "plugins" in p.parts and "PySide6" in p.parts]
    report: dict = {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "qt_plugins": len(plugins),
    }
    if sys.platform.startswith("linux"):
        report["glibc_floor"], report["glibc_floor_files"] = glibc_floor(bundle)
    if not shutil.which("strace"):
        report["runs"] = "skipped: strace not installed"
        return report
    runs: dict[str, dict] = {}
    used: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="mt-measure-") as tmp_s:
        tmp = Path(tmp_s)
        base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        cases: list[tuple[str, list[str], dict[str, str], list[str]]] = [
            ("self-test", ["--self-test"], {"QT_QPA_PLATFORM": "offscreen"}, []),
            ("window offscreen", [], {"QT_QPA_PLATFORM": "offscreen", "MOODTUNE_QUIT_WHEN_SHOWN": "1"}, []),
        ]
        if shutil.which("xvfb-run"):
            cases.append(
                (
                    "window xcb (Xvfb)",
                    [],
                    {"QT_QPA_PLATFORM": "xcb", "MOODTUNE_QUIT_WHEN_SHOWN": "1"},
                    ["xvfb-run", "-a"],
                )
            )
        weston, wl_env = _start_weston(tmp)
        if weston:
            cases.append(
                (
                    "window wayland (weston headless)",
                    [],
                    {"QT_QPA_PLATFORM": "wayland", "MOODTUNE_QUIT_WHEN_SHOWN": "1", **wl_env},
                    [],
                )
            )
        try:
            for i, (name, args, extra, wrap) in enumerate(cases):
                profile = tmp / f"profile{i}"
                profile.mkdir()
                env = dict(base, MOODTUNE_DATA_DIR=str(profile), **extra)
                rc, opened, libs, tail = _traced_run(bundle, args, env, tmp / f"trace{i}.log", wrap)
                used |= opened | libs
                runs[name] = {
                    "rc": rc,
                    "files_opened": len(opened | libs),
                    "libraries_loaded": len(libs),
                    "qt_plugins_loaded": sorted(p for p in libs if "/plugins/" in p),
                }
                if rc != 0:
                    runs[name]["output_tail"] = tail
        finally:
            if weston:
                weston.terminate()
                weston.wait(timeout=10)
    report["runs"] = runs
    report["files_opened_any_run"] = len(used)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bundle", type=Path, help="the one-folder bundle (dist/Moodtune)")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    a = ap.parse_args()
    if not (a.bundle / "moodtune").is_file():
        print(f"no bundle at {a.bundle} (build it: pyinstaller --noconfirm build.spec)", file=sys.stderr)
        return 2
    r = measure(a.bundle)
    if a.json:
        print(json.dumps(r, indent=1))
        return 0
    print(f"{r['bytes'] / 1e6:.1f} MB ({r['bytes'] / 2**20:.1f} MiB), {r['files']} files, {r['qt_plugins']} Qt plugins")
    if "glibc_floor" in r:
        print(f"glibc floor {r['glibc_floor']} (needed by {', '.join(r['glibc_floor_files'][:4])})")
    if isinstance(r["runs"], dict):
        for name, run in r["runs"].items():
            print(
                f"{name}: rc {run['rc']}, {run['files_opened']} files opened, {run['libraries_loaded']} "
                f"libraries loaded, plugins {', '.join(Path(p).name for p in run['qt_plugins_loaded']) or '-'}"
            )
            if "output_tail" in run:
                print("   ", run["output_tail"].replace("\n", "\n    "))
        print(f"files opened by any run: {r['files_opened_any_run']} of {r['files']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
