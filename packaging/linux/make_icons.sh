#!/usr/bin/env bash
# hicolor icons 16-512 px for the .deb / AppDir, from the app's own icon (resources/icons/make_icon.py).
#
#     packaging/linux/make_icons.sh        (needs ImageMagick's `convert` and the dev venv's PySide6)
#
# The 512 px master is drawn by make_icon.draw() (the drawing behind resources/icons/moodtune.png,
# a 256 px raster: scaling that up would blur the 512 px icon); ImageMagick scales it down.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
app_id=io.github.moodtune.moodtune
master="$(mktemp --suffix=.png)"
trap 'rm -f "$master"' EXIT
QT_QPA_PLATFORM=offscreen "$python" - "$master" <<'PY'
import sys
sys.path.insert(0, "resources/icons")
from PySide6.QtGui import QGuiApplication
from make_icon import draw
app = QGuiApplication([])
assert draw(512).save(sys.argv[1])
PY
for n in 16 22 24 32 48 64 128 256 512; do
    out="$here/icons/hicolor/${n}x${n}/apps/$app_id.png"
    mkdir -p "$(dirname "$out")"
    # -strip: no timestamps in the PNG (reproducible files)
    convert "$master" -filter Lanczos -resize "${n}x${n}" -strip "PNG32:$out"
    echo "$out"
done
