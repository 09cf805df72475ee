"""Render the real window with a Korean text entered and save docs/screenshot.png.

    xvfb-run -s "-screen 0 1400x900x24" python docs/make_screenshot.py [--lang ko|en]

or, as the docs' pictures are made, from the X server itself (what a user sees, menus included):

    Xvfb :93 -screen 0 1600x1000x24 &  DISPLAY=:93 python docs/make_screenshot.py --root …

Uses the real model and catalog and a throw-away profile.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="ko")
    ap.add_argument("--text", default="비 오는 날 혼자 집에 있으니까 괜히 울적하고 그 사람 생각이 나")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshot.png")
    ap.add_argument("--dark", action="store_true", help="force a dark palette (Fusion)")
    ap.add_argument("--mode", default="match", choices=["match", "lift", "emotion"])
    ap.add_argument("--history", action="store_true", help="show the history dock")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--votes", action="store_true", help="vote on a few songs and shoot the My votes dialog")
    ap.add_argument("--focus-vote", action="store_true", help="keyboard focus on the second song's ♡ button")
    ap.add_argument("--first-run", action="store_true", help="no text: the first-run panel")
    ap.add_argument("--pending", action="store_true", help="like two songs: the list waits, 'update' shows")
    ap.add_argument("--filters", action="store_true", help="a genre filter left on from the last run")
    ap.add_argument("--root", action="store_true", help="shoot the X screen with ImageMagick's import")
    ap.add_argument("--help-dialog", action="store_true", help="shoot Help (F1): the shortcuts")
    ap.add_argument("--search", default="", help="type this into the list's search box (Ctrl+F)")
    ap.add_argument("--sort", type=int, default=None, help="sort the list by this column (a header click)")
    ap.add_argument("--library", action="store_true", help="My music: a generated folder imported, with reasons")
    ap.add_argument("--importing", action="store_true", help="My music while a large generated folder imports")
    ap.add_argument("--player", action="store_true", help="My music only on, the list playing (the player bar)")
    a = ap.parse_args()
    os.environ["MOODTUNE_DATA_DIR"] = tempfile.mkdtemp(prefix="moodtune-shot-")

    from PySide6.QtCore import QTimer

    from desktop.service import Moodtune
    from desktop.ui.app import create_application, install_translations
    from desktop.ui.main_window import MainWindow

    app = create_application([])
    if a.dark:
        from PySide6.QtGui import QColor, QPalette

        app.setStyle("Fusion")
        pal = QPalette()
        role = QPalette.ColorRole
        colours = {
            role.Window: "#202124",
            role.WindowText: "#e8eaed",
            role.Base: "#171717",
            role.AlternateBase: "#26272b",
            role.Text: "#e8eaed",
            role.Button: "#2d2e31",
            role.ButtonText: "#e8eaed",
            role.Highlight: "#3b82f6",
            role.HighlightedText: "#ffffff",
            role.ToolTipBase: "#2d2e31",
            role.ToolTipText: "#e8eaed",
            role.PlaceholderText: "#9aa0a6",
        }
        for r, colour in colours.items():
            pal.setColor(r, QColor(colour))
        app.setPalette(pal)
    install_translations(app, a.lang)
    service = Moodtune.load()
    if a.filters:
        service.save_settings({"filter_genres": ["발라드"]})
    music = None
    if a.library or a.importing or a.player:
        music = _music_folder(Path(os.environ["MOODTUNE_DATA_DIR"]) / "music", many=a.importing)
        if a.player:  # imported before the window opens (the dialog's own import is shot with --library)
            service.my_music.add_folder(music)
            service.my_music.scan()
            service.analyse_library()
            service.save_settings({"library_only": True})
    w = MainWindow(service, language=a.lang)
    w.resize(a.width, 760)
    w.move(0, 0)
    w.show()
    w.mode.setCurrentIndex(w.mode.findData(a.mode))
    if not a.first_run:
        w.editor.setPlainText(a.text)
        w.analyze_now()
    if a.history:
        w.history_dock.show()
    if a.pending:
        w.vote(1, 1)
        w.vote(3, -1)
    if a.search:
        w.search_box.setText(a.search)
    if a.sort is not None:
        w.table.horizontalHeader().sectionClicked.emit(a.sort)
    if not a.first_run:
        top = w.table.first_shown_row()
        if top is not None:
            w.table.selectRow(top)
    if a.focus_vote:
        from desktop.ui.song_table import LIKE_COL

        w.activateWindow()
        w.table.setFocus()
        w.table.setCurrentIndex(w.table.model().index(1, LIKE_COL))  # as the arrow keys do

    def shot(widget) -> None:
        if not a.root:
            widget.grab().save(str(a.out))
            return
        import subprocess

        app.processEvents()
        g = widget.frameGeometry()
        r = widget.devicePixelRatioF()  # the X screen is in device pixels (QT_SCALE_FACTOR=1.5: 1.5 per point)
        x, y, width, height = (round(v * r) for v in (g.x(), g.y(), g.width(), g.height()))
        subprocess.run(
            ["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}", "+repage", str(a.out)], check=True
        )

    def shoot_library() -> None:
        w.music.open_library()
        dialog = w.music.dialog
        dialog.move(0, 0)

        def ready(result, _error) -> None:
            if result is not None:
                QTimer.singleShot(300, lambda: (shot(dialog), print(f"saved {a.out}"), app.quit()))

        def progress(_phase, done, _total) -> None:
            if a.importing and done > 300 and not getattr(progress, "shot", False):
                progress.shot = True
                shot(dialog)
                print(f"saved {a.out}")
                w.music.importer.cancel()
                app.quit()

        w.music.importer.finished.connect(ready)
        w.music.importer.progress.connect(progress)
        dialog.add_folder(str(music))

    def shoot() -> None:
        if a.library or a.importing:
            shoot_library()
            return
        if a.player:
            w.music.play_this_list()
            QTimer.singleShot(1200, lambda: (shot(w), print(f"saved {a.out}"), app.quit()))
            return
        if a.votes:
            from desktop.ui.votes_dialog import VotesDialog

            for row, vote in ((0, 1), (1, -1), (2, 1)):
                w.table.selectRow(row)
                w.vote(row, vote)
            dialog = VotesDialog(service, w)
            dialog.move(0, 0)
            dialog.show()
            app.processEvents()
            shot(dialog)
        elif a.help_dialog:
            w.show_help()
            w.help_dialog.move(0, 0)
            app.processEvents()
            shot(w.help_dialog)
        else:
            shot(w)
        print(f"saved {a.out}")
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()


def _music_folder(folder: Path, many: bool) -> Path:
    """Generated files (tests/audio_fixtures.py) with lyrics written for the screenshots."""
    from tests.audio_fixtures import write_flac, write_mp3, write_wav

    folder.mkdir(parents=True, exist_ok=True)
    rain = (
        "창밖에 비가 내리는 날이면\n우산도 없이 혼자 걸어요\n젖은 거리에 네 생각이 나서\n빗소리에 눈물이 흘러요\n"
        "회색 하늘 아래 나는 우울해\n비 오는 날엔 네가 더 그리워"
    )
    night = (
        "잠이 오지 않는 밤이야\n불 꺼진 방에 혼자 누워\n지난 일들이 자꾸 떠올라\n괜히 마음이 무거워져\n"
        "내일은 괜찮을 거라고\n나에게 말해 보는 밤"
    )
    write_mp3(folder / "빗속의 산책.mp3", "빗속의 산책", "테스트 가수", album="빗소리", lyrics=rain, frames=400)
    write_mp3(
        folder / "잠 못 드는 밤.mp3",
        "잠 못 드는 밤",
        "테스트 밴드",
        lyrics=night,
        encoding="cp949-as-latin1",
        frames=400,
    )
    write_mp3(folder / "영원.mp3", "영원", "스카이", frames=400)  # a catalog song: its numbers are reused
    write_wav(folder / "연주곡.wav", seconds=2, title="이름 없는 연주곡", artist="테스트 트리오")
    write_flac(
        folder / "English.flac",
        {
            "TITLE": "Rainy Window",
            "ARTIST": "Test Band",
            "LYRICS": "rain on my window\nall night long\nbaby don't go\nstay",
        },
    )
    (folder / "깨진 파일.mp3").write_bytes(b"\0" * 400)
    if many:
        for i in range(3000):
            write_mp3(folder / f"곡 {i:04d}.mp3", f"노래 {i}", f"가수 {i % 50}", frames=1)
    return folder


if __name__ == "__main__":
    main()
