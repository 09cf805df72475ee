"""The frozen Windows exe hides only a console that was created for it (desktop/core/windows_console.py).

Windows itself is not available here: the Win32 calls are stood in for, so the decision
(hide a console listing this process alone, keep a terminal's) is what is tested.
"""

from __future__ import annotations

import sys

from desktop.core.windows_console import SW_HIDE, hide_own_console


class _Kernel32:
    def __init__(self, hwnd: int, processes: int) -> None:
        self.hwnd, self.processes = hwnd, processes

    def GetConsoleWindow(self) -> int:
        return self.hwnd

    def GetConsoleProcessList(self, buf, size) -> int:
        return self.processes


class _User32:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def ShowWindow(self, hwnd: int, cmd: int) -> None:
        self.calls.append((hwnd, cmd))


def test_console_made_for_the_window_is_hidden():
    user32 = _User32()
    assert hide_own_console(apis=(_Kernel32(hwnd=42, processes=1), user32)) is True
    assert user32.calls == [(42, SW_HIDE)]


def test_terminal_console_is_kept():
    user32 = _User32()
    assert hide_own_console(apis=(_Kernel32(hwnd=42, processes=2), user32)) is False
    assert user32.calls == []


def test_no_console_and_other_systems():
    user32 = _User32()
    assert hide_own_console(apis=(_Kernel32(hwnd=0, processes=0), user32)) is False
    assert user32.calls == []
    if sys.platform != "win32":
        assert hide_own_console() is False
