"""The window opens songs on the service chosen in the settings, and names it in its menus."""

from __future__ import annotations

import pytest
from test_ui import type_and_wait, window  # noqa: F401 (the fixture)
from test_ui_review2 import _settings_then

from desktop.ui import song_table

pytestmark = pytest.mark.ui


def test_the_chosen_service_is_where_songs_open_and_what_the_menus_say(qtbot, window, monkeypatch):  # noqa: F811
    opened = []
    monkeypatch.setattr(song_table.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    assert "멜론" in window.open_all_action.text()
    window.table.open_song(0)
    assert opened[-1].startswith("https://www.melon.com/")
    _settings_then(monkeypatch, lambda d: d.link_service.setCurrentIndex(d.link_service.findData("spotify")))
    window.open_settings()
    assert window.service.setting("link_service") == "spotify"
    assert "스포티파이" in window.open_all_action.text()
    window.table.open_song(0)
    assert opened[-1].startswith("https://open.spotify.com/search/")
    tip = window.table.songs.data(window.table.songs.index(0, 1), song_table.Qt.ItemDataRole.ToolTipRole)
    assert "스포티파이" in tip


def test_the_settings_dialog_takes_the_top_n_bounds_from_the_registry(qtbot, window):  # noqa: F811
    from desktop.profile.settings import option
    from desktop.ui.settings_dialog import SettingsDialog

    d = SettingsDialog(window.service, window.service.genres(), window)
    qtbot.addWidget(d)
    assert (d.top_n.minimum(), d.top_n.maximum()) == option("top_n").bounds
    assert d.top_n.toolTip() == option("top_n").doc("en")  # the UI language of the tests' dialogs
    assert [d.link_service.itemData(i) for i in range(d.link_service.count())] == list(option("link_service").choices)
