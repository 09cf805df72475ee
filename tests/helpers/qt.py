"""Waits for Qt events instead of fixed sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _PaintSpy(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


@contextmanager
def wait_for_paint(qtbot, widget: QWidget, timeout: int = 5000) -> Iterator[None]:
    """Runs the block, then waits until ``widget`` has been painted and the event loop has gone once
    more round its zero-timers (work a paint handler posts with ``QTimer.singleShot(0)`` has run)."""
    spy = _PaintSpy(widget)
    try:
        yield
        qtbot.waitUntil(lambda: spy.painted, timeout=timeout)
        after = []
        QTimer.singleShot(0, lambda: after.append(1))
        qtbot.waitUntil(lambda: after == [1], timeout=timeout)
    finally:
        widget.removeEventFilter(spy)
        spy.deleteLater()
