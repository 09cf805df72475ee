"""Opening song links in the browser, with the clipboard as the fallback when none opens."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication


def open_links(urls: list[str]) -> list[str]:
    """Open ``urls`` in the browser, in order; the ones that were not opened.  After the first failure
    no other is tried (with no browser each try fails the same way), and when none opened the answer
    is every link, so the caller can put all of them on the clipboard, not only the last."""
    for i, url in enumerate(urls):
        if not QDesktopServices.openUrl(QUrl(url)):
            return list(urls[i:]) if i else list(urls)
    return []


def copy_links(urls: list[str]) -> None:
    """All of ``urls`` on the clipboard, one a line (a later copy does not replace an earlier one)."""
    QApplication.clipboard().setText("\n".join(urls))
