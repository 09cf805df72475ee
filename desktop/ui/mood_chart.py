"""Mood over time: one stacked bar per day, coloured by the dominant emotion of each entry.

Drawn with QPainter (no web engine, no chart library): the history already holds each
analysed text's distribution, so the chart is a count per day and emotion.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.explain import emotion_name
from desktop.labels import COLORS, LABELS


class MoodChart(QWidget):
    def __init__(self, parent: QWidget | None = None, language: str = "ko", days: int = 14) -> None:
        super().__init__(parent)
        self.language = language
        self.days = days
        self.counts: dict[date, Counter] = {}
        self.setAccessibleName(self.tr("Mood over the last two weeks"))
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 120)

    def set_entries(self, entries: list[tuple[date, str]]) -> None:
        """(day, dominant emotion) per history entry."""
        self.counts = {}
        for day, label in entries:
            self.counts.setdefault(day, Counter())[label] += 1
        today = date.today()
        summary = []
        for d in (today - timedelta(days=i) for i in range(self.days)):
            if d in self.counts:
                top = self.counts[d].most_common(1)[0][0]
                summary.append(f"{d:%m-%d} {emotion_name(top, self.language)}")
        self.setAccessibleDescription(", ".join(summary) or self.tr("no entries yet"))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        w, h = self.width(), self.height()
        base, top_pad, left = h - 18, 6, 4
        today = date.today()
        days = [today - timedelta(days=self.days - 1 - i) for i in range(self.days)]
        peak = max([sum(self.counts.get(d, Counter()).values()) for d in days] + [1])
        slot = (w - 2 * left) / self.days
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawLine(left, base, w - left, base)
        for i, d in enumerate(days):
            x = left + i * slot + slot * 0.15
            y = base
            for label in LABELS:
                n = self.counts.get(d, Counter()).get(label, 0)
                if not n:
                    continue
                bar_h = (base - top_pad) * n / peak
                p.fillRect(QRectF(x, y - bar_h, slot * 0.7, bar_h), QColor(COLORS[label]))
                y -= bar_h
            if i % 7 == (self.days - 1) % 7:  # every 7th day, ending on today
                label_w = 40.0
                lx = min(max(0.0, x + slot * 0.35 - label_w / 2), w - label_w)  # kept inside the widget
                p.drawText(QRectF(lx, base + 2, label_w, 14), Qt.AlignmentFlag.AlignHCenter, f"{d:%m/%d}")
        if not self.counts:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Your moods will show here"))
        p.end()
