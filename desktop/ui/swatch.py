"""The small square that shows an emotion's colour next to a song or a history entry."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


@lru_cache(maxsize=64)  # a few colours and sizes; the song list asked for one per row on every repaint
def swatch(colour: str, size: int = 14) -> QIcon:
    """The emotion's colour as a square with a grey outline (white in a selected row), so it stays
    visible on the selection highlight (슬픔's blue vanished on a blue highlight in the dark palette).
    Cached: callers only hand the icon to Qt, which copies it."""
    icon = QIcon()
    for mode, outline in ((QIcon.Mode.Normal, "#9ca3af"), (QIcon.Mode.Selected, "#ffffff")):
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(outline))
        painter = QPainter(pixmap)
        painter.fillRect(1, 1, size - 2, size - 2, QColor(colour))
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon
