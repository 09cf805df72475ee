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
        colours = {role.Window: "#202124", role.WindowText: "#e8eaed", role.Base: "#171717",
                   role.AlternateBase: "#26272b", role.Text: "#e8eaed", role.Button: "#2d2e31",
                   role.ButtonText: "#e8eaed", role.Highlight: "#3b82f6", role.HighlightedText: "#ffffff",
                   role.ToolTipBase: "#2d2e31", role.ToolTipText: "#e8eaed", role.PlaceholderText: "#9aa0a6"}
        for r, colour in colours.items():
            pal.setColor(r, QColor(colour))
        app.setPalette(pal)
    install_translations(app, a.lang)
    service = Moodtune.load()
    if a.filters:
        service.save_settings({"filter_genres": ["발라드"]})
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
        subprocess.run(["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}",
                        "+repage", str(a.out)], check=True)

    def shoot() -> None:
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


if __name__ == "__main__":
    main()
