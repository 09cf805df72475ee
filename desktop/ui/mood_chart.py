"""Mood over time: one stacked bar per day, coloured by the dominant emotion of each entry, with a
legend of the emotions shown, the tallest day's count on the y-axis and each day's counts on hover.

Drawn with QPainter (no web engine, no chart library): the history already holds each
analysed text's distribution, so the chart is a count per day and emotion.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.core.labels import COLORS, LABELS
from desktop.engine.explain import emotion_name


class MoodChart(QWidget):
    def __init__(self, parent: QWidget | None = None, language: str = "ko", days: int = 14) -> None:
        super().__init__(parent)
        self.language = language
        self.days = days
        self.counts: dict[date, Counter] = {}
        self.setAccessibleName(self.tr("Mood over the last two weeks"))
        self.setMinimumHeight(140)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 150)

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

    # The layout: a y-axis label column on the left, the bars, the dates under them, then the legend.
    LEFT, DATES_H, LEGEND_H, TOP = 18, 16, 18, 6

    def _days(self) -> list[date]:
        today = date.today()
        return [today - timedelta(days=self.days - 1 - i) for i in range(self.days)]

    def _slot(self) -> float:
        return (self.width() - self.LEFT - 4) / self.days

    def day_at(self, x: float) -> date | None:
        """The day whose bar is under ``x`` (widget pixels), or None left of the bars."""
        i = int((x - self.LEFT) // self._slot()) if x >= self.LEFT else -1
        return self._days()[i] if 0 <= i < self.days else None

    def summary_at(self, x: float) -> str | None:
        """What the bar under ``x`` counts, for the tooltip: "12/02: 행복 2 · 슬픔 1"."""
        day = self.day_at(x)
        if day is None:
            return None
        counts = self.counts.get(day, Counter())
        if not counts:
            return self.tr("{0}: no entries").format(f"{day:%m/%d}")
        parts = [f"{emotion_name(label, self.language)} {counts[label]}" for label in LABELS if counts.get(label)]
        return f"{day:%m/%d}: " + " · ".join(parts)

    def legend(self) -> list[str]:
        """The emotions the chart shows, in the bars' order (the legend's entries)."""
        shown = set()
        for d in self._days():
            shown.update(label for label, n in self.counts.get(d, Counter()).items() if n)
        return [label for label in LABELS if label in shown]

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # hover: the day's counts (#37)
            text = self.summary_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        w, h = self.width(), self.height()
        left, top_pad = self.LEFT, self.TOP
        base = h - self.DATES_H - self.LEGEND_H
        days = self._days()
        peak = max([sum(self.counts.get(d, Counter()).values()) for d in days] + [1])
        slot = self._slot()
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawLine(left, base, w - 4, base)
        # y-axis: the count of the tallest day at the top, 0 at the base line
        p.drawText(QRectF(0, top_pad - 2, left - 3, 14), Qt.AlignmentFlag.AlignRight, str(peak))
        p.drawText(QRectF(0, base - 12, left - 3, 14), Qt.AlignmentFlag.AlignRight, "0")
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
        # legend: a swatch and the name of each emotion shown (#37)
        lx, ly = float(left), float(h - self.LEGEND_H + 3)
        fm = p.fontMetrics()
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        for label in self.legend():
            name = emotion_name(label, self.language)
            width = 14 + fm.horizontalAdvance(name) + 8
            if lx + width > w:
                break
            p.fillRect(QRectF(lx, ly + 1, 10, 10), QColor(COLORS[label]))
            p.drawText(
                QRectF(lx + 13, ly - 2, width, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
            )
            lx += width
        if not self.counts:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Your moods will show here"))
        p.end()
