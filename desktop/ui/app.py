"""QApplication set-up: logging, bundled Hangul font, translations, error dialogs.

Why here and not in the window: a missing model or catalog must still produce a
readable dialog (and a log file), and an unexpected exception anywhere in a slot
must be logged and shown, never end the process with a bare traceback.
"""

from __future__ import annotations

import enum
import logging
import os
import sys
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop import __version__
from desktop.core import paths
from desktop.core.errors import DamagedUserDataError, MoodtuneError
from desktop.core.languages import LANGUAGES, language_of
from desktop.profile.user_store import create_private_file
from desktop.ui.dialogs import LANGUAGE, install_crash_handler, set_language, show_error
from desktop.ui.tasks import TaskQueue

if TYPE_CHECKING:
    from desktop.service import PendingLoad
    from desktop.ui.single_instance import InstanceServer

log = logging.getLogger("moodtune")
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FONT_FAMILY = "NanumGothic"


class _LogFileHandler(RotatingFileHandler):
    """The per-user log; after a rollover the crash traces (faulthandler) follow the new file."""

    def doRollover(self) -> None:  # noqa: N802 (logging API)
        super().doRollover()
        from desktop.ui import diagnostics

        diagnostics.follow_rollover()


def setup_logging() -> Path | None:
    """Log to the per-user log folder; fall back to stderr when it cannot be written."""
    log.setLevel(logging.INFO)
    if log.handlers:
        return getattr(log, "_moodtune_file", None)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    refused = None
    try:
        folder = paths.user_log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        log_file = folder / "moodtune.log"
        # private (the log may quote the user's data); never through a link, never a FIFO (it blocked)
        create_private_file(log_file, "log")
        handler: logging.Handler = _LogFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        path: Path | None = folder / "moodtune.log"
    except (OSError, MoodtuneError) as exc:
        handler, path = logging.StreamHandler(sys.stderr), None
        refused = exc if isinstance(exc, MoodtuneError) else None
    handler.setFormatter(fmt)
    log.addHandler(handler)
    log._moodtune_file = path  # type: ignore[attr-defined]
    if refused is not None:
        log.warning("logging to stderr: %s", refused)
    return path


def load_fonts(app: QApplication) -> str | None:
    """Register the bundled OFL Korean font so Hangul renders on machines without one."""
    family = None
    for name in FONT_FILES:
        fid = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
        if fid >= 0 and not family:
            family = QFontDatabase.applicationFontFamilies(fid)[0]
    if family:
        font = QFont(app.font())
        font.setFamilies([family, *font.families()])
        app.setFont(font)
    else:
        log.warning("bundled Korean font not found in %s", paths.resources_dir() / "fonts")
    return family


def pick_language(setting: str | None) -> str:
    """The UI's language: the setting's, or the desktop's ('ko_KR' -> 'ko'; any other -> English)."""
    if setting in LANGUAGES:
        return setting
    return language_of(QLocale.system().name())


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Korean UI from resources/i18n (our strings) + Qt's own (standard buttons)."""
    set_language(language)
    installed: list[QTranslator] = []
    if language != "ko":
        return installed
    ours = QTranslator(app)
    if ours.load(str(paths.resources_dir() / "i18n" / "moodtune_ko.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(QLocale.Language.Korean), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)  # a widgets app: the instance, if any, is a QApplication too
    app.setApplicationName("Moodtune")
    app.setApplicationDisplayName("Moodtune")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Moodtune")
    app.setDesktopFileName("io.github.moodtune.moodtune")  # the .desktop file's id (Wayland app_id)
    icon = paths.resources_dir() / "icons" / "moodtune.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts(app)
    return app


def offer_fresh_start(exc: DamagedUserDataError) -> bool:
    """Ask to move the damaged file aside; True when it was moved (the caller tries again)."""
    return ask_fresh_start(exc) and move_damaged_aside(exc)


def ask_fresh_start(exc: DamagedUserDataError, parent: QWidget | None = None) -> bool:
    """The "damaged profile" dialog: True when the user chose to move the file aside and start fresh."""
    from PySide6.QtWidgets import QMessageBox

    text, detail = exc.for_dialog(LANGUAGE["ui"])  # in the UI's language (it was English in the Korean UI)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QApplication.translate("App", "Your saved data is damaged"),
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message names files: never rendered as HTML
    if detail:
        box.setDetailedText(detail)
    fresh = box.addButton(
        QApplication.translate("App", "Keep the damaged file aside and start fresh"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is fresh and exc.path is not None


def move_damaged_aside(exc: DamagedUserDataError) -> bool:
    """Rename the damaged file (kept for recovery); False, after an error dialog, when it cannot be."""
    from desktop.profile.user_store import move_aside

    try:
        moved = move_aside(exc.path)
    except OSError as err:
        show_error(None, QApplication.translate("App", "Moodtune cannot start"), err)
        return False
    log.warning("moved damaged %s aside to %s", exc.path, moved)
    return True


class FirstFrame(QObject):
    """Calls ``callback`` once, on the event-loop pass after the window's first paint.

    Why not ``QTimer.singleShot(0)`` after ``show()``: that timer may fire before the window
    system has asked for the first paint, so work it starts competes with the first frame.
    A fallback timer still calls back on a platform that never paints (no display).
    """

    def __init__(self, window: QWidget, callback: Callable[[], None], fallback_ms: int = 3000) -> None:
        super().__init__(window)
        self._window, self._callback, self._done = window, callback, False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if obj is self._window and event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._callback()


def run_app(argv: list[str] | None = None, pending: PendingLoad | None = None) -> int:
    """The window's event loop.  ``pending``: the service already loading in the background
    (``Moodtune.start_loading``); its errors are handled here like a load's own."""
    from desktop.ui import diagnostics

    diagnostics.install(setup_logging())  # native crashes and Qt's messages into the log, from here on
    app = create_application(argv)
    install_crash_handler(app)
    log.info("starting Moodtune %s", __version__)
    from desktop.ui.single_instance import InstanceServer, hand_over

    if hand_over():
        log.info("Moodtune already runs on this profile: asked it to come to the front")
        if pending is not None:  # let the background load finish (and close the profile) before leaving
            try:
                pending.result().close()
            except Exception:  # noqa: BLE001 - the running window reports its own problems
                pass
        return 0
    instance = InstanceServer(app)
    try:
        return _load_and_show(app, instance, pending)
    finally:
        instance.close()  # a failed or finished run leaves nothing listening on the profile


def _load_and_show(app: QApplication, instance: InstanceServer, pending: PendingLoad | None) -> int:
    """Load and show; once more, with a fresh profile, when the check after the first frame found
    the saved data damaged and the user chose to move it aside."""
    while True:
        code = _load_and_show_once(app, instance, pending)
        if code is not FRESH_START:
            return code
        pending = None


class _Again(enum.Enum):
    FRESH_START = enum.auto()


FRESH_START: Final = _Again.FRESH_START  # _load_and_show_once: the damaged file was moved aside; load again


def _load_and_show_once(
    app: QApplication, instance: InstanceServer, pending: PendingLoad | None
) -> int | Literal[_Again.FRESH_START]:
    """Load (or take the background load's result), show the window and run the event loop."""
    from desktop.service import Moodtune
    from desktop.ui.integrity_check import DeferredIntegrityCheck
    from desktop.ui.main_window import MainWindow

    service = None
    for _attempt in range(2):
        try:
            service = pending.result() if pending is not None else Moodtune.load(lazy_models=True, defer_integrity=True)
            break
        except DamagedUserDataError as exc:
            log.error("damaged user data: %s", exc)
            install_translations(app, pick_language(None))
            pending = None  # the next attempt loads again, after the file was moved aside
            if not offer_fresh_start(exc):
                return 1
        except Exception as exc:  # noqa: BLE001 - anything at start gets a dialog; the unexpected, a traceback
            if isinstance(exc, MoodtuneError):
                log.error("cannot start: %s", exc)
            else:
                log.exception("cannot start")
            install_translations(app, pick_language(None))
            show_error(None, QApplication.translate("App", "Moodtune cannot start"), exc)
            return 1
    if service is None:
        return 1
    if service.has_profile:  # this (the GUI) thread never waits the full busy timeout on a locked file
        try:
            service.store.use_short_busy_timeout()
        except MoodtuneError as exc:
            log.warning("short busy timeout not set: %s", exc)
    language = pick_language(service.setting("language"))
    install_translations(app, language)
    try:
        window = MainWindow(service, language=language)
    except DamagedUserDataError as exc:  # the check was deferred, and building the window met the damage
        log.error("damaged user data: %s", exc)
        service.close()
        return FRESH_START if ask_fresh_start(exc) and move_damaged_aside(exc) else 1
    except Exception as exc:  # noqa: BLE001 - a catalog or stored state the window cannot show: a dialog
        log.exception("the window could not be built")
        show_error(None, QApplication.translate("App", "Moodtune cannot start"), exc)
        service.close()
        return 1

    def to_front() -> None:  # another start asked this window to come to the front
        window.showNormal()
        window.raise_()
        window.activateWindow()

    instance.activate_requested.connect(to_front)
    window.show()
    # The model's session is created on a background thread once the first frame is on screen:
    # importing onnxruntime and the tokenizer holds the GIL for a while, so started any earlier it
    # could hold up that frame; a text typed before the model is ready waits for it.
    warm_up = TaskQueue("moodtune-warm-up")
    quit_when_shown = bool(os.environ.get("MOODTUNE_QUIT_WHEN_SHOWN"))
    # The profile's integrity check, when the last run did not close cleanly: after the first
    # frame too, on its own thread; damage found is the start's "damaged" dialog, over the window.
    integrity = DeferredIntegrityCheck(service.store, window)
    reported: list[DamagedUserDataError] = []
    fresh_start: list[DamagedUserDataError] = []

    def damaged(exc: DamagedUserDataError) -> None:
        reported.append(exc)  # first: ``checked`` may run inside the dialog's own event loop
        log.error("damaged user data: %s", exc)
        if ask_fresh_start(exc, window):
            fresh_start.append(exc)
            app.exit(0)
        elif quit_when_shown:
            app.exit(0)
        # otherwise the window stays, reading what it can; the store refuses every write, so the
        # file is never changed before the user chooses (the next start asks again)

    def checked() -> None:
        if quit_when_shown and not reported:
            app.exit(0)

    integrity.damaged.connect(damaged)
    integrity.finished.connect(checked)

    def first_frame() -> None:
        if quit_when_shown:  # benchmarks/cold_start.py: the window's first frame is on screen; leave
            print(f"MOODTUNE_SHOWN {time.time():.6f}", flush=True)
            if integrity.needed:  # once the check has answered (it may show the dialog first)
                integrity.start()
            else:
                app.exit(0)  # not quit(): that closes the window too, and its "last window closed" quit
                # arrives after the loop ended, so the process's next event loop would end at once
            return
        integrity.start()
        warm_up.run_task(service.warm_up)

    FirstFrame(window, first_frame)
    code = app.exec()
    # Nothing of this run may act after its loop ended (tests run the app several times in one
    # process): the window closes with "quit on last window closed" off, because a quit posted
    # outside the loop would make the next event loop (a dialog's, the next run's) end at once.
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    window.close()
    app.setQuitOnLastWindowClosed(quit_on_close)
    # A window closed at once must not leave onnxruntime creating a session while the process
    # ends (that aborts in C++): wait for the warm-up, which takes well under a second.
    warm_up.wait(10_000)  # nothing to wait for when the loop ended at once (MOODTUNE_QUIT_WHEN_SHOWN)
    integrity.wait()
    service.close()
    if fresh_start:
        return FRESH_START if move_damaged_aside(fresh_start[0]) else 1
    return code
