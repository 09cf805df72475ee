"""The "My music" dialog: add a folder, watch the import (progress, cancel), see every song and
why a song is not ranked.

Modeless: the window stays usable while an import runs.  The import itself runs on
``LibraryImport``'s thread; this dialog only shows what it reports.  Every tag is shown as plain
text (``QTableWidgetItem`` never interprets markup).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.library import my_music
from desktop.ui.library_worker import PHASE_TAGS, LibraryImport
from desktop.ui.player import QueueItem


def reason_text(reason: str) -> str:
    """Why a song is not ranked (or a folder was skipped), in the window's language."""
    if reason == my_music.REASON_UNREADABLE:
        return QCoreApplication.translate("LibraryDialog", "Not a readable audio file")
    if reason == my_music.REASON_NO_LYRICS:
        return QCoreApplication.translate("LibraryDialog", "No lyrics: add a .lrc or .txt file with the same name")
    if reason == my_music.REASON_NOT_KOREAN:
        return QCoreApplication.translate("LibraryDialog", "Lyrics mostly not Korean, or too short to read")
    if reason == my_music.REASON_FOLDER:
        return QCoreApplication.translate("LibraryDialog", "Folder could not be opened")
    if reason == my_music.REASON_LOOP:
        return QCoreApplication.translate("LibraryDialog", "Folder reached again through a link: skipped")
    if reason == my_music.REASON_PENDING:
        return QCoreApplication.translate("LibraryDialog", "Lyrics not read yet")
    return reason


class LibraryDialog(QDialog):
    """Folders, import progress and the list of songs."""

    play_requested = Signal(object)  # a QueueItem (double-click on a song)

    def __init__(self, importer: LibraryImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.importer = importer
        self.setWindowTitle(self.tr("My music"))
        self.resize(820, 520)
        self.intro = QLabel(
            self.tr(
                "Add a folder of your music. Moodtune reads each file's tags and lyrics "
                "(or a .lrc/.txt file beside it) and never changes your files."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add a folder…"), self)
        self.rescan_button = QPushButton(self.tr("&Rescan"), self)
        self.rescan_button.setToolTip(self.tr("Read new and changed files again; drop files that are gone"))
        self.cancel_button = QPushButton(self.tr("&Cancel import"), self)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Title"), self.tr("Artist"), self.tr("Lyrics"), self.tr("Ranked")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 160)
        self.table.setColumnWidth(2, 90)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self.choose_folder)
        self.rescan_button.clicked.connect(lambda: self.start([]))
        self.cancel_button.clicked.connect(self.cancel)
        importer.progress.connect(self._progress)
        importer.listed.connect(self.show_tracks)
        importer.finished.connect(self._finished)
        self._items: list[QueueItem | None] = []

    # ------------------------------------------------------------------ actions
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of music"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        if not Path(folder).is_dir():
            self.status.setText(self.tr("{0} is not a folder.").format(folder))
            return
        self.start([Path(folder)])

    def start(self, folders: list | None) -> None:
        """Scan ``folders`` ([]: every folder; None: only list what is there)."""
        if not self.importer.start(folders):
            return  # a list was asked for while an import runs: that import lists when it ends
        busy = folders is not None
        self.add_button.setEnabled(not busy)
        self.rescan_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first count arrives
            self.status.setText(self.tr("Looking for music files…"))

    def cancel(self) -> None:
        self.importer.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Stopping… what was read so far is kept."))

    # ------------------------------------------------------------------ reports
    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        text = (
            self.tr("Reading tags: {0} of {1} files")
            if phase == PHASE_TAGS
            else self.tr("Reading lyrics: {0} of {1} songs")
        )
        self.status.setText(text.format(done, total))

    def _finished(self, result, error: str) -> None:
        if self.importer.busy:  # the next import (queued while this one ran) has started
            return
        self.add_button.setEnabled(True)
        self.rescan_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if result is not None and not result.cancelled else 0)
        if error:
            self.status.setText(error)
        elif result is not None and result.cancelled:
            self.status.setText(self.tr("Import cancelled. What was read is kept; Rescan continues from there."))

    def show_tracks(self, tracks, problems) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(tracks) + len(problems))
        self._items = []
        yes, none = self.tr("Yes"), self.tr("None")
        sources = {"tag": self.tr("In the file"), "lrc": ".lrc", "txt": ".txt"}
        for r, t in enumerate(tracks):
            ranked = (
                self.tr("Yes (catalog song)")
                if t.catalog_key and not t.reason
                else yes
                if not t.reason
                else reason_text(t.reason)
            )
            for c, value in enumerate((t.shown_title, t.artist, sources.get(t.lyrics_source, none), ranked)):
                item = QTableWidgetItem(value)
                item.setToolTip(t.path)
                self.table.setItem(r, c, item)
            self._items.append(
                None if t.reason == my_music.REASON_UNREADABLE else QueueItem(t.key, t.path, t.shown_title, t.artist)
            )
        for r, (path, reason) in enumerate(problems, start=len(tracks)):
            self.table.setItem(r, 0, QTableWidgetItem(path))
            self.table.setItem(r, 3, QTableWidgetItem(reason_text(reason)))
            self._items.append(None)
        ranked_n = sum(1 for t in tracks if not t.reason)
        self.status.setText(
            self.tr("{0} songs, {1} ranked. Double-click a song to play it.").format(len(tracks), ranked_n)
            if tracks
            else self.tr("No music yet: add a folder.")
        )

    def _double_clicked(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if 0 <= row < len(self._items) and self._items[row] is not None:
            self.play_requested.emit(self._items[row])
