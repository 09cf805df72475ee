"""My votes: review likes and dislikes, take any of them back, or reset them all.

A dislike hides a song for every similar mood, so a user needs a place to see and undo
what they voted; the window re-ranks when the dialog closes.

Why a model/view table: a profile gathers thousands of votes, and a QTableWidget made five items
and ten setData calls per vote (PySide6 6.12.0 on Python 3.11 leaked a reference to None on each
until the process aborted).  ``VotesModel`` answers only for the rows on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MoodtuneError
from desktop.core.safe_text import display_text, plain_rich_text
from desktop.library.links import DEFAULT_SERVICE, LinkService, SongRef, link_service
from desktop.library.my_music import is_own_song
from desktop.service import Moodtune
from desktop.ui.dialogs import LANGUAGE, confirm, show_error
from desktop.ui.links import copy_links, open_links


class VotesModel(QAbstractTableModel):
    """Votes as table rows, newest first: When, Vote, Title, Artist, Your text (plain text only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.votes: list = []
        self.links: LinkService = link_service(DEFAULT_SERVICE)  # set by the dialog from the setting

    def set_votes(self, votes: list) -> None:
        self.beginResetModel()
        self.votes = votes
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.votes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        tr = QCoreApplication.translate
        return (
            tr("VotesDialog", "When"),
            tr("VotesDialog", "Vote"),
            tr("VotesDialog", "Title"),
            tr("VotesDialog", "Artist"),
            tr("VotesDialog", "Your text"),
        )[section]

    def text(self, row: int, col: int) -> str:
        v = self.votes[row]
        if col == 0:
            return (
                v.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if hasattr(v.created_at, "astimezone")
                else str(v.created_at)
            )
        if col == 1:
            return "♥" if v.vote > 0 else "✕"
        if col == 4:
            return v.text if v.text is not None else QCoreApplication.translate("VotesDialog", "(text not stored)")
        return display_text(v.title if col == 2 else v.artist)  # an imported file's: no controls or bidi marks

    def tooltip(self, row: int, col: int) -> str:
        """The cell's text, and for a song of the user's own music (not a catalog song) that it is theirs."""
        tip = self.text(row, col)
        if col in (2, 3) and is_own_song(self.votes[row].song_key):
            tip += "\n" + QCoreApplication.translate("VotesDialog", "One of your own songs (My music)")
        return plain_rich_text(tip)  # titles come from tags and imported files: never markup

    def link(self, row: int) -> str:
        """The song's page on the chosen service, or a search there when its key is no song ID."""
        v = self.votes[row]
        return self.links.url(SongRef.of_key(v.song_key, v.title, v.artist))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row(), index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 1:  # words, not "♥" / "✕"
            return (
                QCoreApplication.translate("VotesDialog", "Liked")
                if self.votes[index.row()].vote > 0
                else QCoreApplication.translate("VotesDialog", "Disliked")
            )
        return None


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
        self.which.currentIndexChanged.connect(lambda _i: self.reload(read=False))
        self._all: list = []  # every vote, newest first, as last read (a filter switch does not re-read)
        self.model = VotesModel(self)
        self.model.links = service.link_service()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("My votes"))
        # Several rows at once (Ctrl/Shift+click): Remove vote and Delete take back every selected vote.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # The date, vote, title and artist keep the width their text needs (the date never clips, in any
        # font or palette); the text takes the rest, so the table always fills the dialog.
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_shortcut.activated.connect(self.remove_selected)
        self.note = QLabel(self)  # what happened to the last action (e.g. a link put on the clipboard)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.remove_button = QPushButton(self.tr("&Remove vote"), self)
        self.remove_button.setToolTip(self.tr("Take back the selected votes (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_button = QPushButton(
            self.tr("&Open on {0}").format(service.link_service().name(LANGUAGE["ui"])), self
        )
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
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.reload()

    def reload(self, read: bool = True) -> None:
        """Show the votes the filter asks for; ``read``: read them again first (after a change).
        Why not always: a read grows with the number of votes, and Liked / Disliked only filter."""
        want = self.which.currentData()
        if read:
            try:
                self._all = self.service.votes(moods=False)[::-1]  # the dialog shows no mood
            except MoodtuneError as exc:
                show_error(self, self.tr("Your votes cannot be read"), exc)
                self._all = []
        votes = [v for v in self._all if not want or v.vote == want] if want else self._all
        self.model.set_votes(votes)
        for b in (self.remove_button, self.open_button, self.reset_button):
            b.setEnabled(bool(votes))

    def _selected_rows(self) -> list[QModelIndex]:
        return sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())

    def remove_selected(self) -> None:
        """Take back every selected vote (the button, or Delete in the table)."""
        ids = [self.model.votes[i.row()].id for i in self._selected_rows()]
        if not ids:
            return
        removed = 0
        for vote_id in ids:
            try:
                self.service.delete_vote(vote_id)
            except MoodtuneError as exc:
                show_error(self, self.tr("The vote was not removed"), exc)
                break
            removed += 1
        if removed:
            self.changed = True
            self.note.setText(self.tr("Removed {0} votes").format(removed))
        self.reload()

    def open_selected(self) -> None:
        """The selected songs on the chosen service; with no browser their links go to the clipboard and the
        dialog says so (it used to do nothing)."""
        urls = [self.model.link(i.row()) for i in self._selected_rows()]
        if not urls:
            return
        left = open_links(urls)
        if left:
            copy_links(left)
            self.note.setText(
                self.tr("No web browser could be opened; the link is on the clipboard: {0}").format(left[0])
                if len(left) == 1
                else self.tr("No web browser could be opened; {0} links are on the clipboard, one a line").format(
                    len(left)
                )
            )
        else:
            self.note.setText("")

    def reset_all(self) -> None:
        if not confirm(
            self,
            self.tr("Reset all votes"),
            self.tr(
                "Delete all your likes and dislikes? Rankings go back to how they were before you "
                "voted. This cannot be undone."
            ),
            self.tr("Reset all"),
        ):
            return
        try:
            self.service.reset_votes()
        except MoodtuneError as exc:
            show_error(self, self.tr("Your votes were not reset"), exc)
            return
        self.changed = True
        self.reload()
