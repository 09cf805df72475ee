"""Draw the Moodtune icon (resources/icons/moodtune.png, .ico) with Qt, so it needs no design tool.

QT_QPA_PLATFORM=offscreen python resources/icons/make_icon.py

moodtune.svg is the same drawing written by hand (the scalable hicolor icon): change both together;
tests/test_svg_icon.py renders the SVG against draw().
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent


def draw(size: int = 256) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    grad = QLinearGradient(0, 0, size, size)
    grad.setColorAt(0, QColor("#7C3AED"))
    grad.setColorAt(1, QColor("#EC4899"))
    p.setBrush(QBrush(grad))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 56 * s, 56 * s)
    # a quaver: stem, flag and head in white
    p.setBrush(QColor("white"))
    p.drawRect(QRectF(138 * s, 52 * s, 16 * s, 118 * s))
    flag = QPainterPath(QPointF(154 * s, 52 * s))
    flag.cubicTo(QPointF(196 * s, 64 * s), QPointF(204 * s, 96 * s), QPointF(186 * s, 124 * s))
    flag.cubicTo(QPointF(190 * s, 100 * s), QPointF(178 * s, 86 * s), QPointF(154 * s, 84 * s))
    p.drawPath(flag)
    p.save()
    p.translate(118 * s, 176 * s)
    p.rotate(-22)
    p.drawEllipse(QRectF(-34 * s, -24 * s, 68 * s, 48 * s))
    p.restore()
    # a small heart: the feeling the song matches
    heart = QPainterPath()
    cx, cy, r = 74 * s, 92 * s, 20 * s
    heart.moveTo(cx, cy + r * 1.4)
    heart.cubicTo(cx - r * 2.2, cy, cx - r, cy - r * 1.3, cx, cy - r * 0.3)
    heart.cubicTo(cx + r, cy - r * 1.3, cx + r * 2.2, cy, cx, cy + r * 1.4)
    p.setPen(QPen(QColor("white"), 6 * s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(heart)
    p.end()
    return img


def draw_check(size: int = 26) -> QImage:
    """The white tick of a checked filter box (check.png; a PNG: bundles carry no SVG plugin)."""
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#ffffff"), 3.6 * size / 26)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    k = size / 26
    p.drawPolyline([QPointF(5.5 * k, 13.5 * k), QPointF(10.5 * k, 18.5 * k), QPointF(20.5 * k, 7.5 * k)])
    p.end()
    return img


if __name__ == "__main__":
    app = QGuiApplication([])
    image = draw(256)
    image.save(str(HERE / "moodtune.png"))
    image.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation).save(
        str(HERE / "moodtune.ico")
    )
    draw_check().save(str(HERE / "check.png"))
    print("wrote", HERE / "moodtune.png", HERE / "check.png")
