"""Crash diagnostics for the window: native crashes and Qt's own messages end up in the log.

Why: a segfault in a native library (onnxruntime, Qt, a platform plugin), a Qt plugin that
fails to load, or a ``qFatal`` used to leave nothing in ``moodtune.log``: Qt printed to a
stderr nobody sees (the window has no terminal) and a native crash printed nothing at all.

- ``faulthandler`` writes Python's tracebacks of every thread into the per-user log file on
  SIGSEGV, SIGFPE, SIGABRT, SIGBUS and SIGILL.  It writes through its own file descriptor,
  opened for appending (O_APPEND: its lines land at the end whatever the logging handler
  wrote), and it follows the log when the rotating handler starts a new file.
- A Qt message handler sends qDebug/qInfo/qWarning/qCritical/qFatal to the ``moodtune.qt``
  logger; the logger is flushed before Qt aborts on qFatal.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import IO

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("moodtune.qt")

_fault_file: IO[str] | None = None
_fault_path: Path | None = None

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _open_append(path: Path) -> IO[str]:
    """The log file for appending; never through a link (the log folder is the user's)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o600), "a", encoding="utf-8")


def enable_fault_handler(log_file: Path | None) -> Path | None:
    """Native crashes dump every thread's traceback into ``log_file`` (stderr when it is None,
    e.g. the log folder could not be written); returns the file used, None for stderr or nothing."""
    global _fault_file, _fault_path
    old = _fault_file
    if log_file is None:
        _fault_file = _fault_path = None
        if sys.stderr is not None:  # pythonw (the gui-script on Windows) has no stderr
            faulthandler.enable(file=sys.stderr, all_threads=True)
        else:
            faulthandler.disable()
    else:
        try:
            stream = _open_append(log_file)
        except OSError as exc:
            logging.getLogger("moodtune").warning("crash traces not written to %s: %s", log_file, exc)
            return enable_fault_handler(None)
        faulthandler.enable(file=stream, all_threads=True)  # re-pointed before the old file is closed
        _fault_file, _fault_path = stream, log_file
    if old is not None:
        old.close()
    return _fault_path


def follow_rollover() -> None:
    """The rotating log moved ``moodtune.log`` aside: crash traces go to the new file."""
    if _fault_path is not None:
        enable_fault_handler(_fault_path)


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(mode, logging.WARNING)
    category = getattr(context, "category", None)
    where = f" [{category}]" if category and category != "default" else ""
    log.log(level, "Qt%s: %s", where, message)
    if mode == QtMsgType.QtFatalMsg:  # Qt aborts when this returns: the line must be on disk first
        for handler in logging.getLogger("moodtune").handlers:
            handler.flush()


def install_qt_message_handler() -> None:
    """Qt's warnings, criticals and fatals go to the log (they went to an unseen stderr)."""
    qInstallMessageHandler(_qt_message)


def install(log_file: Path | None) -> None:
    """Both, for the window's start-up (``run_app``)."""
    enable_fault_handler(log_file)
    install_qt_message_handler()
