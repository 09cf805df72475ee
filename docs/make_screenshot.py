"""Render the real window with a Korean text entered and save docs/screenshot.png.

    xvfb-run -s "-screen 0 1400x900x24" python docs/make_screenshot.py [--lang ko|en]

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
    a = ap.parse_args()
    os.environ["MOODTUNE_DATA_DIR"] = tempfile.mkdtemp(prefix="moodtune-shot-")

    from PySide6.QtCore import QTimer

    from desktop.service import Moodtune
    from desktop.ui.app import create_application, install_translations
    from desktop.ui.main_window import MainWindow

    app = create_application([])
    install_translations(app, a.lang)
    service = Moodtune.load()
    w = MainWindow(service)
    w.resize(1280, 760)
    w.show()
    w.editor.setPlainText(a.text)
    w.analyze_now()
    w.history_dock.show()
    w.table.selectRow(0)

    def shoot() -> None:
        w.grab().save(str(a.out))
        print(f"saved {a.out}")
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()


if __name__ == "__main__":
    main()
