"""The committed Windows .ico and macOS .icns hold every size, and match what the generator writes.

Why: a 64 px-only icon is blurred in Explorer and on Retina screens (issue 24); the files are
generated (packaging/make_platform_icons.py), so a stale copy would go unnoticed otherwise.
"""

from __future__ import annotations

import struct
import sys

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import make_platform_icons as icons  # noqa: E402

sys.path.pop(0)


def test_ico_has_all_sizes_and_is_current():
    data = (ROOT / "resources" / "icons" / "moodtune.ico").read_bytes()
    assert data == icons.ico_bytes(), "run: python packaging/make_platform_icons.py"
    _, kind, count = struct.unpack("<HHH", data[:6])
    assert kind == 1 and count == len(icons.ICO_SIZES)
    sizes = sorted((data[6 + 16 * i] or 256) for i in range(count))
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_elements_and_lengths():
    data = (ROOT / "packaging" / "macos" / "moodtune.icns").read_bytes()
    assert data == icons.icns_bytes(), "run: python packaging/make_platform_icons.py"
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, []
    while pos < len(data):
        kind, length = data[pos : pos + 4].decode(), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        assert data[pos + 8 : pos + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        pos += length
    assert pos == len(data)
    assert {"ic07", "ic08", "ic09", "ic14"} <= set(kinds)
