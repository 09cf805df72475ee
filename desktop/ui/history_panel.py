"""Past texts with their dominant emotion and the songs shown for them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.labels import LABELS
from desktop.user_store import HistoryEntry


class HistoryPanel(QWidget):
    restore_requested = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("History"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.clear_button = QPushButton(self.tr("Clear history"), self)
        self.clear_button.clicked.connect(self.clear_requested)
        layout.addWidget(self.list)
        layout.addWidget(self.clear_button)

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.list.clear()
        for e in entries:
            mood = json.loads(e.mood)
            top = max(range(len(LABELS)), key=mood.__getitem__)
            songs = json.loads(e.songs)
            when = e.created_at.astimezone().strftime("%m-%d %H:%M") if hasattr(e.created_at, "astimezone") \
                else str(e.created_at)
            text = e.text if e.text is not None else self.tr("(text not stored)")
            first = f"{songs[0][1]} – {songs[0][2]}" if songs else ""
            item = QListWidgetItem(f"{when}  {LABELS[top]} {mood[top]:.0%}\n{text}\n♪ {first}")
            item.setData(Qt.ItemDataRole.UserRole, e.text)
            item.setToolTip("\n".join(f"{s[1]} – {s[2]}" for s in songs))
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        text = item.data(Qt.ItemDataRole.UserRole)
        if text:
            self.restore_requested.emit(text)
