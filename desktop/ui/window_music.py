"""The window's part of "your music": the My music switch, the Music menu, the player bar, the
library dialog and its import thread.

Why apart from ``main_window``: the window only asks two things of it (is "My music only" on, and
which file a song is), and this keeps the player and the import out of a module that is already
the longest in the UI.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox

from desktop.core.errors import MoodtuneError
from desktop.library.my_music import library_path
from desktop.ui.player import PlayerBar, QueueItem

if TYPE_CHECKING:  # imported when first used
    from desktop.ui.library_dialog import LibraryDialog
    from desktop.ui.library_worker import LibraryImport

log = logging.getLogger("moodtune.ui")


class WindowMusic(QObject):
    """Built by the main window; ``switch`` and ``player`` go into its layout."""

    library_only_changed = Signal(bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.importer: LibraryImport | None = None  # started with the dialog (a thread only when used)
        self.dialog: LibraryDialog | None = None
        self.playing_key = ""
        self.switch = QCheckBox(self.tr("My music only"), window)
        self.switch.setToolTip(self.tr("Only songs from your own music folders (Music > My music…)"))
        self.switch.setChecked(bool(self.service.setting("library_only")) and self.service.has_profile)
        self.switch.setEnabled(self.service.has_profile)
        self.switch.toggled.connect(self._switched)
        self.player = PlayerBar(window, volume=int(self.service.setting("player_volume")))
        self.player.note.connect(lambda text: window.statusBar().showMessage(text, 10000))
        self.player.track_changed.connect(self._track_changed)
        self.player.volume.valueChanged.connect(self._volume_changed)
        window.table.play_row = self.play_row
        if self.service.has_profile:
            # The library is read on the import thread only; the first read starts once the window is
            # built (and only when there is a library: no thread, no file for users without one).
            self.service.refresh_library_on_rank = False
            if library_path(self.service.data_folder).exists():
                QTimer.singleShot(0, self, self._read_library)

    # ------------------------------------------------------------------ menu
    def build_menu(self, bar) -> None:
        menu = bar.addMenu(self.tr("&Music"))
        w = self.window
        self.library_action = w._action(self.tr("&My music…"), "Ctrl+Shift+M", self.open_library, menu)
        self.play_list_action = w._action(
            self.tr("&Play this list (your songs)"), "Ctrl+Shift+P", self.play_this_list, menu
        )
        menu.addSeparator()
        self.toggle_action = w._action(self.tr("Play / &pause"), "Ctrl+P", self.player.toggle, menu)
        self.next_action = w._action(self.tr("&Next song"), "Ctrl+Alt+Right", self.player.next, menu)
        self.previous_action = w._action(self.tr("P&revious song"), "Ctrl+Alt+Left", self.player.previous, menu)
        self.louder_action = w._action(
            self.tr("Volume &up"), "Ctrl+Alt+Up", lambda: self.player.change_volume(10), menu
        )
        self.quieter_action = w._action(
            self.tr("Volume &down"), "Ctrl+Alt+Down", lambda: self.player.change_volume(-10), menu
        )
        menu.addSeparator()
        self.like_playing_action = w._action(
            self.tr("&Like the playing song"), "F8", lambda: self.vote_playing(1), menu
        )
        self.dislike_playing_action = w._action(
            self.tr("D&islike the playing song"), "Shift+F8", lambda: self.vote_playing(-1), menu
        )
        for act, key in (
            (self.toggle_action, "Media Play"),
            (self.next_action, "Media Next"),
            (self.previous_action, "Media Previous"),
        ):
            act.setShortcuts([*act.shortcuts(), QKeySequence(key)])

    # ------------------------------------------------------------------ state
    def library_only(self) -> bool:
        return self.switch.isChecked()

    def _switched(self, on: bool) -> None:
        try:
            self.service.save_settings({"library_only": on})
        except MoodtuneError as exc:
            log.warning("switch not saved: %s", exc)
        self.library_only_changed.emit(on)

    def _volume_changed(self, value: int) -> None:
        try:
            self.service.save_settings({"player_volume": int(value)})
        except MoodtuneError as exc:
            log.warning("volume not saved: %s", exc)

    def _track_changed(self, key: str) -> None:
        self.playing_key = key

    # ------------------------------------------------------------------ library
    def _read_library(self) -> None:
        self._importer().start(None)

    def _importer(self):
        if self.importer is None:
            from desktop.ui.library_worker import LibraryImport

            self.importer = LibraryImport(self.service, self)
            self.importer.finished.connect(self._import_finished)
        return self.importer

    def open_library(self) -> None:
        if not self.service.has_profile:
            return
        if self.dialog is None:
            from desktop.ui.library_dialog import LibraryDialog

            self.dialog = LibraryDialog(self._importer(), self.window)
            self.dialog.play_requested.connect(lambda item: self.player.play_list([item]))
            self.dialog.start(None)  # the list, read on the import thread
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _import_finished(self, _result, error: str) -> None:
        if not error and self.library_only():
            self.window.refresh_songs()  # the list now holds what was read

    # ------------------------------------------------------------------ playing
    def play_this_list(self) -> None:
        """The shown list's songs that are the user's files, in list order."""
        items = []
        for rec in self.window.recs:
            path = self.service.file_of(rec.song.key)
            if path:
                items.append(QueueItem(rec.song.key, path, rec.song.title, rec.song.artist))
        self.player.play_list(items)

    def play_row(self, row: int) -> bool:
        """Double-click or Enter on a song of the list with "My music only" on: the list plays from
        that song (True); otherwise False (the song opens on Melon, as before)."""
        if not self.library_only() or not 0 <= row < len(self.window.recs):
            return False
        items: list[QueueItem] = []
        start = 0
        for i, rec in enumerate(self.window.recs):
            path = self.service.file_of(rec.song.key)
            if path:
                if i == row:
                    start = len(items)
                items.append(QueueItem(rec.song.key, path, rec.song.title, rec.song.artist))
        if not self.service.file_of(self.window.recs[row].song.key):
            return False
        self.player.play_list(items, start)
        return True

    def vote_playing(self, vote: int) -> None:
        """♡ / ✕ on the song that is playing, when it is in the list shown."""
        keys = [r.song.key for r in self.window.recs]
        if not self.playing_key:
            self.window.statusBar().showMessage(self.tr("Nothing is playing."), 5000)
        elif self.playing_key not in keys:
            self.window.statusBar().showMessage(
                self.tr("The playing song is not in this list, so it cannot be voted on for this mood."), 8000
            )
        else:
            self.window.vote(keys.index(self.playing_key), vote)

    def close(self) -> None:
        self.player.stop()
        if self.importer is not None:
            self.importer.stop()
