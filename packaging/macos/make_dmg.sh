#!/usr/bin/env bash
# Wrap dist/Moodtune.app (pyinstaller build.spec on macOS) in a compressed disk image with a link
# to /Applications, for drag-and-drop installs.  macOS only (hdiutil).
#
#     packaging/macos/make_dmg.sh            -> dist/Moodtune-<version>-<arch>.dmg
#
# Not notarised: without an Apple Developer ID and `xcrun notarytool`, Gatekeeper asks the user to
# confirm the first start (right-click -> Open).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
app="$root/dist/Moodtune.app"
[ -d "$app" ] || { echo "no $app: run 'pyinstaller --noconfirm build.spec' on macOS first" >&2; exit 1; }
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/desktop/__init__.py")"
arch="$(uname -m)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
out="$root/dist/Moodtune-$version-$arch.dmg"
rm -f "$out"
hdiutil create -volname "Moodtune $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$out"
hdiutil verify "$out"
echo "$out"
