"""The small square that shows an emotion's colour next to a song or a history entry."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

RING = "#111827"  # the selected swatch's inner ring: dark against any highlight colour


@lru_cache(maxsize=64)  # a few colours and sizes; the song list asked for one per row on every repaint
def swatch(colour: str, size: int = 14) -> QIcon:
    """The emotion's colour as a square with a grey outline; in a selected row a white outline and a
    dark ring inside it, so the colour stays visible on the highlight (슬픔's blue on a blue highlight
    read as an empty white box, even with the white outline).  Cached: callers only hand the icon
    to Qt, which copies it."""
    icon = QIcon()
    for mode, rings in ((QIcon.Mode.Normal, ("#9ca3af",)), (QIcon.Mode.Selected, ("#ffffff", RING))):
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(rings[0]))
        painter = QPainter(pixmap)
        for i, ring in enumerate(rings[1:], 1):
            painter.fillRect(i, i, size - 2 * i, size - 2 * i, QColor(ring))
        inset = len(rings)
        painter.fillRect(inset, inset, size - 2 * inset, size - 2 * inset, QColor(colour))
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon
