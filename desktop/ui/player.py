"""The in-app player: a now-playing bar that plays the user's own files with Qt Multimedia.

Why a fallback: Qt Multimedia is in PySide6-Addons, which a minimal install (PySide6-Essentials)
lacks, and a machine may have no audio output.  Without the module the bar says so once and hands
each song to the system's player (the file opened as a local URL); nothing else in the window
depends on it.  Titles are shown as plain text (tags are untrusted).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QWidget

log = logging.getLogger("moodtune.ui")

if TYPE_CHECKING:  # the classes' types, for the annotations only (the module may be missing at run time)
    from PySide6 import QtMultimedia

QMediaPlayer: type[QtMultimedia.QMediaPlayer] | None
QAudioOutput: type[QtMultimedia.QAudioOutput] | None
_IMPORT_ERROR = ""
try:  # PySide6-Addons
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
except ImportError as exc:  # pragma: no cover - depends on the install
    QMediaPlayer = QAudioOutput = None
    _IMPORT_ERROR = str(exc)

# Linux: Qt 6.11's libQt6Multimedia links libpulse.so.0 itself, so with PySide6-Addons installed
# but no PulseAudio client library the import fails with the library's name in the message.
LIBPULSE = "libpulse.so.0"


def multimedia_available() -> bool:
    return QMediaPlayer is not None


def multimedia_missing(error: str | None = None) -> str:
    """Why there is no built-in player ('' when there is one): the Qt module, or the system library
    it needs (a different fix: a system package, not a pip extra).  ``error``: an import error's text
    (default: this process's)."""
    error = _IMPORT_ERROR if error is None else error
    if not error:
        return ""
    if "libpulse" in error:
        return (
            f"Qt Multimedia is installed but needs the system library {LIBPULSE} "
            "(the libpulse0 package on Debian and Ubuntu), which this machine lacks"
        )
    return "Qt Multimedia is not installed (PySide6-Addons: the player or dev extra)"


@dataclass(frozen=True)
class QueueItem:
    key: str  # the song's key in rankings and votes
    path: str
    title: str
    artist: str


def _clock(ms: int) -> str:
    s = max(0, int(ms)) // 1000
    return f"{s // 60}:{s % 60:02d}"


class PlayerBar(QWidget):
    """Play/pause, previous/next, seek, volume and what is playing.  ``play_list`` starts a queue."""

    track_changed = Signal(str)  # the playing song's key ('' when stopped)
    note = Signal(str)  # a message for the status bar

    def __init__(self, parent: QWidget | None = None, volume: int = 70) -> None:
        super().__init__(parent)
        self.queue: list[QueueItem] = []
        self.index = -1
        self._fallback_told = False
        icon = self.style().standardIcon
        px = QStyle.StandardPixmap
        # Icons, not ⏮ ▶ ⏭ characters: the bundled Korean font has no glyphs for them (boxes).
        self._play_icon, self._pause_icon = icon(px.SP_MediaPlay), icon(px.SP_MediaPause)
        self.previous_button = QPushButton(icon(px.SP_MediaSkipBackward), "", self)
        self.previous_button.setToolTip(self.tr("Previous song (Ctrl+Alt+Left)"))
        self.previous_button.setAccessibleName(self.tr("Previous song"))
        self.play_button = QPushButton(self._play_icon, "", self)
        self.play_button.setToolTip(self.tr("Play or pause (Ctrl+P)"))
        self.play_button.setAccessibleName(self.tr("Play or pause"))
        self.next_button = QPushButton(icon(px.SP_MediaSkipForward), "", self)
        self.next_button.setToolTip(self.tr("Next song (Ctrl+Alt+Right)"))
        self.next_button.setAccessibleName(self.tr("Next song"))
        self.now_playing = QLabel(self.tr("Nothing playing"), self)
        self.now_playing.setTextFormat(Qt.TextFormat.PlainText)
        self.now_playing.setAccessibleName(self.tr("Now playing"))
        self.position = QLabel("0:00 / 0:00", self)
        self.seek = QSlider(Qt.Orientation.Horizontal, self)
        self.seek.setAccessibleName(self.tr("Position in the song"))
        self.seek.setRange(0, 0)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setToolTip(self.tr("Volume (Ctrl+Alt+Up / Ctrl+Alt+Down)"))
        self.volume.setRange(0, 100)
        self.volume.setValue(max(0, min(100, int(volume))))
        self.volume.setMaximumWidth(110)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.previous_button, self.play_button, self.next_button):
            row.addWidget(w)
        row.addWidget(self.now_playing, 2)
        row.addWidget(self.seek, 3)
        row.addWidget(self.position)
        speaker = QLabel(self)
        speaker.setPixmap(icon(px.SP_MediaVolume).pixmap(16, 16))
        row.addWidget(speaker)
        row.addWidget(self.volume)
        self.previous_button.clicked.connect(self.previous)
        self.play_button.clicked.connect(self.toggle)
        self.next_button.clicked.connect(self.next)
        self.player: QtMultimedia.QMediaPlayer | None = None
        self.audio: QtMultimedia.QAudioOutput | None = None
        if QMediaPlayer is not None and QAudioOutput is not None:  # multimedia_available()
            self.player = QMediaPlayer(self)
            self.audio = audio = QAudioOutput(self)
            self.player.setAudioOutput(audio)
            audio.setVolume(self.volume.value() / 100)
            self.volume.valueChanged.connect(lambda v: audio.setVolume(v / 100))
            self.player.positionChanged.connect(self._position_changed)
            self.player.durationChanged.connect(lambda d: self.seek.setRange(0, max(0, int(d))))
            self.player.playbackStateChanged.connect(self._state_changed)
            self.player.mediaStatusChanged.connect(self._status_changed)
            self.player.errorOccurred.connect(self._error)
            self.seek.sliderMoved.connect(self.player.setPosition)
        else:
            self.seek.setEnabled(False)
            self.volume.setEnabled(False)
        self._update_buttons()

    # ------------------------------------------------------------------ queue
    @property
    def current(self) -> QueueItem | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    def play_list(self, items: list[QueueItem], start: int = 0) -> None:
        """Play ``items`` from ``start``; an empty list says that none of the songs is a file of yours."""
        if not items:
            self.note.emit(self.tr("None of these songs is in your music library."))
            return
        self.queue = list(items)
        self._play_index(max(0, min(start, len(items) - 1)))

    def _play_index(self, i: int) -> None:
        self.index = i
        item = self.queue[i]
        self.now_playing.setText(f"{item.title} – {item.artist}" if item.artist else item.title)
        self.now_playing.setToolTip(item.path)
        self.track_changed.emit(item.key)
        if self.player is None:
            self._play_elsewhere(item)
        else:
            self.player.setSource(QUrl.fromLocalFile(item.path))
            self.player.play()
        self._update_buttons()

    def _play_elsewhere(self, item: QueueItem) -> None:
        if not self._fallback_told:
            self._fallback_told = True
            if LIBPULSE in _IMPORT_ERROR:
                self.note.emit(
                    self.tr(
                        "The built-in player needs the system library libpulse0 (PulseAudio), which is "
                        "missing: songs open in your system's player."
                    )
                )
            else:
                self.note.emit(
                    self.tr(
                        "The built-in player needs Qt Multimedia (PySide6-Addons), which is not "
                        "installed: songs open in your system's player."
                    )
                )
        if not Path(item.path).is_file() or not QDesktopServices.openUrl(QUrl.fromLocalFile(item.path)):
            self.note.emit(self.tr("The song could not be opened: {0}").format(item.path))

    def toggle(self) -> None:
        if self.player is None:
            if self.current is not None:
                self._play_elsewhere(self.current)
            return
        if self.current is None:
            return
        if self.player.playbackState() == self.player.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def next(self) -> None:
        if self.index + 1 < len(self.queue):
            self._play_index(self.index + 1)

    def previous(self) -> None:
        """To the start of the song after 3 s of it (as players do), else the song before."""
        if self.player is not None and self.player.position() > 3000:
            self.player.setPosition(0)
        elif self.index > 0:
            self._play_index(self.index - 1)

    def change_volume(self, step: int) -> None:
        self.volume.setValue(max(0, min(100, self.volume.value() + step)))

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()

    # ------------------------------------------------------------------ player events
    def _position_changed(self, ms: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(int(ms))
        duration = self.player.duration() if self.player is not None else 0  # (connected to the player's signal)
        self.position.setText(f"{_clock(ms)} / {_clock(duration)}")

    def _state_changed(self, _state) -> None:
        self._update_buttons()

    def _status_changed(self, status) -> None:
        if self.player is None:  # connected to the player's signal: never without one
            return
        if status == self.player.MediaStatus.EndOfMedia:
            if self.index + 1 < len(self.queue):
                self.next()
            else:
                self.track_changed.emit("")
        elif status == self.player.MediaStatus.InvalidMedia:
            self.note.emit(self.tr("This file cannot be played: {0}").format(self.current.path if self.current else ""))

    def _error(self, _error, text: str) -> None:
        log.warning("player: %s", text)

    def _update_buttons(self) -> None:
        playing = self.player is not None and self.player.playbackState() == self.player.PlaybackState.PlayingState
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.previous_button.setEnabled(self.index > 0 or playing)
        self.next_button.setEnabled(self.index + 1 < len(self.queue))
        self.play_button.setEnabled(self.current is not None)
