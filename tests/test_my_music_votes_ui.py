"""Votes on your own songs in the window (issue 23): ✕ on a song of your music that is not in the
catalog takes it out of the "My music only" list when the list is updated, F8 on the playing song
lifts it, and "My votes" shows such votes as plain text, marked as your own songs.  Generated tiny
MP3s; every lyric is written for these tests."""

from __future__ import annotations

import pytest

from desktop.library.catalog import Catalog
from desktop.library.my_music import local_key
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from desktop.ui.main_window import MainWindow
from tests.audio_fixtures import write_mp3
from tests.test_my_music_ui import _import
from tests.test_my_music_votes import RAINY, TEARS_SONG, write_music

pytestmark = pytest.mark.ui

HOSTILE = '<b>굵은</b> 노래 <img src="x.png"> &amp;'


@pytest.fixture
def window(qtbot, model, tmp_path):
    service = Moodtune(model, Catalog.open(), UserStore(tmp_path / "profile"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    service.close()


def _rainy_list(qtbot, w, music) -> None:
    _import(qtbot, w, music)
    w.music.switch.setChecked(True)
    w.editor.setPlainText(RAINY)
    qtbot.waitUntil(lambda: w.text_analyzed == RAINY, timeout=5000)


def _titles(w) -> list[str]:
    return [r.song.title for r in w.recs]


def test_a_list_vote_and_f8_on_your_own_songs_reshape_my_music_only(qtbot, window, tmp_path, monkeypatch):
    _rainy_list(qtbot, window, write_music(tmp_path / "music"))
    assert _titles(window)[0] == "빗속의 산책" and "파티 타임" in _titles(window)
    window.vote(0, -1)  # ✕ on the list's first song, one of the user's own
    assert window.service.latest_votes() == {local_key("빗속의 산책", "테스트 가수"): -1}
    assert _titles(window)[0] == "빗속의 산책"  # the list keeps its order until it is updated
    window.refresh_list()  # F5
    assert "빗속의 산책" not in _titles(window)
    monkeypatch.setattr(
        window.music.player,
        "_play_index",
        lambda i: window.music.player.track_changed.emit(window.music.player.queue[i].key),
    )
    party = _titles(window).index("파티 타임")
    before = window.recs[party].score
    assert window.music.play_row(party)  # double-click: the list plays from that song
    window.music.like_playing_action.trigger()  # F8
    window.refresh_list()
    rec = next(r for r in window.recs if r.song.title == "파티 타임")
    assert rec.liked_before and rec.rank - 1 <= party and rec.score > before  # the like lifts it


def _exported(w) -> dict:
    """The window's newest vote as ``feedback_import.read_votes`` hands votes to the store."""
    from desktop.profile.feedback_export import rows
    from desktop.profile.feedback_import import _vote_row

    return _vote_row(rows(w.service.store)[-1], "test")


def test_my_votes_shows_your_songs_as_plain_text(qtbot, window, tmp_path):
    from PySide6.QtCore import QCoreApplication, Qt, QTranslator

    from desktop.ui.votes_dialog import VotesDialog
    from tests.helpers import ROOT

    music = tmp_path / "music"
    music.mkdir()
    write_mp3(music / "odd.mp3", HOSTILE, "테스트 <i>가수</i>", lyrics=TEARS_SONG)
    write_mp3(music / "known.mp3", "영원 (Remastered)", "스카이")
    write_mp3(music / "a.mp3", "하나", "가수", lyrics=TEARS_SONG)
    write_mp3(music / "b.mp3", "둘", "가수", lyrics=TEARS_SONG)
    _rainy_list(qtbot, window, music)
    titles = _titles(window)
    window.vote(titles.index(HOSTILE), 1)
    window.vote(titles.index("영원"), -1)
    # an imported file's vote, its title with a bidi override and a bell: shown as one clean line
    window.service.store.import_votes([{**_exported(window), "title": "거꾸로\u202e 노래\x07", "song_key": "local:0"}])
    dialog = VotesDialog(window.service, window)
    qtbot.addWidget(dialog)
    model = dialog.model
    rows = {model.text(r, 2): r for r in range(model.rowCount())}
    assert set(rows) == {HOSTILE, "영원", "거꾸로 노래"}
    own, catalog = rows[HOSTILE], rows["영원"]
    assert model.text(own, 3) == "테스트 <i>가수</i>"
    assert model.data(model.index(own, 2), Qt.ItemDataRole.DisplayRole) == HOSTILE  # shown as typed, not as markup
    tip = model.data(model.index(own, 2), Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "<img" not in tip and "&lt;b&gt;" in tip and "&amp;amp;" in tip
    assert "One of your own songs (My music)" in tip
    assert "One of your own songs" not in model.data(model.index(catalog, 2), Qt.ItemDataRole.ToolTipRole)
    tr = QTranslator()
    assert tr.load(str(ROOT / "resources" / "i18n" / "moodtune_ko.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        assert "내 음악에 있는 내 노래예요" in model.tooltip(own, 2)
    finally:
        QCoreApplication.removeTranslator(tr)
