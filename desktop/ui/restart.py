"""Start Moodtune again once this process has ended (Settings → Language offers it, #33).

The new process is started from ``atexit``: by then the window has closed, the user data is written
and this run's single-instance socket is on its way out, so the new window does not find the old
one and hand itself over to it."""

from __future__ import annotations

import atexit
import logging
import subprocess
import sys

log = logging.getLogger("moodtune.ui")


def restart_command() -> list[str]:
    """How this process was started: the bundled executable, or ``python -m desktop``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, "-m", "desktop", *sys.argv[1:]]


def _start(command: list[str]) -> None:
    try:
        subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL)  # noqa: S603 (our own argv)
    except OSError as exc:
        log.error("Moodtune was not restarted: %s", exc)


def schedule_restart() -> None:
    """Start Moodtune again when this process exits (the caller then closes the window)."""
    atexit.register(_start, restart_command())
