"""The scalable icon (resources/icons/moodtune.svg): well-formed, self-contained, the same drawing
as make_icon.draw(), and installed by the .deb as the hicolor scalable app icon.

Why: the SVG is hand-written next to a Qt drawing; nothing else would notice it drifting from the
PNGs (a shifted note, another gradient), a viewBox-less file that cannot scale, or an icon theme
that falls back to a blurred raster because the package forgot the SVG (issue 24).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import ROOT

SVG = ROOT / "resources" / "icons" / "moodtune.svg"
NS = "{http://www.w3.org/2000/svg}"
APP_ID = "io.github.moodtune.moodtune"


def test_svg_is_well_formed_with_a_square_viewbox_and_no_external_parts():
    root = ET.parse(SVG).getroot()  # raises on malformed XML
    assert root.tag == f"{NS}svg"
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].replace(",", " ").split())
    assert (x, y) == (0, 0) and w == h > 0
    for el in root.iter():
        # renders with no network, fonts or other files: no images, scripts, text or foreign links
        assert el.tag.removeprefix(NS) not in {"image", "script", "text", "foreignObject", "use"}, el.tag
        for name, value in el.attrib.items():
            assert not name.endswith("href"), (el.tag, name, value)
            assert "url(" not in value or value.startswith("url(#"), (el.tag, name, value)


@pytest.mark.ui
def test_svg_draws_what_make_icon_draws(qapp):
    """Rendered by Qt's SVG module at two sizes, pixel for pixel the raster drawing (within AA)."""
    qtsvg = pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    sys.path.insert(0, str(ROOT / "resources" / "icons"))
    try:
        import make_icon
    finally:
        sys.path.pop(0)
    renderer = qtsvg.QSvgRenderer(str(SVG))
    assert renderer.isValid()
    for size in (64, 256):
        svg = QImage(size, size, QImage.Format.Format_ARGB32)
        svg.fill(Qt.GlobalColor.transparent)
        painter = QPainter(svg)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        ref = make_icon.draw(size)
        a = bytes(svg.constBits())
        b = bytes(ref.convertToFormat(QImage.Format.Format_ARGB32).constBits())
        assert len(a) == len(b) == size * size * 4
        diffs = [abs(p - q) for p, q in zip(a, b, strict=True)]
        # edge pixels may differ by rounding; a moved or recoloured shape changes hundreds by far more
        off = sum(d > 48 for d in diffs)
        assert off <= size // 8, f"{off} channel values differ at {size} px (max {max(diffs)})"
        assert sum(diffs) / len(diffs) < 0.5


@pytest.mark.subprocess
@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_deb_installs_the_svg_as_the_scalable_app_icon(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "moodtune").write_text("#!/bin/sh\necho stand-in\n")
    (bundle / "moodtune").chmod(0o755)
    env = {
        **os.environ,
        "MOODTUNE_BUNDLE": str(bundle),
        "MOODTUNE_DEB_DIR": str(tmp_path / "out"),
        "DEB_COMPRESS": "gzip",
        "PYTHON": sys.executable,
    }
    res = subprocess.run(
        [str(ROOT / "packaging" / "linux" / "build_deb.sh")], capture_output=True, text=True, env=env, timeout=300
    )
    assert res.returncode == 0, res.stdout + res.stderr
    (deb,) = (tmp_path / "out").glob("*.deb")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path / "x")], check=True)
    installed = tmp_path / "x" / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert installed.read_bytes() == SVG.read_bytes()
    assert oct(installed.stat().st_mode & 0o777) == "0o644"
    # the desktop entry and metainfo name the icon by theme name, so the SVG is what scales
    desktop = (tmp_path / "x" / "usr" / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"Icon={APP_ID}\n" in desktop
    metainfo = ET.parse(tmp_path / "x" / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    assert metainfo.findtext("icon[@type='stock']") == APP_ID
