"""My votes: review likes and dislikes, take any of them back, or reset them all.

A dislike hides a song for every similar mood, so a user needs a place to see and undo
what they voted; the window re-ranks when the dialog closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog import melon_search_url, melon_url
from desktop.errors import MoodtuneError
from desktop.service import Moodtune
from desktop.ui.dialogs import confirm, show_error


class VotesDialog(QDialog):
    def __init__(self, service: Moodtune, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.changed = False
        self.setWindowTitle(self.tr("My votes"))
        self.which = QComboBox(self)
        self.which.setAccessibleName(self.tr("Show"))
        for text, value in ((self.tr("All votes"), 0), (self.tr("Liked"), 1), (self.tr("Disliked"), -1)):
            self.which.addItem(text, value)
        self.which.currentIndexChanged.connect(self.reload)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Vote"), self.tr("Title"), self.tr("Artist"),
                                              self.tr("Your text")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.remove_button = QPushButton(self.tr("&Remove vote"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_button = QPushButton(self.tr("&Open on Melon"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.reset_button = QPushButton(self.tr("Reset &all…"), self)
        self.reset_button.clicked.connect(self.reset_all)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.which)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.remove_button, self.open_button, self.reset_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.reload()

    def reload(self) -> None:
        want = self.which.currentData()
        try:
            votes = [v for v in reversed(self.service.votes()) if not want or v.vote == want]
        except MoodtuneError as exc:
            show_error(self, self.tr("Your votes cannot be read"), exc)
            votes = []
        self.table.setRowCount(len(votes))
        for row, v in enumerate(votes):
            when = v.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if hasattr(v.created_at, "astimezone") \
                else str(v.created_at)
            cells = [when, "♥" if v.vote > 0 else "✕", v.title, v.artist,
                     v.text if v.text is not None else self.tr("(text not stored)")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (v.id, v.song_key, v.title, v.artist))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        for b in (self.remove_button, self.open_button, self.reset_button):
            b.setEnabled(bool(votes))

    def _selected(self) -> tuple | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def remove_selected(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        try:
            self.service.delete_vote(sel[0])
        except MoodtuneError as exc:
            show_error(self, self.tr("The vote was not removed"), exc)
            return
        self.changed = True
        self.reload()

    def open_selected(self) -> None:
        sel = self._selected()
        if sel is not None:
            _, key, title, artist = sel
            QDesktopServices.openUrl(QUrl(melon_url(int(key)) if key.isdigit() else melon_search_url(title, artist)))

    def reset_all(self) -> None:
        if not confirm(self, self.tr("Reset all votes"),
                       self.tr("Delete all your likes and dislikes? Rankings go back to how they were before you "
                               "voted. This cannot be undone.")):
            return
        try:
            self.service.reset_votes()
        except MoodtuneError as exc:
            show_error(self, self.tr("Your votes were not reset"), exc)
            return
        self.changed = True
        self.reload()
