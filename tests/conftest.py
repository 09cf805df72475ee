"""Shared fixtures.  Tests never touch the real user profile, the network or ../shared."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.helpers import ROOT, make_catalog, one_hot_mix, song_row  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path, monkeypatch):
    """Every test gets its own per-user data folder."""
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path / "profile"))


@pytest.fixture(scope="session")
def model():
    from desktop.emotion_model import EmotionModel

    return EmotionModel(ROOT / "model", threads=1)


@pytest.fixture
def small_catalog(tmp_path) -> Path:
    """Six songs with known vectors: happy, sad, angry variants."""
    H, S, F, N, A, D, U = range(7)  # noqa: N806
    rows = [
        song_row("1", "happy pure", one_hot_mix(H, None, 0.88), year=2005, genre="댄스", melon_id=1),
        song_row("2", "happy sad", one_hot_mix(H, S, 0.5), year=2015, genre="발라드"),
        song_row("3", "sad pure", one_hot_mix(S, None, 0.88), year=2020, genre="발라드, 국내드라마"),
        song_row("4", "sad happy", one_hot_mix(S, H, 0.5), year=2001, genre="발라드"),
        song_row("5", "angry", one_hot_mix(A, None, 0.88), year=2012, genre="랩/힙합"),
        song_row("6", "angry sad", one_hot_mix(A, S, 0.5), year=2018, genre="록/메탈"),
    ]
    return make_catalog(tmp_path / "catalog.db", rows)
