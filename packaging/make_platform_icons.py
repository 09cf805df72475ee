"""Write the Windows ``.ico`` (16-256 px) and the macOS ``.icns`` (16-512 px and @2x) from the hicolor PNGs.

    python packaging/make_platform_icons.py      # after packaging/linux/make_icons.sh

Why: Windows picks the icon size per view (16 px in the title bar, 32/48 in Explorer, 256 in
large views) and macOS per Retina scale; a single 64 px image is blurred or boxy in most of
them.  Both formats hold PNG images in a small container, so this needs no imaging library:
the PNGs are the ones packaging/linux/make_icons.sh draws for the .deb (hicolor 16-512 px).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HICOLOR = ROOT / "packaging" / "linux" / "icons" / "hicolor"
APP_ID = "io.github.moodtune.moodtune"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that take PNG data: (type, pixel size); the @2x types reuse the larger PNG.
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)


def png(size: int) -> bytes:
    data = (HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{size} px icon is not a PNG")
    w, h = struct.unpack(">II", data[16:24])
    if (w, h) != (size, size):
        raise ValueError(f"{size} px icon is {w}x{h}")
    return data


def ico_bytes(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """An ICO with one PNG-compressed image per size (Windows Vista and later read these)."""
    images = [png(n) for n in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for n, data in zip(sizes, images):
        dim = 0 if n >= 256 else n  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def icns_bytes() -> bytes:
    body = b""
    for kind, n in ICNS_TYPES:
        data = png(n)
        body += kind.encode("ascii") + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    ico = ROOT / "resources" / "icons" / "moodtune.ico"  # the exe's icon (build.spec)
    icns = ROOT / "packaging" / "macos" / "moodtune.icns"  # the .app's icon (build.spec's BUNDLE)
    ico.write_bytes(ico_bytes())
    icns.write_bytes(icns_bytes())
    print(ico, icns, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
