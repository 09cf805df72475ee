"""The window's profile and lifecycle defects (audit 2026-12-02: D2, D3, D4)."""

from __future__ import annotations

import pytest
from test_ui import type_and_wait

from desktop.catalog import Catalog
from desktop.service import Moodtune
from desktop.ui import main_window as mw
from desktop.ui.main_window import MainWindow
from desktop.user_store import UserStore


@pytest.fixture
def window(qtbot, model, small_catalog, tmp_path):
    service = Moodtune(model, Catalog.open(small_catalog), UserStore(tmp_path / "profile"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    w.show()
    yield w
    service.close()


def test_window_refuses_to_export_onto_its_own_store(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(mw, "show_error", lambda parent, title, err: shown.append((title, str(err))))
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.vote(0, 1)
    db = window.service.store.path
    assert window.export_to(str(db), "csv") is None
    assert window.playlist_to(str(db.with_name("moodtune.db-wal")), "m3u8") is None
    assert [t for t, _ in shown] == ["Export failed", "Export failed"]
    assert "Moodtune's own saved data" in shown[0][1]
    window.vote(1, -1)
    assert len(window.service.votes()) == 2


def test_window_imports_exported_votes(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(mw, "show_error", lambda parent, title, err: shown.append((title, str(err))))
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.vote(0, 1)
    out = tmp_path / "v.json"
    assert window.export_to(str(out), "json") == 1
    window.service.reset_votes()
    assert window.import_from(str(out)) == (1, 0)
    assert window.import_from(str(out)) == (0, 1)
    assert len(window.service.votes()) == 1 and not shown
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n", encoding="utf-8")
    assert window.import_from(str(bad)) is None and shown[0][0] == "Import failed"
