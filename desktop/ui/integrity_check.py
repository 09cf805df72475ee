"""The profile's integrity check, run after the window's first frame on a background thread.

Why: ``PRAGMA quick_check`` reads the whole database (a heavy user's profile is 100+ MB, and a
disk may be slow); at open it delayed the first frame (docs/BENCHMARKS.md, issue 21).  It is needed only when the
last run did not close cleanly (``desktop.profile.clean_close``), and then the window starts
first and the check follows, like the model's warm-up: a plain daemon thread started from the
first-frame callback.  Damage it finds is handed to the GUI thread as a signal (a queued
connection: the receiver lives there), which shows the same "damaged profile" dialog as a start.
Until the check has run, the store holds back writes itself (``UserStore._writable``).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import DamagedUserDataError
from desktop.profile.null_store import NoStore
from desktop.profile.user_store import PENDING, UserStore

log = logging.getLogger("moodtune.ui")


class DeferredIntegrityCheck(QObject):
    """``start()`` runs ``store.check_integrity`` on a thread of its own (nothing when no check is
    pending); ``damaged`` carries the DamagedUserDataError to the GUI thread; ``finished`` follows
    every run, damaged or not."""

    damaged = Signal(object)
    finished = Signal()

    def __init__(self, store: UserStore | NoStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._thread: threading.Thread | None = None

    @property
    def needed(self) -> bool:
        return getattr(self._store, "integrity", None) == PENDING  # no profile (NoStore): nothing to check

    def start(self) -> None:
        if not self.needed or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="moodtune-integrity", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if not isinstance(self._store, NoStore):  # no profile (NoStore): nothing to check (nor ``needed``)
                self._store.check_integrity()
        except DamagedUserDataError as exc:
            self.damaged.emit(exc)
        except Exception:  # noqa: BLE001 - a check that fails to run is logged; the writes report it
            log.exception("the integrity check of the saved data did not run")
        finally:
            self.finished.emit()

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running check end before the store closes (the window closed at once)."""
        if self._thread is not None:
            self._thread.join(timeout)
