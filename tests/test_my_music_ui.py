"""Your music in the window: the library dialog imports on its thread, "My music only" ranks your
songs, the player plays a generated WAV (or falls back to the system player), F8 votes on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.library.catalog import Catalog
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from desktop.ui import player as player_module
from desktop.ui.main_window import MainWindow
from desktop.ui.player import PlayerBar, QueueItem
from tests.audio_fixtures import write_mp3, write_wav
from tests.test_my_music import PARTY_SONG, RAIN_SONG

pytestmark = pytest.mark.ui


@pytest.fixture
def music(tmp_path):
    m = tmp_path / "music"
    m.mkdir()
    write_mp3(m / "rain.mp3", "빗속의 산책", "테스트 가수", lyrics=RAIN_SONG)
    write_mp3(m / "party.mp3", "파티 타임", "테스트 밴드", lyrics=PARTY_SONG)
    write_wav(m / "none.wav", seconds=1.0, title="가사 없는 곡", artist="누군가")
    (m / "broken.mp3").write_bytes(b"\0" * 300)
    return m


@pytest.fixture
def window(qtbot, model, tmp_path):
    service = Moodtune(model, Catalog.open(), UserStore(tmp_path / "profile"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    service.close()


def _import(qtbot, w, folder):
    w.music.open_library()
    dialog = w.music.dialog
    with qtbot.waitSignal(w.music.importer.finished, timeout=60_000, check_params_cb=lambda r, e: r is not None):
        dialog.add_folder(str(folder))  # queued behind the dialog's first listing
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=5000)
    return dialog


def test_import_in_the_dialog_and_my_music_only(qtbot, window, music):
    dialog = _import(qtbot, window, music)
    cells = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert cells["빗속의 산책"] == "Yes" and cells["파티 타임"] == "Yes"
    assert cells["가사 없는 곡"].startswith("No lyrics")
    assert cells["broken"] == "Not a readable audio file"
    assert "4 songs, 2 ranked" in dialog.status.text()
    window.music.switch.setChecked(True)
    window.editor.setPlainText("비 오는 날 우울해")
    qtbot.waitUntil(lambda: window.text_analyzed == "비 오는 날 우울해", timeout=5000)
    assert [r.song.title for r in window.recs][:1] == ["빗속의 산책"]
    assert {r.song.title for r in window.recs} == {"빗속의 산책", "파티 타임"}
    assert window.service.store.get("library_only") is True
    window.music.switch.setChecked(False)
    assert len(window.recs) > 2  # the catalog again


def test_cancel_keeps_the_window_usable(qtbot, window, tmp_path):
    m = tmp_path / "many"
    m.mkdir()
    for i in range(400):
        write_wav(m / f"{i:03d}.wav", seconds=0.01, title=f"곡 {i}")
    window.music.open_library()
    dialog = window.music.dialog
    qtbot.waitUntil(lambda: not window.music.importer.busy, timeout=5000)
    with qtbot.waitSignal(
        window.music.importer.finished, timeout=60_000, check_params_cb=lambda r, e: r is not None
    ) as done:
        dialog.add_folder(str(m))
        qtbot.waitUntil(lambda: dialog.progress.maximum() > 1, timeout=30_000)
        dialog.cancel()
    result, error = done.args
    assert error == "" and result.cancelled and 0 < result.read < 400
    assert "cancelled" in dialog.status.text()
    assert dialog.add_button.isEnabled()


@pytest.mark.skipif(not player_module.multimedia_available(), reason=player_module.multimedia_missing() or "-")
def test_player_plays_a_generated_wav(qtbot, tmp_path):
    from PySide6.QtMultimedia import QMediaPlayer

    wav = write_wav(tmp_path / "tone.wav", seconds=1.5)
    bar = PlayerBar(volume=0)
    qtbot.addWidget(bar)
    states = []
    bar.player.playbackStateChanged.connect(states.append)
    bar.play_list([QueueItem("file:" + str(wav), str(wav), "톤", "테스트")])
    loaded = (
        QMediaPlayer.MediaStatus.LoadedMedia,
        QMediaPlayer.MediaStatus.BufferingMedia,
        QMediaPlayer.MediaStatus.BufferedMedia,
        QMediaPlayer.MediaStatus.EndOfMedia,
    )
    # With an audio output the position advances; without one (CI) the media loads and the state changes.
    qtbot.waitUntil(
        lambda: bar.player.position() > 0 or (bar.player.mediaStatus() in loaded and bool(states)), timeout=10_000
    )
    assert bar.now_playing.text() == "톤 – 테스트"
    assert QMediaPlayer.PlaybackState.PlayingState in states
    bar.stop()


def test_a_missing_libpulse_is_named_as_the_reason_not_a_missing_module(qtbot, tmp_path, monkeypatch):
    """PySide6-Addons installed but no libpulse0 (a CI image without PulseAudio): the skip reason and
    the player's note say which system package is missing, not that Qt Multimedia is."""
    error = "libpulse.so.0: cannot open shared object file: No such file or directory"
    monkeypatch.setattr(player_module, "QMediaPlayer", None)
    monkeypatch.setattr(player_module, "_IMPORT_ERROR", error)
    monkeypatch.setattr(player_module.QDesktopServices, "openUrl", lambda url: True)
    bar = PlayerBar()
    qtbot.addWidget(bar)
    notes = []
    bar.note.connect(notes.append)
    bar.play_list([QueueItem("k", str(write_wav(tmp_path / "t.wav", seconds=0.1)), "톤", "")])
    assert "libpulse0" in notes[0] and "Qt Multimedia" not in notes[0]
    pulse = player_module.multimedia_missing("libpulse.so.0: cannot open shared object file: No such file or directory")
    assert "libpulse0" in pulse and "installed" in pulse and "not installed" not in pulse
    module = player_module.multimedia_missing("No module named 'PySide6.QtMultimedia'")
    assert "not installed" in module and "PySide6-Addons" in module
    assert player_module.multimedia_missing("") == ""


def test_without_qt_multimedia_the_system_player_opens_the_file(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(player_module, "QMediaPlayer", None)
    # The module's own import error depends on the machine (no libpulse0 here names that package instead).
    monkeypatch.setattr(player_module, "_IMPORT_ERROR", "No module named 'PySide6.QtMultimedia'")
    monkeypatch.setattr(player_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    wav = write_wav(tmp_path / "tone.wav", seconds=0.1)
    bar = PlayerBar()
    qtbot.addWidget(bar)
    notes = []
    bar.note.connect(notes.append)
    bar.play_list([QueueItem("k", str(wav), "톤", "")])
    assert [u.toLocalFile() for u in opened] == [str(wav)]
    assert notes and "Qt Multimedia" in notes[0]
    assert not bar.seek.isEnabled()


def test_play_this_list_and_vote_on_the_playing_song(qtbot, window, music, monkeypatch):
    _import(qtbot, window, music)
    played = []
    monkeypatch.setattr(
        window.music.player,
        "_play_index",
        lambda i: (
            played.append(window.music.player.queue[i]),
            window.music.player.track_changed.emit(window.music.player.queue[i].key),
        ),
    )
    window.music.switch.setChecked(True)
    window.editor.setPlainText("비 오는 날 우울해")
    qtbot.waitUntil(lambda: window.text_analyzed == "비 오는 날 우울해", timeout=5000)
    window.music.play_list_action.trigger()
    assert [q.title for q in window.music.player.queue] == [r.song.title for r in window.recs]
    assert [p.path for p in played] == [window.music.player.queue[0].path] and played[0].path.endswith("rain.mp3")
    window.music.like_playing_action.trigger()
    assert window.service.latest_votes() == {window.recs[0].song.key: 1}


def test_the_gui_thread_never_reads_the_library(qtbot, model, music, tmp_path, monkeypatch):
    """A window opened on a profile with a library and "My music only" on: the library is read on the
    import thread, and the window's rankings and "play this list" use what it built."""
    import threading

    from desktop.library.my_music import MusicLibrary

    profile = tmp_path / "profile2"
    first = Moodtune(model, Catalog.open(), UserStore(profile))
    first.my_music.add_folder(music)
    first.my_music.scan()
    first.analyse_library()
    first.save_settings({"library_only": True})
    first.close()
    readers = []
    for name in ("tracks", "generation", "pending"):
        real = getattr(MusicLibrary, name)
        monkeypatch.setattr(
            MusicLibrary,
            name,
            lambda self, *a, _real=real, **k: (
                readers.append(threading.current_thread() is threading.main_thread()),
                _real(self, *a, **k),
            )[1],
        )
    service = Moodtune(model, Catalog.open(), UserStore(profile))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    w.show()
    assert w.music.switch.isChecked()
    qtbot.waitUntil(lambda: service.library_ranking(refresh=False) is not None, timeout=10_000)
    w.editor.setPlainText("비 오는 날 우울해")
    qtbot.waitUntil(lambda: w.text_analyzed == "비 오는 날 우울해", timeout=5000)
    assert w.recs[0].song.title == "빗속의 산책"
    w.music.play_this_list()
    assert readers and not any(readers)  # every read of the library ran off the GUI thread
    w.close()
    service.close()


def test_double_click_plays_your_song_with_my_music_only(qtbot, window, music, monkeypatch):
    _import(qtbot, window, music)
    started = []
    monkeypatch.setattr(window.music.player, "play_list", lambda items, start=0: started.append((items, start)))
    opened = []
    monkeypatch.setattr(window.table, "open_song", lambda row: opened.append(row) or True)
    window.music.switch.setChecked(True)
    window.editor.setPlainText("비 오는 날 우울해")
    qtbot.waitUntil(lambda: window.text_analyzed == "비 오는 날 우울해", timeout=5000)
    window.table.activate(1)
    items, start = started[-1]
    assert items[start].title == window.recs[1].song.title and opened == []
    window.music.switch.setChecked(False)  # the catalog: a double-click opens Melon, as before
    window.table.activate(0)
    assert opened == [0]


def test_export_and_copy_point_at_your_files(qtbot, window, music, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QFileDialog

    from desktop.profile.playlist_export import read_m3u8

    _import(qtbot, window, music)
    window.music.switch.setChecked(True)
    window.editor.setPlainText("비 오는 날 우울해")
    qtbot.waitUntil(lambda: window.text_analyzed == "비 오는 날 우울해", timeout=5000)
    files = [window.service.file_of(r.song.key) for r in window.recs]
    assert len(files) == 2 and all(f and Path(f).is_absolute() for f in files)
    out = tmp_path / "mine.m3u8"
    assert window.playlist_to(str(out), "m3u8") == 2
    assert [where for _, where in read_m3u8(out.read_text(encoding="utf-8"))] == files
    assert "2 of them play from your files" in window.statusBar().currentMessage()
    window.copy_list_action.trigger()
    assert QApplication.clipboard().text().splitlines() == [
        f"{r.song.artist} - {r.song.title}\t{f}" for r, f in zip(window.recs, files)
    ]
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a[3]) or ("", ""))
    window.playlist_dialog()
    assert asked[-1].startswith("M3U8 of your 2 files")
    window.music.switch.setChecked(False)  # the catalog's songs: links only
    window.playlist_dialog()
    assert asked[-1].startswith("M3U8 of Melon web pages")
