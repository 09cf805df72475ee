"""Where things live: bundled read-only resources vs. the per-user data folder.

Why a module of its own: the app runs from a source checkout, from a PyInstaller
bundle (``sys._MEIPASS``) and from a read-only install folder.  Everything the app
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


def bundle_root() -> Path:
    """Folder holding ``model/``, ``catalog.db`` and ``resources/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def model_dir() -> Path:
    return Path(os.environ.get("MOODTUNE_MODEL_DIR") or bundle_root() / "model")


def catalog_path() -> Path:
    return Path(os.environ.get("MOODTUNE_CATALOG") or bundle_root() / "catalog.db")


def resources_dir() -> Path:
    return bundle_root() / "resources"


def user_data_dir() -> Path:
    """Per-user folder for feedback, history and settings (created on first use)."""
    return Path(os.environ.get("MOODTUNE_DATA_DIR") or user_data_path(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    env = os.environ.get("MOODTUNE_DATA_DIR")
    return Path(env) / "logs" if env else user_log_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Disposable per-user files (e.g. which model files were already verified)."""
    env = os.environ.get("MOODTUNE_DATA_DIR")
    return Path(env) / "cache" if env else user_cache_path(APP_NAME, appauthor=False)
