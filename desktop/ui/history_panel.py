"""Past texts: a readable list (time, emotion with its colour, text, top song) and a
mood-over-time chart; one entry can be deleted, all of them after a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QPushButton, QVBoxLayout, QWidget

from desktop.core.labels import COLORS, LABELS, dominant_index
from desktop.engine.explain import emotion_name
from desktop.profile.user_store import HistoryRecord
from desktop.ui.mood_chart import MoodChart
from desktop.ui.swatch import swatch

SHOWN_CHARS = 120  # of an entry's text in the list (a pasted 12,500 characters would fill the dock)
TOOLTIP_CHARS = 600


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, on one line; '…' when cut."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


class HistoryPanel(QWidget):
    restore_requested = Signal(str)
    clear_requested = Signal()
    delete_requested = Signal(int)  # history entry id

    def __init__(self, parent: QWidget | None = None, language: str = "ko") -> None:
        super().__init__(parent)
        self.language = language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.chart = MoodChart(self, language)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("History"))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.list,
            self.delete_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.clear_button = QPushButton(self.tr("Clear history"), self)
        self.clear_button.clicked.connect(self.clear_requested)
        layout.addWidget(self.chart)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.clear_button)

    def set_entries(self, entries: list[HistoryRecord]) -> None:
        self.list.clear()
        days = []
        for e in entries:
            mood, songs = e.mood, e.songs
            top = dominant_index(mood)
            local = e.created_at.astimezone() if hasattr(e.created_at, "astimezone") else None
            when = local.strftime("%m-%d %H:%M") if local else str(e.created_at)
            if local:
                days.append((local.date(), LABELS[top]))
            text = shorten(e.text, SHOWN_CHARS) if e.text is not None else self.tr("(text not stored)")
            first = f"♪ {songs[0][1]} – {songs[0][2]}" if songs else ""
            label = emotion_name(LABELS[top], self.language)
            item = QListWidgetItem(f"{when} · {label} {mood[top]:.0%}\n{text}\n{first}".rstrip())
            item.setIcon(swatch(COLORS[LABELS[top]], 12))
            item.setData(Qt.ItemDataRole.UserRole, e.text)
            item.setData(Qt.ItemDataRole.UserRole + 1, e.id)
            tip = [shorten(e.text, TOOLTIP_CHARS)] if e.text and len(e.text) > SHOWN_CHARS else []
            item.setToolTip("\n\n".join([*tip, "\n".join(f"{s[1]} – {s[2]}" for s in songs)]).strip())
            self.list.addItem(item)
        self.chart.set_entries(days)
        self.clear_button.setEnabled(bool(entries))

    def delete_selected(self) -> None:
        for item in self.list.selectedItems():
            self.delete_requested.emit(int(item.data(Qt.ItemDataRole.UserRole + 1)))

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Load this text again"), lambda: self._activated(item))
        menu.addAction(
            self.tr("Delete this entry"),
            lambda: self.delete_requested.emit(int(item.data(Qt.ItemDataRole.UserRole + 1))),
        )
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _activated(self, item: QListWidgetItem) -> None:
        text = item.data(Qt.ItemDataRole.UserRole)
        if text:
            self.restore_requested.emit(text)
