"""Windows: hide the console window that Windows opened only because the window was started.

Why: the frozen ``moodtune.exe`` is a console program, so ``moodtune.exe analyze ...`` and
``--self-test`` print in a terminal.  Started from Explorer or the Start menu, Windows gives it a
new console of its own, which would sit next to the window.  A console that was there before
(a terminal the user typed into) lists that terminal's shell too; only one that lists this
process alone was made for it and is hidden.  (PyInstaller's one-folder launcher runs the app in
its own process, so there is no second one to count.)
"""

from __future__ import annotations

import sys
from typing import Any

SW_HIDE = 0


def _kernel32_user32() -> tuple[Any, Any]:
    import ctypes

    return ctypes.WinDLL("kernel32"), ctypes.WinDLL("user32")  # type: ignore[attr-defined]


def hide_own_console(apis: tuple[Any, Any] | None = None) -> bool:
    """Hide the console if it exists only for this process; True when hidden.  No-op elsewhere."""
    if apis is None:
        if sys.platform != "win32":
            return False
        apis = _kernel32_user32()
    kernel32, user32 = apis
    hwnd = kernel32.GetConsoleWindow()
    if not hwnd:
        return False  # pythonw / the moodtune-gui entry point: no console at all
    import ctypes

    pids = (ctypes.c_uint32 * 4)()
    count = kernel32.GetConsoleProcessList(pids, len(pids))
    if count != 1:
        return False  # a terminal the user started us from: keep it
    user32.ShowWindow(hwnd, SW_HIDE)
    return True
