"""Light, dark or the system's colours (Settings → Theme), applied at once to the whole app.

"system" leaves Qt's own choice alone; "light" and "dark" use Fusion with a palette of their own, as
desktops with no Qt colour scheme (GNOME without a Qt platform theme, Xvfb) always came out light."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEMES = ("system", "light", "dark")
_DARK = {
    "Window": "#202124",
    "WindowText": "#e8eaed",
    "Base": "#171717",
    "AlternateBase": "#26272b",
    "Text": "#e8eaed",
    "Button": "#2d2e31",
    "ButtonText": "#e8eaed",
    "Highlight": "#3b82f6",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#2d2e31",
    "ToolTipText": "#e8eaed",
    "PlaceholderText": "#9aa0a6",
    "Link": "#8ab4f8",
    "BrightText": "#ffffff",
    "Light": "#3c3d41",
    "Midlight": "#333438",
    "Mid": "#2a2b2e",
    "Dark": "#151516",
    "Shadow": "#000000",
}
_DARK_DISABLED = {"WindowText": "#7f8389", "Text": "#7f8389", "ButtonText": "#7f8389"}

_system: tuple[str, QPalette] | None = None  # the style and palette the app had before a theme was chosen


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in _DARK.items():
        pal.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        pal.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor(colour))
    return pal


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


def apply_theme(theme: str) -> None:
    """Colour the running app: ``system``, ``light`` or ``dark`` (anything else counts as system)."""
    global _system
    app = QApplication.instance()
    if app is None:
        return
    if _system is None:
        if theme not in ("light", "dark"):
            return  # never changed: Qt's own choice stays exactly as it was
        _system = (app.style().name(), QPalette(app.palette()))
    if theme in ("light", "dark"):
        style, palette = "Fusion", dark_palette() if theme == "dark" else light_palette()
    else:
        style, palette = _system
    app.setStyle(style)
    app.setPalette(palette)
    for widget in app.allWidgets():  # style sheets that name palette(...) colours pick the new ones up
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()
