"""The window's profile and lifecycle defects (audit 2026-12-02: D2, D3, D4)."""

from __future__ import annotations

import pytest
from test_ui import type_and_wait

from desktop.library.catalog import Catalog
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from desktop.ui import main_window as mw
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, model, small_catalog, tmp_path):
    service = Moodtune(model, Catalog.open(small_catalog), UserStore(tmp_path / "profile"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    w.show()
    yield w
    service.close()


@pytest.mark.ui
def test_window_refuses_to_export_onto_its_own_store(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(mw, "show_error", lambda parent, title, err: shown.append((title, str(err))))
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.vote(0, 1)
    db = window.service.store.path
    assert window.export_to(str(db), "csv") is None
    assert window.playlist_to(str(db.with_name("moodtune.db-wal")), "m3u8") is None
    assert [t for t, _ in shown] == ["Export failed", "Export failed"]
    assert "Moodtune's own saved data" in shown[0][1]
    window.vote(1, -1)
    assert len(window.service.votes()) == 2


@pytest.mark.ui
def test_window_imports_exported_votes(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(mw, "show_error", lambda parent, title, err: shown.append((title, str(err))))
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.vote(0, 1)
    out = tmp_path / "v.json"
    assert window.export_to(str(out), "json") == 1
    window.service.reset_votes()
    assert window.import_from(str(out)) == (1, 0)
    assert window.import_from(str(out)) == (0, 1)
    assert len(window.service.votes()) == 1 and not shown
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n", encoding="utf-8")
    assert window.import_from(str(bad)) is None and shown[0][0] == "Import failed"


# ---- D4: an exception while the window is built is a dialog, never a QThread abort
_BUILD_FAILS = r"""
import os, sys
from PySide6.QtWidgets import QMessageBox
shown = []
QMessageBox.exec = lambda self: shown.append(self.text() + " | " + self.detailedText()) or 0
from desktop.service import Moodtune
how = sys.argv[1]
if how == "year_range":
    def boom(self):
        raise TypeError("'<' not supported between instances of 'str' and 'int'")
    Moodtune.year_range = boom
elif how == "state":
    from desktop.profile.user_store import UserStore
    s = UserStore(); s.db.execute_sql("insert or replace into settings values('year_min','100000000000')"); s.close()
from desktop.ui import app
rc = app.run_app([])
print("RC", rc, "SHOWN", len(shown), shown[:1])
"""


@pytest.mark.subprocess
@pytest.mark.ui
@pytest.mark.parametrize("how", ["year_range", "state"])
def test_a_window_that_fails_to_build_shows_a_dialog_not_an_abort(tmp_path, how):
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MOODTUNE_QUIT_WHEN_SHOWN": "1",
        "MOODTUNE_DATA_DIR": str(tmp_path / "p"),
        "MOODTUNE_THREADS": "1",
    }
    r = subprocess.run(
        [sys.executable, "-c", _BUILD_FAILS, how], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert "QThread: Destroyed" not in r.stderr
    assert r.returncode == 0, r.stderr[-2000:]
    if how == "state":  # a stored year that overflows the year boxes is dropped: the window shows
        assert "RC 0 SHOWN 0" in r.stdout
    else:
        assert "RC 1 SHOWN 1" in r.stdout and "TypeError" in r.stdout  # the detail is behind "Show Details"


# ---- D3 (crash handler): never nested, rate-limited
@pytest.mark.ui
def test_crash_dialogs_are_never_nested_and_rate_limited(qtbot, qapp, monkeypatch):
    import sys
    import threading

    from PySide6.QtCore import QCoreApplication

    from desktop.ui import dialogs

    depth, shown = [0], []

    def fake_show(parent, title, err):  # like exec(): runs the event loop while "open"
        depth[0] += 1
        shown.append(depth[0])
        reporter.report(RuntimeError("again"))  # an error on every paint
        QCoreApplication.processEvents()  # the dialog's own event loop delivers it while "open"
        depth[0] -= 1

    monkeypatch.setattr(dialogs, "show_error", fake_show)
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    try:
        reporter = dialogs.install_crash_handler(qapp)
        for _ in range(10):
            reporter.report(RuntimeError("paint"))
        # every report handled: the 10 and the one each shown dialog raised
        qtbot.waitUntil(lambda: reporter.shown + reporter.not_shown == 10 + len(shown), timeout=5000)
        assert shown and max(shown) == 1  # one dialog at a time
        assert reporter.shown == len(shown) <= dialogs.MAX_DIALOGS
        assert reporter.not_shown >= 10 - dialogs.MAX_DIALOGS
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook


# ---- D9: the hand-over socket lives where only this user can reach it
@pytest.mark.ui
def test_socket_lives_in_the_users_runtime_folder(tmp_path, monkeypatch):
    import os

    from desktop.ui import single_instance as si

    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    assert si.server_name().startswith(str(run) + os.sep)
    run.chmod(0o755)  # a runtime folder others can enter is not used
    monkeypatch.setattr(si.tempfile, "gettempdir", lambda: str(tmp_path))
    assert si.server_name().startswith(str(tmp_path / f"moodtune-{os.getuid()}") + os.sep)
    assert (os.stat(tmp_path / f"moodtune-{os.getuid()}").st_mode & 0o777) == 0o700


@pytest.mark.ui
def test_a_socket_planted_by_another_user_is_not_handed_over_to(qtbot, monkeypatch):
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from PySide6.QtNetwork import QLocalServer

    from desktop.ui import single_instance as si

    # a short temp folder of its own, not tmp_path: a socket path is limited to ~106 bytes, and
    # pytest-xdist's tmp_path (.../pytest-N/popen-gwN/test_a_socket_planted_by_anoth0/) made it 107
    short = Path(tempfile.mkdtemp(prefix="mt"))  # before gettempdir is patched: mkdtemp calls it
    try:
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        monkeypatch.setattr(si.tempfile, "gettempdir", lambda: str(short))
        planted = short / f"moodtune-{os.getuid()}"
        planted.mkdir(mode=0o777)
        planted.chmod(0o777)  # the squatter made it first, for everyone
        if os.getuid() == 0:
            os.chown(planted, 65534, 65534)
        squat = QLocalServer()
        digest = __import__("hashlib").sha256(str(si.paths.user_data_dir().resolve()).encode()).hexdigest()
        assert squat.listen(str(planted / ("moodtune-" + digest[:16])))
        try:
            assert si.server_name() is None
            assert not si.hand_over(200)  # so the app starts its own window
        finally:
            squat.close()
    finally:
        shutil.rmtree(short, ignore_errors=True)


@pytest.mark.ui
def test_new_strings_are_translated(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from desktop.core.errors import (
        DiskFullError,
        FeedbackImportError,
        LockedUserDataError,
        NewerUserDataError,
        OptionError,
        ProtectedFileError,
        UnsafeUserDataError,
    )
    from tests.helpers import ROOT

    tr = QTranslator()
    assert tr.load(str(ROOT / "resources" / "i18n" / "moodtune_ko.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        for source in (
            "&Import feedback…",
            "Import feedback",
            "Import failed",
            "Imported {0} votes from {1} ({2} were already there)",
        ):
            assert QCoreApplication.translate("MainWindow", source) != source
    finally:
        QCoreApplication.removeTranslator(tr)
    for cls in (
        DiskFullError,
        FeedbackImportError,
        LockedUserDataError,
        NewerUserDataError,
        OptionError,
        ProtectedFileError,
        UnsafeUserDataError,
    ):
        ko = cls("detail").localized("ko")
        assert ko.endswith("(detail)") and any("\uac00" <= c <= "\ud7a3" for c in ko.split("(detail)")[0])
        assert cls("detail").localized("en").startswith("detail")


@pytest.mark.ui
def test_run_app_gives_the_gui_thread_a_short_busy_timeout(qtbot, monkeypatch, tmp_path):
    import threading

    from desktop.profile.user_store import UserStore as Store
    from desktop.ui import app as app_module

    calls = []
    monkeypatch.setattr(
        Store,
        "use_short_busy_timeout",
        lambda self, ms=250: calls.append(threading.current_thread() is threading.main_thread()),
    )
    monkeypatch.setenv("MOODTUNE_QUIT_WHEN_SHOWN", "1")
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "p"))
    assert app_module.run_app([]) == 0
    assert calls == [True]


def test_cli_playlist_onto_the_store_is_refused(capsys, tmp_path):
    from desktop.cli import main
    from desktop.profile.user_store import UserStore as Store

    s = Store()
    s.close()
    before = s.path.read_bytes()
    link = tmp_path / "list.m3u8"
    link.symlink_to(s.path)
    assert main(["recommend", "오늘 너무 행복해", "--playlist", str(link), "--top", "3"]) == 2
    assert "Moodtune's own saved data" in capsys.readouterr().err
    assert s.path.read_bytes() == before
