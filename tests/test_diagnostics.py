"""Crash diagnostics: a native crash and Qt's own messages leave a trace in the per-user log.

Why: a segfault in onnxruntime or Qt, a platform plugin that fails, or a qFatal left an empty
log (the window has no terminal for Qt's stderr).  The crashes run in a child process.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import qCritical, qWarning

from desktop.ui import diagnostics
from tests.helpers import ROOT


def _run_child(code: str, profile) -> tuple[subprocess.CompletedProcess, str]:
    env = {
        **os.environ,
        "MOODTUNE_DATA_DIR": str(profile),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PYTHONFAULTHANDLER": "",
    }
    res = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    log_file = profile / "logs" / "moodtune.log"
    return res, log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""


@pytest.mark.subprocess
def test_a_native_crash_in_the_window_leaves_a_trace_in_the_log(tmp_path):
    """run_app itself enables both: a qWarning and then a segfault from inside its event loop."""
    res, text = _run_child(
        """
        import faulthandler
        from PySide6.QtCore import QTimer, qWarning
        import desktop.ui.app as a

        create = a.create_application
        def create_and_crash(argv=None):
            app = create(argv)
            QTimer.singleShot(0, lambda: (qWarning("a warning from the window"), faulthandler._sigsegv()))
            return app
        a.create_application = create_and_crash
        a.run_app([])
    """,
        tmp_path / "profile",
    )
    assert res.returncode != 0, res.stdout + res.stderr
    assert "starting Moodtune" in text
    assert "WARNING moodtune.qt: Qt: a warning from the window" in text
    assert "Fatal Python error: Segmentation fault" in text, text + res.stderr
    assert "create_and_crash" in text or "<lambda>" in text  # the Python stack of the crashing thread


@pytest.mark.subprocess
def test_qfatal_is_logged_before_qt_aborts(tmp_path):
    res, text = _run_child(
        """
        from PySide6.QtCore import qFatal
        from desktop.ui import app, diagnostics
        diagnostics.install(app.setup_logging())
        qFatal("the platform plugin could not be loaded")
    """,
        tmp_path / "profile",
    )
    assert res.returncode != 0
    # PySide6 passes the text on as a warning, then calls Qt's qFatal with a fixed text
    assert "moodtune.qt: Qt: the platform plugin could not be loaded" in text, text + res.stderr
    assert "CRITICAL moodtune.qt: Qt:" in text
    assert "Fatal Python error: Aborted" in text  # and faulthandler's trace of the abort


def test_qt_warnings_and_criticals_go_to_the_log(caplog):
    diagnostics.install_qt_message_handler()
    with caplog.at_level(logging.INFO, logger="moodtune"):
        qWarning("QFont::setPointSize: Point size <= 0 (0), must be greater than 0")
        qCritical("a critical one")
    got = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert (
        "moodtune.qt",
        logging.WARNING,
        "Qt: QFont::setPointSize: Point size <= 0 (0), must be greater than 0",
    ) in got
    assert ("moodtune.qt", logging.ERROR, "Qt: a critical one") in got


def test_fault_handler_follows_the_log_after_a_rollover(tmp_path):
    import faulthandler

    log_file = tmp_path / "moodtune.log"
    try:
        assert diagnostics.enable_fault_handler(log_file) == log_file
        log_file.rename(tmp_path / "moodtune.log.1")  # what RotatingFileHandler does
        diagnostics.follow_rollover()
        faulthandler.dump_traceback(file=diagnostics._fault_file)  # the stream a crash would use
        diagnostics._fault_file.flush()
        assert "test_fault_handler_follows_the_log_after_a_rollover" in log_file.read_text()
        assert (tmp_path / "moodtune.log.1").read_text() == ""
    finally:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)  # back to pytest's own
        diagnostics._fault_file = diagnostics._fault_path = None
