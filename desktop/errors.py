"""Errors the user can act on.  Each carries a message written for people, not a trace."""

from __future__ import annotations


class MoodtuneError(Exception):
    """Base class: ``str(err)`` is shown as-is in dialogs and CLI output."""

    hint: str = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    def user_message(self) -> str:
        return f"{self}\n\n{self.hint}" if self.hint else str(self)


class InputTextError(MoodtuneError, ValueError):
    """The text cannot be analysed (empty, whitespace only)."""


class ModelError(MoodtuneError):
    """The emotion model is missing, unreadable or not the expected model."""

    hint = "Reinstall Moodtune, or rebuild the model with `python -m training.export_onnx`."


class CatalogError(MoodtuneError):
    """catalog.db is missing, corrupt or from an incompatible version."""

    hint = "Reinstall Moodtune, or rebuild the catalog with `python -m training.build_catalog`."


class UserDataError(MoodtuneError):
    """The per-user data folder cannot be written (read-only, full disk, locked database)."""

    hint = "Free some disk space or check the folder's permissions, then try again. Nothing already saved is lost."


class DamagedUserDataError(UserDataError):
    """moodtune.db exists but is not a readable database; it can be moved aside, never overwritten."""

    hint = ("Moodtune can move the damaged file aside (it is kept, renamed) and start with fresh "
            "settings and votes; or restore the file from a backup.")

    def __init__(self, message: str, path=None) -> None:
        super().__init__(message)
        self.path = path
