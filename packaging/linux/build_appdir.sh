#!/usr/bin/env bash
# Lay out an AppDir from the PyInstaller one-folder bundle: the input of appimagetool.
#
#     pyinstaller --noconfirm build.spec && packaging/linux/build_appdir.sh [BUNDLE [APPDIR]]
#     appimagetool dist/Moodtune.AppDir      # the one step that needs the AppImage runtime
#
# BUNDLE defaults to dist/Moodtune, APPDIR to dist/Moodtune.AppDir (replaced if it is an AppDir
# this script wrote; any other existing path is left alone and the script stops).
# Layout (https://docs.appimage.org/reference/appdir.html):
#   AppRun                          runs usr/lib/moodtune/moodtune with the arguments it was given
#   io.github.moodtune.moodtune.desktop, .png, .DirIcon   what appimagetool and thumbnailers read
#   usr/lib/moodtune/               the bundle, as the .deb installs it
#   usr/share/applications, usr/share/icons/hicolor (16-512 px and scalable SVG), usr/share/metainfo
# The metainfo is named <app id>.appdata.xml there: appimagetool looks for that name (and then runs
# appstreamcli validate-tree on the AppDir); the .deb keeps the current .metainfo.xml name.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
linux="$root/packaging/linux"
app_id=io.github.moodtune.moodtune
bundle="${1:-$root/dist/Moodtune}"
appdir="${2:-$root/dist/Moodtune.AppDir}"
[ -x "$bundle/moodtune" ] || { echo "no bundle at $bundle: run 'pyinstaller --noconfirm build.spec' first" >&2; exit 1; }
if [ -e "$appdir" ] || [ -L "$appdir" ]; then
    # only a folder this script made is replaced: a mistyped path must not lose anything
    [ -d "$appdir" ] && [ -f "$appdir/AppRun" ] && [ -f "$appdir/$app_id.desktop" ] || {
        echo "$appdir exists and is not a Moodtune AppDir: remove it or pick another path" >&2; exit 1; }
    rm -rf "$appdir"
fi
mkdir -p "$(dirname "$appdir")"
# built next to the target and renamed at the end: an interrupted run leaves no half AppDir
work="$(mktemp -d "$(dirname "$appdir")/.Moodtune.AppDir.XXXXXX")"
trap 'rm -rf "$work"' EXIT

install -d "$work/usr/lib/moodtune" "$work/usr/share/applications" "$work/usr/share/metainfo"
cp -a "$bundle/." "$work/usr/lib/moodtune/"
cat >"$work/AppRun" <<'APPRUN'
#!/bin/sh
# The AppImage runtime mounts the image and runs this file; run the bundle from beside it.
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/lib/moodtune/moodtune" "$@"
APPRUN
chmod 755 "$work/AppRun"
install -m 644 "$linux/$app_id.desktop" "$work/usr/share/applications/$app_id.desktop"
ln -s "usr/share/applications/$app_id.desktop" "$work/$app_id.desktop"
install -m 644 "$linux/$app_id.metainfo.xml" "$work/usr/share/metainfo/$app_id.appdata.xml"
for icon in "$linux"/icons/hicolor/*/apps/"$app_id.png"; do   # packaging/linux/make_icons.sh
    size="$(basename "$(dirname "$(dirname "$icon")")")"
    install -D -m 644 "$icon" "$work/usr/share/icons/hicolor/$size/apps/$app_id.png"
done
install -D -m 644 "$root/resources/icons/moodtune.svg" "$work/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
# the root icon named as the .desktop file's Icon= (appimagetool requires it); PNG for thumbnailers
ln -s "usr/share/icons/hicolor/256x256/apps/$app_id.png" "$work/$app_id.png"
ln -s "$app_id.png" "$work/.DirIcon"
chmod 755 "$work"
mv "$work" "$appdir"
trap - EXIT
echo "$appdir"
