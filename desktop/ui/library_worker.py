"""Importing the user's music on a background thread: scan folders, then match or analyse songs.

Why a thread of its own: reading 20,000 files' tags takes tens of seconds and analysing lyrics
about a second a song; the window must keep answering (the GUI thread never waits on disk or the
model).  One job runs at a time; ``cancel`` stops it between files (what was read is kept, and the
next scan continues from there).  The worker also reads the song list for the dialog, so the GUI
thread never reads the library database.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from desktop.core.errors import MoodtuneError

log = logging.getLogger("moodtune.ui")

PHASE_TAGS, PHASE_LYRICS = "tags", "lyrics"


class _Worker(QObject):
    progress = Signal(str, int, int)  # phase, done, total
    listed = Signal(object, object)  # tracks, problems
    finished = Signal(object, str)  # ScanResult or None, error message ('' when none)

    def __init__(self, service) -> None:
        super().__init__()
        self.service = service
        self.cancel = threading.Event()
        self._model = None
        self._niced = False

    def _background_model(self):
        """A one-thread session made on this (lowered-priority) thread: its threads inherit the
        priority, and the window's analyses keep the other core (``benchmarks/library_import.py
        latency``).  Falls back to the service's session when a second one cannot be made."""
        if self._model is None:
            try:
                self._model = self.service.background_model(threads=1)
            except Exception:  # noqa: BLE001 - the shared session still works
                log.warning("no background model session; using the window's", exc_info=True)
                self._model = self.service.model
        return self._model

    def _lower_priority(self) -> None:
        """Linux: a nicer thread (nice is per thread there, and elsewhere it would slow the window too),
        so the GUI thread wins the CPU."""
        if self._niced or not sys.platform.startswith("linux"):
            return
        self._niced = True
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + 10))
        except (OSError, AttributeError):
            pass

    @Slot(object)
    def run(self, folders) -> None:
        """``folders``: None lists only; [] rescans every folder; else scans those folders."""
        result, error = None, ""
        self._lower_priority()
        try:
            lib = self.service.my_music
            if folders is not None:
                result = lib.scan(
                    folders or None,
                    progress=lambda p: self.progress.emit(PHASE_TAGS, p.done, p.total),
                    cancel=self.cancel,
                    pause=lambda: self.service.give_way(cancel=self.cancel),
                )
                if not self.cancel.is_set():
                    self.service.analyse_library(
                        progress=lambda d, t: self.progress.emit(PHASE_LYRICS, d, t),
                        cancel=self.cancel,
                        model_of=self._background_model,
                    )
            self.service.library_ranking()  # built here: the window's rankings use it as it is
            self.listed.emit(lib.tracks(), lib.problems())
        except MoodtuneError as exc:
            from desktop.ui.dialogs import LANGUAGE

            log.warning("library import failed: %s", exc)
            error = exc.for_dialog(LANGUAGE["ui"])[0]
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, traceback logged
            log.exception("library import failed")
            error = QCoreApplication.translate(
                "LibraryImport", "Your music could not be read ({0}). Details are in the log."
            ).format(type(exc).__name__)
        self.finished.emit(result, error)


class LibraryImport(QObject):
    """Owner of the import thread.  ``start(folders)``; ``cancel()``; signals from the worker."""

    progress = Signal(str, int, int)
    listed = Signal(object, object)
    finished = Signal(object, str)
    _job = Signal(object)

    def __init__(self, service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self._next: list | None = None  # a scan asked for while another job ran
        self._thread = QThread(self)
        self._thread.setObjectName("moodtune-library")
        self._worker = _Worker(service)
        self._worker.moveToThread(self._thread)
        self._job.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.listed.connect(self.listed)
        self._worker.finished.connect(self._finished)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self, folders: list | None) -> bool:
        """Run a job.  While one runs, a scan waits for it (one at a time; the latest request
        wins) and True is still returned; a request to list only is dropped then (False)."""
        if self.busy:
            if folders is None:
                return False
            self._next = folders
            return True
        self.busy = True
        self._worker.cancel.clear()
        self._job.emit(folders)
        return True

    def cancel(self) -> None:
        self._worker.cancel.set()

    def _finished(self, result, error: str) -> None:
        self.busy = False
        queued, self._next = self._next, None
        if queued is not None and not self._worker.cancel.is_set():
            self.start(queued)  # before ``finished`` goes out: listeners see the next job as running
        self.finished.emit(result, error)

    def stop(self) -> None:
        """Cancel what runs and end the thread (the window closes)."""
        self._worker.cancel.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
