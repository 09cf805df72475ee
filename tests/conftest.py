"""Shared fixtures.  Tests never touch the real user profile, the network or ../shared."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.bootstrap import bootstrap  # noqa: E402

bootstrap()  # as the entry points do, before numpy loads: the tests run the way the app runs

import pytest  # noqa: E402

from tests.helpers import ROOT, make_catalog, one_hot_mix, song_row  # noqa: E402

# Markers (registered, strictly, in pyproject.toml):
#   ui          uses a Qt widget or the application object (qtbot, qapp): checked at collection
#   subprocess  starts another process (the CLI, a crashing child, git, a build): checked as it runs
#   slow        builds a wheel or a venv (minutes)
# so `-m "not ui"`, `-m "not subprocess"` or `-m "not slow"` select what they say.
QT_FIXTURES = {"qtbot", "qapp"}


def pytest_collection_modifyitems(config, items):
    unmarked = [
        item.nodeid
        for item in items
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("ui") is None
    ]
    if unmarked:
        raise pytest.UsageError("tests using qtbot/qapp must be marked `ui`: " + ", ".join(unmarked))


@pytest.fixture(autouse=True)
def _subprocess_marked(request, monkeypatch):
    """A test that starts a process without the `subprocess` mark fails (so the mark can be trusted)."""
    if request.node.get_closest_marker("subprocess") is not None:
        yield
        return
    started = []
    real_init = subprocess.Popen.__init__

    def spy(self, args, *a, **kw):
        started.append(args)
        return real_init(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy)
    yield
    if started:
        pytest.fail(f"started a process without the `subprocess` mark: {started[0]!r}", pytrace=False)


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path, monkeypatch):
    """Every test gets its own per-user data folder."""
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "profile"))


@pytest.fixture(autouse=True)
def _short_typing_pause(request, monkeypatch):
    """Windows built in a `ui` test analyse 10 ms after the last keystroke, not 350 ms: the tests
    wait on the analysis itself (``qtbot.waitUntil``), never on the timer, so only the wait shrinks."""
    if request.node.get_closest_marker("ui") is not None:
        monkeypatch.setattr("desktop.ui.main_window.DEBOUNCE_MS", 10)


@pytest.fixture(scope="session")
def model():
    from desktop.engine.emotion_model import EmotionModel

    return EmotionModel(ROOT / "model", threads=1)


@pytest.fixture
def small_catalog(tmp_path) -> Path:
    """Six songs with known vectors: happy, sad, angry variants."""
    H, S, F, N, A, D, U = range(7)  # noqa: N806
    rows = [
        song_row("1", "happy pure", one_hot_mix(H, None, 0.88), year=2005, genre="댄스", melon_id=1),
        song_row("2", "happy sad", one_hot_mix(H, S, 0.5), year=2015, genre="발라드"),
        song_row("3", "sad pure", one_hot_mix(S, None, 0.88), year=2020, genre="발라드, 국내드라마"),
        song_row("4", "sad happy", one_hot_mix(S, H, 0.5), year=2001, genre="발라드"),
        song_row("5", "angry", one_hot_mix(A, None, 0.88), year=2012, genre="랩/힙합"),
        song_row("6", "angry sad", one_hot_mix(A, S, 0.5), year=2018, genre="록/메탈"),
    ]
    return make_catalog(tmp_path / "catalog.db", rows)


@pytest.fixture(autouse=True)
def _no_modifier_left_held():
    """After each test, no keyboard modifier is left "held" for the next one.

    Why: a ``qtbot.keyClick(..., ShiftModifier)`` (or Ctrl) whose press a shortcut or the widget
    consumed can leave Qt's modifier state set; a later test's ``QTableView.selectRow`` then read
    Shift as held and made an empty range selection (run test_ui.py, then test_ui_review2.py)."""
    yield
    from PySide6.QtWidgets import QApplication

    if not isinstance(QApplication.instance(), QApplication):
        return  # no widgets in this process (yet): nothing can be held
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    held = QGuiApplication.keyboardModifiers() | QGuiApplication.queryKeyboardModifiers()
    if held == Qt.KeyboardModifier.NoModifier:
        return
    target = QWidget()  # a widget of its own: the test's widgets may be gone or mid-teardown
    try:
        keys = (
            (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
            (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
            (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
            (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta),
        )
        for flag, key in keys:
            if held & flag:
                held &= ~flag
                QTest.keyRelease(target, key, held)  # the release carries the modifiers still down
    finally:
        target.deleteLater()
