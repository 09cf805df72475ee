#!/usr/bin/env bash
# Turn the PyInstaller one-folder bundle (dist/Moodtune) into a Debian package.
#
#     pyinstaller --noconfirm build.spec && packaging/linux/build_deb.sh
#     sudo apt install ./dist/moodtune_<version>_amd64.deb      # or: dpkg -i
#
# Layout: the bundle in /opt/moodtune (read-only for users; their data goes to
# ~/.local/share/Moodtune), /usr/bin/moodtune, the .desktop entry, AppStream metainfo, hicolor
# icons 16-512 px, the man page (generated from the CLI's parser) and the copyright file.
# MOODTUNE_BUNDLE / MOODTUNE_DEB_DIR: another bundle / output folder (packaging/check.sh uses a
# stand-in bundle to check the layout); PYTHON: the interpreter that writes the man page.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="${MOODTUNE_BUNDLE:-$root/dist/Moodtune}"
out_dir="${MOODTUNE_DEB_DIR:-$root/dist}"
python="${PYTHON:-$root/.venv/bin/python}"
app_id=io.github.moodtune.moodtune
linux="$root/packaging/linux"
[ -x "$bundle/moodtune" ] || { echo "no bundle at $bundle: run 'pyinstaller --noconfirm build.spec' first" >&2; exit 1; }
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/desktop/__init__.py")"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

install -d "$stage/opt/moodtune" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/metainfo" \
    "$stage/usr/share/man/man1" "$stage/usr/share/doc/moodtune" "$stage/DEBIAN"
cp -a "$bundle/." "$stage/opt/moodtune/"
ln -s /opt/moodtune/moodtune "$stage/usr/bin/moodtune"
install -m 644 "$linux/$app_id.desktop" "$stage/usr/share/applications/$app_id.desktop"
install -m 644 "$linux/$app_id.metainfo.xml" "$stage/usr/share/metainfo/$app_id.metainfo.xml"
for icon in "$linux"/icons/hicolor/*/apps/"$app_id.png"; do   # packaging/linux/make_icons.sh
    size="$(basename "$(dirname "$(dirname "$icon")")")"
    install -D -m 644 "$icon" "$stage/usr/share/icons/hicolor/$size/apps/$app_id.png"
done
"$python" "$linux/make_manpage.py" "$stage/usr/share/man/man1/moodtune.1"
gzip -9n "$stage/usr/share/man/man1/moodtune.1"
install -m 644 "$linux/copyright" "$stage/usr/share/doc/moodtune/copyright"
install -m 644 "$root/resources/fonts/OFL.txt" "$stage/usr/share/doc/moodtune/OFL-NanumGothic.txt"
install -m 644 "$root/model/README.md" "$stage/usr/share/doc/moodtune/MODEL.md"
chmod -R u+rwX,go+rX,go-w "$stage/opt/moodtune"

size_kb="$(du -sk "$stage/opt" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: moodtune
Version: $version
Architecture: $arch
Maintainer: Moodtune developers <moodtune@users.noreply.example>
Installed-Size: $size_kb
Depends: libc6 (>= 2.28), libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libdbus-1-3
Section: sound
Priority: optional
Homepage: https://example.invalid/moodtune
Description: Korean text to emotions to songs, fully offline
 Moodtune reads how someone feels from a short Korean text (a status message,
 a line of a diary) with a bundled int8 ONNX emotion model and recommends songs
 from an 8,000+ song Melon chart catalog whose lyrics carry the same emotions.
 Likes and dislikes are stored locally and shape later rankings.
CONTROL
mkdir -p "$out_dir"
out="$out_dir/moodtune_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build -Zxz "$stage" "$out" >/dev/null
echo "$out ($(du -h "$out" | cut -f1))"
