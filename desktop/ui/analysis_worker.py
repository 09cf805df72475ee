"""Runs long analyses on a background thread so the window keeps painting.

A status message takes a few milliseconds and is analysed on the GUI thread; a pasted
10,000-character diary page takes about a second, which would freeze the window.  The
worker lives in its own ``QThread`` and handles one request at a time; every request
carries a number so the window can ignore answers to texts the user has since replaced.
onnxruntime sessions may be run from several threads at once, so a short text analysed
on the GUI thread meanwhile is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from desktop.core.errors import MoodtuneError

log = logging.getLogger("moodtune.ui")


class _Worker(QObject):
    done = Signal(int, object)  # request number, the analysis
    failed = Signal(int, str)  # request number, message for the user

    def __init__(self, analyze: Callable[[str], object]) -> None:
        super().__init__()
        self._analyze = analyze

    @Slot(int, str)
    def run(self, request: int, text: str) -> None:
        # Every request is answered, whatever happens: an unanswered one would leave the busy
        # cursor on forever.  Dialogs are the GUI thread's business; here we only log and report.
        try:
            result = self._analyze(text)
        except MoodtuneError as exc:
            from desktop.ui.dialogs import LANGUAGE

            log.warning("text not analysed: %s", exc)
            self.failed.emit(request, exc.for_dialog(LANGUAGE["ui"])[0].replace("\n\n", " "))
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, traceback logged
            log.exception("background analysis failed")
            self.failed.emit(request, QCoreApplication.translate(
                "AnalysisThread", "The text could not be analysed ({0}). Details are in the log.")
                .format(type(exc).__name__))
        else:
            self.done.emit(request, result)


class AnalysisThread(QObject):
    """Owner of the worker thread.  ``submit`` queues a text; ``done``/``failed`` answer it."""

    done = Signal(int, object)
    failed = Signal(int, str)
    _request = Signal(int, str)

    def __init__(self, analyze: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("moodtune-analysis")
        self._worker = _Worker(analyze)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)  # queued: runs on the worker thread
        self._worker.done.connect(self.done)
        self._worker.failed.connect(self.failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:  # a QThread destroyed while running aborts the process
            app.aboutToQuit.connect(self.stop)

    def submit(self, request: int, text: str) -> None:
        self._request.emit(request, text)

    def stop(self) -> None:
        """Let the current analysis finish, then end the thread (called when the window closes)."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
