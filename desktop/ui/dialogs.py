"""Error dialogs and the crash handler, shared by the app set-up and the window.

Why a module of its own: the window and ``app.py`` both show errors, and importing them from
``app.py`` made the window and the app import each other.  The crash handler follows
Picard's: an exception anywhere (a slot, a worker thread, a Python thread) is logged with its
traceback; a dialog is shown only on the GUI thread, reached through a queued signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.errors import MoodtuneError
from desktop.ui.tasks import to_main

log = logging.getLogger("moodtune")


MAX_DIALOGS = 3  # crash dialogs shown per DIALOG_WINDOW_S; more errors are only logged and counted
DIALOG_WINDOW_S = 60.0
LANGUAGE = {"ui": "en"}  # set once at start-up (``set_language``): the language of error texts


def set_language(lang: str) -> None:
    LANGUAGE["ui"] = lang


def error_text(err: BaseException) -> tuple[str, str]:
    """(the message, its details) of an error in the UI's language.  A domain error has its own
    summary and hint; anything else is "something unexpected" with the exception as the detail."""
    if isinstance(err, MoodtuneError):
        return err.for_dialog(LANGUAGE["ui"])
    if isinstance(err, OSError):
        text = QApplication.translate(
            "App",
            "A file could not be read or written. Check the folder's permissions "
            "and the free disk space, then try again.",
        )
    else:
        text = QApplication.translate("App", "Something unexpected went wrong. What you already saved is kept.")
    return text, f"{type(err).__name__}: {err}"


def show_error(parent, title: str, err: BaseException) -> None:
    """A dialog that says what happened and what to do (in the UI's language), plus where the log is;
    the technical detail sits behind "Show Details…"."""
    text, detail = error_text(err)
    log_path = getattr(log, "_moodtune_file", None)
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote data files: never rendered as HTML (D8)
    if log_path:
        box.setInformativeText(QApplication.translate("App", "Details are in the log file:\n{0}").format(log_path))
    if detail:
        box.setDetailedText(detail)
    box.exec()


def confirm(parent, title: str, question: str, action: str = "") -> bool:
    """A question with Cancel as the default, for anything that cannot be undone; ``action`` names the
    destructive button ("Clear all") instead of a bare Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.Cancel, parent)
    if action:
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    else:
        yes = box.addButton(QMessageBox.StandardButton.Yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


class CrashReporter(QObject):
    """Lives on the GUI thread; ``report`` may be called from any thread (the dialog is built later,
    on the GUI thread, through ``desktop.ui.tasks.to_main``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown = 0
        self.not_shown = 0  # errors logged but not shown: one dialog was open, or too many came at once
        self._open = False
        self._recent: list[float] = []  # when the last dialogs opened (monotonic seconds)

    def report(self, exc: BaseException) -> None:
        to_main(self._show, exc, receiver=self)

    def _show(self, exc: BaseException) -> None:
        """One dialog at a time, at most MAX_DIALOGS per DIALOG_WINDOW_S seconds.

        Why: an error raised on every paint (a malformed catalog row) used to open a dialog per
        error, each ``exec()`` nesting an event loop that painted and opened the next, until
        ``RecursionError``.  Every error is still logged (by the hook); the rest are counted."""
        now = time.monotonic()
        self._recent = [t for t in self._recent if now - t < DIALOG_WINDOW_S]
        if self._open or len(self._recent) >= MAX_DIALOGS:
            self.not_shown += 1
            log.warning(
                "error dialog not shown (%s); %d errors not shown so far",
                "one is open" if self._open else "too many errors at once",
                self.not_shown,
            )
            return
        self._open = True
        self._recent.append(now)
        self.shown += 1
        try:
            show_error(QApplication.activeWindow(), QApplication.translate("App", "Moodtune ran into a problem"), exc)
        finally:
            self._open = False


def install_crash_handler(app: QApplication) -> CrashReporter:
    """Log every unhandled exception; show a dialog for it on the GUI thread only."""
    reporter = CrashReporter(app)

    def hook(exc_type, exc, tb) -> None:
        log.error(
            "unhandled error in %s:\n%s",
            threading.current_thread().name,
            "".join(traceback.format_exception(exc_type, exc, tb)),
        )
        if not isinstance(exc, KeyboardInterrupt):
            reporter.report(exc)  # queued: the dialog is built on the GUI thread

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)
    app._moodtune_crash_reporter = reporter  # keep it alive with the app
    return reporter
