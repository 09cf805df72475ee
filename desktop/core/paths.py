"""Where things live: bundled read-only resources vs. the per-user data folder.

Why a module of its own: the app runs from a source checkout, from a PyInstaller
bundle (``sys._MEIPASS``), from an installed wheel (``desktop/_data``) and from a
read-only install folder.  Everything the app
writes goes to the per-user folders from platformdirs (the maintained successor of
appdirs, which has had no release since 2020), never next to the code.
Environment overrides make tests and ``--self-test`` use a temporary profile.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_cache_path, user_data_path, user_log_path

APP_NAME = "Moodtune"


PACKAGE = Path(__file__).resolve().parents[1]  # the ``desktop`` package (this file is desktop/core/paths.py)
PACKAGED_DATA = PACKAGE / "_data"


def bundle_root() -> Path:
    """Folder holding ``model/``, ``catalog.db`` and ``resources/``.

    Three layouts: a PyInstaller bundle (``sys._MEIPASS``), an installed wheel (the files are
    package data in ``desktop/_data``, copied there by setup.py) and a source checkout or
    editable install (the repository root, next to the ``desktop`` package)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if (PACKAGED_DATA / "catalog.db").is_file():
        return PACKAGED_DATA
    return PACKAGE.parent


def model_dir() -> Path:
    return Path(os.environ.get("MOODTUNE_MODEL_DIR") or bundle_root() / "model")


def catalog_path() -> Path:
    return Path(os.environ.get("MOODTUNE_CATALOG") or bundle_root() / "catalog.db")


def resources_dir() -> Path:
    return bundle_root() / "resources"


def _data_dir_override() -> Path | None:
    """``MOODTUNE_DATA_DIR`` when set; OptionError when it is set but blank.

    Why: ``MOODTUNE_DATA_DIR=""`` (a script's unset variable) silently meant the real profile,
    so a test or a throw-away run changed the user's own votes."""
    env = os.environ.get("MOODTUNE_DATA_DIR")
    if env is None:
        return None
    if not env.strip():
        from desktop.core.errors import OptionError

        raise OptionError("MOODTUNE_DATA_DIR is set but empty; set it to a folder, or unset it to use your profile.")
    return Path(env)


def user_data_dir() -> Path:
    """Per-user folder for feedback, history and settings (created on first use)."""
    return _data_dir_override() or user_data_path(APP_NAME, appauthor=False)


def user_log_dir() -> Path:
    env = _data_dir_override()
    return env / "logs" if env else user_log_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Disposable per-user files (e.g. which model files were already verified)."""
    env = _data_dir_override()
    return env / "cache" if env else user_cache_path(APP_NAME, appauthor=False)
