"""Collect the licence texts of everything a PyInstaller bundle ships (build.spec calls this).

Why: the bundle redistributes CPython, PyInstaller's bootloader, Qt (PySide6), onnxruntime,
numpy (with OpenBLAS and libgfortran), tokenizers and more; their licences (LGPL-3, GPL with
exceptions, Apache-2.0, BSD) require the texts to travel with the binaries.  Sources:
- Python distributions whose modules or extensions are in the bundle: ``pip-licenses`` (their
  licence and notice files), with the texts in packaging/licenses/ for wheels that ship none
  (PySide6 and shiboken6: LGPL-3 and the GPL-3 it builds on; tokenizers: Apache-2.0);
- CPython's own LICENSE.txt (it covers the libraries built into the interpreter: expat,
  libmpdec, HACL*, ...);
- libraries copied from the build host's system folders (none with today's build.spec on Linux;
  kept for builds that ship some): the owning Debian package's copyright file (``dpkg -S``).

The result is a folder ``licenses/`` in the bundle: one text file per component and
``THIRD-PARTY-LICENSES.txt`` (an index), plus ``copyright.dep5``, the stanzas that
packaging/linux/build_deb.sh appends to the .deb's copyright file.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Wheels without a licence file: the texts kept in this repository (verbatim GNU / Apache texts).
FALLBACK_TEXTS = {
    # ICU.txt: the ICU/Unicode licence of the ICU libraries inside the PySide6 wheel (Qt/lib)
    "PySide6_Essentials": ["LGPL-3.0.txt", "GPL-3.0.txt", "ICU.txt"],
    # the Addons provide modules under the same PySide6 package (the player's Qt Multimedia): where
    # the dev extra installed them they are counted with it, same licence
    "PySide6_Addons": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "tokenizers": ["Apache-2.0.txt"],
}
# PySide6 is offered under LGPL-3 or GPL-2/3; the bundle uses it under LGPL-3 (shared libraries,
# replaceable by the user), which is the GPL-3 plus additional permissions.
CHOSEN_LICENSE = {
    "PySide6_Essentials": "LGPL-3.0-only",
    "PySide6_Addons": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}
# wheels whose metadata names no SPDX licence (checked against their licence files)
KNOWN_SPDX = {"peewee": "MIT", "tokenizers": "Apache-2.0", "pyinstaller": "GPL-2.0-or-later WITH Bootloader-exception"}
# Debian's copyright files must not repeat texts found in /usr/share/common-licenses (lintian:
# copyright-file-contains-full-*-license): the .deb's stanzas point there and to the bundle's copy.
COMMON_LICENSES = {"LGPL-3.0.txt": "LGPL-3", "GPL-3.0.txt": "GPL-3", "Apache-2.0.txt": "Apache-2.0"}
FULL_TEXT_MARKS = (
    ("GNU GENERAL PUBLIC LICENSE", "TERMS AND CONDITIONS"),
    ("GNU LESSER GENERAL PUBLIC LICENSE", "Additional Definitions"),
    ("Apache License", "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"),
)
SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")


def distributions_for(top_level_names: set[str]) -> list[str]:
    """The installed distributions that provide these top-level modules (not Moodtune itself)."""
    owners = md.packages_distributions()
    names = {d for top in top_level_names for d in owners.get(top, [])}
    names.discard("moodtune")
    return sorted(names, key=str.lower)


def _pip_licenses(names: list[str]) -> list[dict]:
    cmd = [
        sys.executable,
        "-m",
        "piplicenses",
        "--format=json",
        "--with-license-file",
        "--with-notice-file",
        "--with-urls",
        "--with-authors",
        "--no-license-path",
        "--packages",
        *names,
    ]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"pip-licenses failed ({exc}); install the build extra: pip install -e '.[build]'") from exc
    return json.loads(res.stdout)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def _dep5_text(text: str) -> str:
    lines = [(" " + ln.rstrip()) if ln.strip() else " ." for ln in text.strip("\n").splitlines()]
    return "\n".join(lines)


def _is_full_common_text(text: str) -> bool:
    return any(all(mark in text for mark in marks) for marks in FULL_TEXT_MARKS)


def _cpython_license() -> Path | None:
    base = Path(sys.base_prefix)
    for p in (
        base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
        base / "LICENSE.txt",
    ):
        if p.is_file():
            return p
    return None


def _dpkg_copyright(src: str) -> tuple[str, Path] | None:
    if not shutil.which("dpkg"):
        return None
    res = subprocess.run(["dpkg", "-S", str(Path(src).resolve())], capture_output=True, text=True)
    if res.returncode != 0:
        return None
    pkg = res.stdout.split(":", 1)[0].strip()
    path = Path("/usr/share/doc") / pkg / "copyright"
    return (pkg, path) if path.is_file() else None


def _tops_of(dist: str) -> set[str]:
    return {top for top, owners in md.packages_distributions().items() if dist in owners}


def _short_name(dist: str, pip_value: str) -> str:
    """A DEP-5 licence name: the wheel's SPDX expression, else pip-licenses' classifier text."""
    expr = KNOWN_SPDX.get(dist) or md.metadata(dist).get("License-Expression")
    if expr:
        return expr
    return re.sub(r"\s+", "-", re.sub(r"\s*License$", "", pip_value.split(";")[0].strip())) or "UNKNOWN"


def collect(
    top_level_names: set[str],
    binaries: list[tuple[str, str, str]],
    out: Path,
    bundle_dirs: set[str] = frozenset(),
    prefix: str = "usr/lib/moodtune/_internal",
) -> list[str]:
    """Write the licence folder to ``out``; return the components it names (for the build log).

    ``bundle_dirs``: the bundle's top-level folders (a distribution's stanza in copyright.dep5
    names its folders; one with none lives in the launcher's archive); ``prefix``: where the
    .deb installs the bundle's ``_internal``.
    """
    launcher = prefix.rsplit("/", 1)[0] + "/moodtune"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    index: list[str] = []
    dep5: list[str] = []
    # PyInstaller's bootloader (the launcher) is shipped too: GPL-2+ with the bootloader exception
    for info in _pip_licenses(sorted(set(distributions_for(top_level_names)) | {"pyinstaller"}, key=str.lower)):
        name, version = info["Name"], info["Version"]
        texts = [t for t in (info.get("LicenseText"), info.get("NoticeText")) if t and t != "UNKNOWN"]
        fname = f"{_safe(name)}-{_safe(version)}.txt"
        # what the .deb's copyright says: the same texts, but a pointer for a GPL/LGPL/Apache text
        deb_texts = [
            t
            if not _is_full_common_text(t)
            else f"The full text of this notice is in {fname} "
            f"in the bundle's licences folder (/{prefix}/licenses/{fname})."
            for t in texts
        ]
        if name in FALLBACK_TEXTS and (not texts or name in CHOSEN_LICENSE):
            for f in FALLBACK_TEXTS[name]:
                texts.append((HERE / "licenses" / f).read_text(encoding="utf-8"))
                deb_texts.append(
                    f"On Debian systems the full text of the {COMMON_LICENSES[f]} licence is in "
                    f"/usr/share/common-licenses/{COMMON_LICENSES[f]}."
                    if f in COMMON_LICENSES
                    else texts[-1]
                )
        if not texts:
            raise SystemExit(f"no licence text for {name} {version}: add one to packaging/licenses/ (FALLBACK_TEXTS)")
        licence = CHOSEN_LICENSE.get(name) or _short_name(name, info.get("License") or "UNKNOWN")
        body = "\n\n".join(texts)
        (out / fname).write_text(
            f"{name} {version}\nLicence: {licence}\nAuthors: {info.get('Author', '')}\n"
            f"URL: {info.get('URL', '')}\n\n{body}\n",
            encoding="utf-8",
        )
        index.append(f"{name} {version}: {licence} ({fname})")
        author = info.get("Author") if info.get("Author") not in (None, "", "UNKNOWN") else f"the {name} authors"
        files = " ".join(f"{prefix}/{top}/*" for top in sorted(_tops_of(name) & bundle_dirs)) or launcher
        dep5.append(
            f"Files: {files}\nCopyright: {author} ({name} {version})\n"
            f"License: {licence}\n{_dep5_text(chr(10).join(deb_texts))}"
        )
    cpython = _cpython_license()
    if cpython:
        shutil.copyfile(cpython, out / "CPython.txt")
        v = ".".join(map(str, sys.version_info[:3]))
        index.append(f"CPython {v}: PSF-2.0 and the licences of its built-in libraries (CPython.txt)")
        dep5.append(
            f"Files: {prefix}/libpython* {prefix}/python3*/* {prefix}/base_library.zip\n"
            f"Copyright: Python Software Foundation (CPython {v})\n"
            f"License: PSF-2.0\n{_dep5_text(cpython.read_text(encoding='utf-8', errors='replace'))}"
        )
    seen: set[str] = set()
    for dest, src, _kind in binaries:
        if not str(Path(src).resolve()).startswith(SYSTEM_LIB_DIRS):
            continue
        found = _dpkg_copyright(src)
        if found is None:
            index.append(f"{Path(dest).name}: from the build host, owner unknown: check its licence by hand")
            continue
        pkg, path = found
        if pkg not in seen:
            seen.add(pkg)
            shutil.copyfile(path, out / f"debian-{_safe(pkg)}.copyright")
            index.append(f"{pkg} (Debian package of {Path(dest).name}): debian-{_safe(pkg)}.copyright")
    (out / "THIRD-PARTY-LICENSES.txt").write_text(
        "Third-party components in this Moodtune bundle and their licence texts (files in this folder).\n"
        "Qt (PySide6) is used under the LGPL-3 as shared libraries that can be replaced.\n\n" + "\n".join(index) + "\n",
        encoding="utf-8",
    )
    (out / "copyright.dep5").write_text("\n\n".join(dep5) + "\n", encoding="utf-8")
    return index


if __name__ == "__main__":  # a trial run: python packaging/bundle_licenses.py OUT_DIR numpy PySide6 ...
    for line in collect(set(sys.argv[2:]), [], Path(sys.argv[1])):
        print(line)
