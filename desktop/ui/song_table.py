"""The ranked song list: a table model over recommendations plus its view.

Likes and dislikes work with the mouse (the last two columns) and the keyboard: the
window's Like/Dislike actions (Ctrl+L / Ctrl+D) act on the selected row, and the arrow
keys reach a row's ♡ and ✕ buttons, which take focus there and vote with Space.  Tab
always leaves the table (the buttons are not Tab stops: ten rows would be twenty).
Double-click or Enter opens the song on the chosen streaming service (``links``): its page
there where the catalog has the song's ID, else a search there; with "My music only" on, a song
that is the user's own file plays instead (``play_row``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QToolButton, QWidget

from desktop.core.labels import COLORS
from desktop.core.safe_text import plain_rich_text
from desktop.engine.explain import emotion_name, explain
from desktop.engine.modes import mode_spec
from desktop.engine.recommend import Recommendation
from desktop.library.links import DEFAULT_SERVICE, LinkService, link_service
from desktop.ui.swatch import swatch

LIKE_COL, DISLIKE_COL = 7, 8
GENRE_WIDTH = 130
# The focused vote button sits in the selected row, so its ring takes the highlighted-text colour.
FOCUS_RING = "QToolButton:focus { border: 2px solid palette(highlighted-text); border-radius: 4px; }"


def emotion_only_match(similarity: float) -> float:
    """Match (0-100) in "Match the emotion only": the angle between the two 7-vectors, 100 the same
    direction and 0 a right angle.  Their cosine sits at 0.99-1.00 for most of a list (every row read
    "100" or "99.9%"); the angle spreads that top end over the scale the other modes use."""
    return 100.0 * (1.0 - math.acos(min(1.0, max(0.0, float(similarity)))) / (math.pi / 2))


class SongTableModel(QAbstractTableModel):
    def __init__(self, parent=None, language: str = "en") -> None:
        super().__init__(parent)
        self.language = language
        self.links: LinkService = link_service(DEFAULT_SERVICE)  # set by the window from the setting
        self.recs: list[Recommendation] = []
        self.votes: dict[str, int] = {}
        self.shown_match: list[str] = []
        self._headers = [
            self.tr("#"),
            self.tr("Title"),
            self.tr("Artist"),
            self.tr("Year"),
            self.tr("Genre"),
            self.tr("Match"),
            self.tr("Emotion"),
            self.tr("Like"),
            self.tr("Dislike"),
        ]

    def set_results(self, recs: list[Recommendation], votes: dict[str, int]) -> None:
        self.beginResetModel()
        self.recs, self.votes = list(recs), dict(votes)
        # Match as the list reads it: a song ranked above another (a like, a preferred genre, the
        # diversity rule) never shows a lower figure than the songs below it.
        shown, best = [], 0.0
        for r in reversed(self.recs):
            best = max(best, r.match if mode_spec(r.mode).blended else emotion_only_match(r.similarity))
            shown.append(f"{best:.0f}")
        self.shown_match = shown[::-1]
        self.endResetModel()

    def set_votes(self, votes: dict[str, int]) -> None:
        """New ♥/✕ marks; the rows and their order stay."""
        self.votes = dict(votes)
        if self.recs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.recs) - 1, len(self._headers) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.recs)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # the vote columns are narrow: their glyphs, not words
            return {LIKE_COL: "♡", DISLIKE_COL: "✕"}.get(section, self._headers[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == 5:
            return self.tr(
                "Match (0-100): how well the song fits your text; a song placed higher by your votes "
                "or preferred genres shows at least the figure of the songs below it"
            )
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = self.recs[index.row()], index.column()
        vote = self.votes.get(r.song.key, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            match = self.shown_match[index.row()]
            year = str(r.song.year) if r.song.year else self.tr("unknown")
            return [
                str(r.rank),
                r.song.title,
                r.song.artist,
                year,
                r.song.genre,
                match,
                emotion_name(r.song.dominant, self.language),
                None,
                None,
            ][c]
        if role == Qt.ItemDataRole.ForegroundRole and vote < 0 and c not in (LIKE_COL, DISLIKE_COL):
            # Disliked: it stays in place (greyed) until the list is updated, then it leaves.
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole:
            if c == 6:
                return swatch(COLORS[r.song.dominant])
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == LIKE_COL:
                return self.tr("Like (Ctrl+L)")
            if c == DISLIKE_COL:
                return self.tr("Dislike (Ctrl+D)")
            # The full title, artist and genre first: a narrow column elides them (#27).
            what = f"{r.song.title} – {r.song.artist}" + (f" · {r.song.genre}" if r.song.genre else "")
            tip = what + "\n" + explain(r, self.language)
            where = self.links
            tip += "\n" + (
                self.tr("Double-click to open on {0}")
                if where.has_page(r.song.ref)
                else self.tr("Double-click to search for it on {0}")
            ).format(where.name(self.language))
            return plain_rich_text(tip)  # titles come from a data file: never markup (D8)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if c == LIKE_COL:
                return self.tr("Liked") if vote > 0 else self.tr("Like")
            if c == DISLIKE_COL:
                return self.tr("Disliked") if vote < 0 else self.tr("Dislike")
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (0, 3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return vote
        return None


class SongTable(QTableView):
    """Emits ``vote_requested(row, +1 | -1)``; the window decides what happens."""

    vote_requested = Signal(int, int)
    open_failed = Signal(str)  # the URL no browser could open
    block_artist_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.songs = SongTableModel(self, language)
        self._vote_column: int | None = None  # see set_results
        self.setModel(self.songs)
        self.setAccessibleName(self.tr("Recommended songs"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move inside it
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(30)
        # Title and artist share the spare width and elide; the figures and vote buttons keep theirs,
        # so Match, Emotion, ♡ and ✕ stay visible at any window width.
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 34), (5, 56), (LIKE_COL, 36), (DISLIKE_COL, 36)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, width)
        # Genre: wide enough for "발라드, 국내드라마", and the user can drag it wider (#27); the tooltip
        # holds the whole text when it is cut off.
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(4, GENRE_WIDTH)
        for col in (3, 6):  # year ("unknown"/"미상") and emotion name: as wide as the language needs
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # The ♡/✕ of a selected row take the highlighted-text colour: a red ♡ and a grey ✕ were hard to
        # read on the selection's blue (#28).
        self.selectionModel().selectionChanged.connect(self._selection_changed)
        # Sort by a column (a click on its header; # goes back to the ranking) and search within the
        # list: both only change what the view shows and in which order (the vertical header's visual
        # order and hidden rows), never the model's rows, so a row number is still the song the window
        # ranked there and votes, undo and song links keep acting on the right song.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)
        self.sort_column: int | None = None  # None: the ranking
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.search = ""
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.clicked.connect(self._on_clicked)
        self.doubleClicked.connect(self._on_double_clicked)
        self.play_row: Callable[[int], bool] | None = None  # set by the window: plays the user's own songs

    def set_results(self, recs: list[Recommendation], votes: dict[str, int]) -> None:
        # A vote made from a focused ♡/✕ rebuilds the buttons: the focus comes back to the table
        # (not the next widget in the window) and select_row puts it on the same column again.
        focus = self.focusWidget()
        self._vote_column = focus.property("vote_column") if isinstance(focus, QToolButton) else None
        if self._vote_column is not None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.songs.set_results(recs, votes)
        for row in range(len(recs)):
            for col in (LIKE_COL, DISLIKE_COL):
                self._paint_vote(row, col)
        self._apply_order()
        self._apply_search()

    # ------------------------------------------------------------ sort and search (view only)
    def sort_key(self, row: int, col: int):
        r = self.songs.recs[row]
        if col == 0:
            return r.rank
        if col == 3:  # unknown years last either way round
            return (r.song.year is None or r.song.year == 0, r.song.year or 0)
        if col == 5:
            return float(self.songs.shown_match[row])
        if col == 6:
            return emotion_name(r.song.dominant, self.songs.language)
        return {1: r.song.title, 2: r.song.artist, 4: r.song.genre}.get(col, r.rank)

    def _header_clicked(self, col: int) -> None:
        if col in (LIKE_COL, DISLIKE_COL):
            return
        if col == 0:
            self.sort_by(None)
        elif col == self.sort_column:
            self.sort_by(
                col,
                Qt.SortOrder.DescendingOrder
                if self.sort_order == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder,
            )
        else:  # Match from the best down; the words from A / ㄱ
            self.sort_by(col, Qt.SortOrder.DescendingOrder if col == 5 else Qt.SortOrder.AscendingOrder)

    def sort_by(self, col: int | None, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Show the rows ordered by ``col`` (None: the ranking); the model's rows stay as they are."""
        self.sort_column, self.sort_order = col, order
        self._apply_order()

    def visual_rows(self) -> list[int]:
        """The model rows from top to bottom as shown (hidden ones included)."""
        vh = self.verticalHeader()
        return [vh.logicalIndex(v) for v in range(self.songs.rowCount())]

    def _apply_order(self) -> None:
        header, vh = self.horizontalHeader(), self.verticalHeader()
        n = self.songs.rowCount()
        rows = list(range(n))
        if self.sort_column is not None:
            keys = {row: self.sort_key(row, self.sort_column) for row in rows}
            rows.sort(
                key=lambda row: (keys[row], self.songs.recs[row].rank),
                reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
            )
            if self.sort_column == 3:  # unknown years stay at the end, also from the newest down
                rows.sort(key=lambda row: keys[row][0])
        for visual, row in enumerate(rows):
            if vh.visualIndex(row) != visual:
                vh.moveSection(vh.visualIndex(row), visual)
        header.setSortIndicatorShown(self.sort_column is not None)
        if self.sort_column is not None:
            header.setSortIndicator(self.sort_column, self.sort_order)

    def first_shown_row(self) -> int | None:
        """The model row drawn at the top (sorted and searched as shown), or None when none shows."""
        return next((row for row in self.visual_rows() if not self.isRowHidden(row)), None)

    def set_search(self, text: str) -> int:
        """Show only the songs whose title, artist or genre contain ``text`` (any case); how many show."""
        self.search = text.strip().casefold()
        return self._apply_search()

    def matches_search(self, row: int) -> bool:
        song = self.songs.recs[row].song
        return not self.search or self.search in f"{song.title}\n{song.artist}\n{song.genre}".casefold()

    def _apply_search(self) -> int:
        shown = 0
        for row in range(self.songs.rowCount()):
            hide = not self.matches_search(row)
            self.setRowHidden(row, hide)
            shown += not hide
        selected = self.selected_row()
        if selected is not None and self.isRowHidden(selected):  # Ctrl+L never acts on a hidden song
            self.clearSelection()
        return shown

    def set_votes(self, votes: dict[str, int]) -> None:
        """Show new votes without touching the rows, their order, the selection or the focus."""
        self.songs.set_votes(votes)
        for row in range(len(self.songs.recs)):
            for col in (LIKE_COL, DISLIKE_COL):
                button = self.indexWidget(self.songs.index(row, col))
                if isinstance(button, QToolButton):
                    self._style_vote(button, row, col)

    def _paint_vote(self, row: int, col: int) -> None:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setCheckable(True)
        # Qt hands the focus to an index widget when the arrow keys make its cell current; a click
        # focuses it too.  Not a Tab stop: Tab leaves the table.
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        button.setProperty("vote_column", col)
        index = QPersistentModelIndex(self.songs.index(row, col))
        button.clicked.connect(
            lambda _=False, i=index, c=col: self.vote_requested.emit(i.row(), 1 if c == LIKE_COL else -1)
        )
        self._style_vote(button, row, col)
        self.setIndexWidget(self.songs.index(row, col), button)

    def _selection_changed(self, selected, deselected) -> None:
        rows = {i.row() for i in selected.indexes()} | {i.row() for i in deselected.indexes()}
        for row in rows:
            for col in (LIKE_COL, DISLIKE_COL):
                button = self.indexWidget(self.songs.index(row, col))
                if isinstance(button, QToolButton):
                    self._style_vote(button, row, col)

    def _style_vote(self, button: QToolButton, row: int, col: int) -> None:
        rec = self.songs.recs[row]
        vote = self.songs.votes.get(rec.song.key, 0)
        checked = vote == (1 if col == LIKE_COL else -1)
        selected = self.selectionModel().isRowSelected(row, QModelIndex())
        button.setChecked(checked)
        # Glyphs present in the bundled NanumGothic, so they render on every machine.
        if col == LIKE_COL:
            button.setText("♥" if checked else "♡")
            color = "palette(highlighted-text)" if selected else "#e11d48"
            button.setStyleSheet(f"QToolButton {{ color: {color}; font-size: 15px; border: none; }}" + FOCUS_RING)
        else:
            button.setText("✕")
            # palette(text) keeps a checked ✕ readable in both light and dark themes.
            color, weight = ("palette(text)", "bold") if checked else ("#94a3b8", "normal")
            if selected:
                color = "palette(highlighted-text)"
            button.setStyleSheet(
                f"QToolButton {{ color: {color}; font-size: 13px; font-weight: {weight}; border: none; }}" + FOCUS_RING
            )
        if col == LIKE_COL:
            name = self.tr("Take the like back") if checked else self.tr("Like")
        else:
            name = self.tr("Take the dislike back") if checked else self.tr("Dislike")
        button.setToolTip(plain_rich_text(f"{name}: {rec.song.title}"))  # a title is not markup (D8)
        button.setAccessibleName(f"{name}: {rec.song.title} – {rec.song.artist}")

    def selected_row(self) -> int | None:
        """The highlighted row, or None: Ctrl+L / Ctrl+D and Enter never act on a row that is only the
        view's current cell (a faint frame the user may not have noticed)."""
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _context_menu(self, pos) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        rec = self.songs.recs[index.row()]
        menu = QMenu(self)
        menu.addAction(self.tr("Like"), lambda: self.vote_requested.emit(index.row(), 1))
        menu.addAction(self.tr("Dislike"), lambda: self.vote_requested.emit(index.row(), -1))
        menu.addAction(
            self.tr("Open on {0}").format(self.links.name(self.songs.language)), lambda: self.open_song(index.row())
        )
        menu.addSeparator()
        menu.addAction(
            self.tr("Never show songs by {0}").format(rec.song.artist),
            lambda: self.block_artist_requested.emit(rec.song.artist),
        )
        menu.exec(self.viewport().mapToGlobal(pos))

    def _on_clicked(self, index) -> None:
        if index.column() in (LIKE_COL, DISLIKE_COL):
            self.vote_requested.emit(index.row(), 1 if index.column() == LIKE_COL else -1)

    def _on_double_clicked(self, index) -> None:
        if index.column() not in (LIKE_COL, DISLIKE_COL):
            self.activate(index.row())

    def activate(self, row: int) -> None:
        """Double-click or Enter: play the song when ``play_row`` (the window's player) takes it,
        else open it on the chosen service."""
        if self.play_row is None or not self.play_row(row):
            self.open_song(row)

    @property
    def links(self) -> LinkService:
        """Where songs open (the model's tooltips name it too)."""
        return self.songs.links

    @links.setter
    def links(self, where: LinkService) -> None:
        self.songs.links = where

    def open_song(self, row: int) -> bool:
        """Open the song on the chosen service (its app where installed, else its page or a search
        there); False, with ``open_failed`` emitted, when no browser could be started."""
        if not 0 <= row < len(self.songs.recs):
            return False
        ref = self.songs.recs[row].song.ref
        app = self.links.app_url(ref)
        if app is not None and QDesktopServices.openUrl(QUrl(app)):
            return True
        url = self.links.url(ref)
        if QDesktopServices.openUrl(QUrl(url)):
            return True
        self.open_failed.emit(url)
        return False

    def select_row(self, row: int) -> None:
        """Keep a sensible selection (e.g. after a vote removed the selected song)."""
        n = self.songs.rowCount()
        if n:
            row = max(0, min(row, n - 1))
            self.selectRow(row)
            if self._vote_column is not None and self.hasFocus():
                self.setCurrentIndex(self.songs.index(row, self._vote_column))  # focuses that button
            self._vote_column = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        row = self.selected_row()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row is not None:
            self.activate(row)
            return
        super().keyPressEvent(event)
