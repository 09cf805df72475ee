"""The window's one way to work off the GUI thread and come back to it (MusicBrainz Picard's
``run_task`` / ``to_main`` are the model).

Why one helper: the window used to have three mechanisms (a ``QThread`` worker object with its
own signals for long analyses, a ``threading.Thread`` for the model's warm-up, and a queued
signal to bring crash reports to the GUI thread), each with its own rules for errors and for
shutting down.  Now:

* ``to_main(func, *args)`` runs ``func(*args)`` on the GUI thread, later (queued), from any
  thread; with ``receiver``, not at all once that Qt object is deleted.
* ``TaskQueue.run_task(func, callback)`` runs ``func()`` on the queue's own background thread,
  one task after another in order, then ``callback(result, error)`` on the GUI thread: every task
  is answered, whatever it raised (an unanswered one left the busy cursor on forever).
* ``TaskQueue.wait()`` lets the running task finish: a thread still running when the process
  ends aborts it (onnxruntime creating a session, Qt's "destroyed while thread is still running").
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("moodtune.ui")

Callback = Callable[[Any, "BaseException | None"], None]


class _Bridge(QObject):
    """Lives on the GUI thread; ``post`` may be emitted from any thread (queued connection)."""

    post = Signal(object, object)  # receiver (or None), the call

    def __init__(self) -> None:
        super().__init__()
        self.post.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _run(self, receiver: QObject | None, call: Callable[[], object]) -> None:
        if receiver is not None and not shiboken6.isValid(receiver):
            return  # its window was closed and deleted meanwhile: nobody is waiting for the answer
        call()


_bridge: _Bridge | None = None
_bridge_lock = threading.Lock()


def _the_bridge() -> _Bridge:
    global _bridge
    with _bridge_lock:
        if _bridge is None or not shiboken6.isValid(_bridge):
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("to_main needs the Qt application object")
            bridge = _Bridge()
            bridge.moveToThread(app.thread())
            _bridge = bridge
        return _bridge


def to_main(func: Callable[..., object], *args: object, receiver: QObject | None = None, **kwargs: object) -> None:
    """``func(*args, **kwargs)`` on the GUI thread, after the current event (also when called there)."""
    _the_bridge().post.emit(receiver, functools.partial(func, *args, **kwargs))


class TaskQueue:
    """One background thread that runs tasks in the order they came, each answered on the GUI thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)  # in order, one at a time: the window numbers its requests

    def run_task(
        self, func: Callable[[], object], callback: Callback | None = None, receiver: QObject | None = None
    ) -> None:
        """Run ``func()`` on the queue's thread; then ``callback(result, None)`` or, when it raised,
        ``callback(None, error)`` on the GUI thread (without a callback an error is logged)."""

        def job() -> None:
            threading.current_thread().name = self.name  # in logs and crash reports
            try:
                result = func()
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
                if callback is None:
                    log.error("%s failed", self.name, exc_info=exc)
                else:
                    to_main(callback, None, exc, receiver=receiver)
            else:
                if callback is not None:
                    to_main(callback, result, None, receiver=receiver)

        self._pool.start(job)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Let the running and queued tasks finish (at most ``timeout_ms``); whether they did."""
        return self._pool.waitForDone(timeout_ms)

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0
