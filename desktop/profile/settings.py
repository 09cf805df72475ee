"""Every stored setting, declared once: name, type, default and kind.

Why (as MusicBrainz Picard's option registry does): a key spelled in one place cannot
drift between the window, the dialog, the service and the store, and a value of the
wrong type or unreadable JSON in ``moodtune.db`` falls back to the declared default
instead of crashing the app.  ``kind`` separates the user's settings (shown in the
settings dialog, kept by "reset") from remembered window state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    name: str
    type: type | tuple[type, ...]
    default: Any
    kind: str  # "setting" (the user's choice) | "state" (remembered window state)
    choices: tuple | None = None
    doc: str = ""

    def coerce(self, value: Any) -> Any:
        """``value`` when it is valid for this option, else the default."""
        if isinstance(value, bool) and self.type is int:
            return self.default  # JSON true is not a number of songs
        if not isinstance(value, self.type):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return self.default
        if self.name == "top_n" and not 5 <= value <= 200:
            return self.default
        if self.name == "player_volume" and not 0 <= value <= 100:
            return self.default
        return value


OPTIONS: dict[str, Option] = {o.name: o for o in (
    Option("store_text", bool, True, "setting", doc="keep the text with votes and history"),
    Option("exclude_disliked", bool, False, "setting", doc="hide disliked songs for every mood"),
    Option("preferred_genres", list, [], "setting", doc="genres that get a small boost"),
    Option("blocked_artists", list, [], "setting", doc="artists never shown"),
    Option("prefer_liked_artists", bool, True, "setting", doc="a small boost for artists of songs you liked"),
    Option("language", str, "system", "setting", choices=("system", "ko", "en")),
    Option("theme", str, "system", "setting", choices=("system", "light", "dark"),
           doc="light or dark colours; system: whatever Qt gets from the desktop"),
    Option("top_n", int, 30, "setting", doc="songs in the list (5-200)"),
    Option("mode", str, "match", "setting", choices=("match", "lift", "emotion")),
    Option("filter_genres", list, [], "state"),
    Option("filter_unknown_year", bool, True, "state", doc="a year filter keeps songs of unknown year"),
    Option("export_folder", str, "", "state", doc="where the last export went"),
    Option("window_state", str, "", "state", doc="the window's size, position, panes and docks (base64, ';')"),
    Option("year_min", (int, type(None)), None, "state"),
    Option("year_max", (int, type(None)), None, "state"),
    Option("library_only", bool, False, "state", doc="rank only the songs of the user's music folders"),
    Option("player_volume", int, 70, "state", doc="the player's volume, 0-100"),
)}


def option(name: str) -> Option:
    try:
        return OPTIONS[name]
    except KeyError:
        raise KeyError(f"unknown setting {name!r}; declare it in desktop/profile/settings.py") from None
