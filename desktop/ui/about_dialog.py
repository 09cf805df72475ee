"""About box: versions of app, model and catalog, and the licences that apply."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import __version__


def show_about(parent: QWidget, model_version: str, catalog_version: str, songs: int) -> None:
    # Literal QApplication.translate calls with a named context, so lupdate finds them.
    title = QApplication.translate("AboutDialog", "About Moodtune")
    body = QApplication.translate(
        "AboutDialog",
        "<h3>Moodtune {0}</h3>"
        "<p>Reads the emotions of a short Korean text and recommends songs whose lyrics feel the same. "
        "Everything runs on this computer; nothing is sent anywhere.</p>"
        "<p><b>Emotion model</b> {1}: multilingual-e5-small (MIT, intfloat) fine-tuned on AI-Hub Korean "
        "emotion dialogue data.<br><b>Song catalog</b> {2}: {3} Melon chart songs; only metadata and "
        "emotion numbers are stored, never lyrics.</p>"
        "<p>Font: NanumGothic, SIL Open Font License 1.1. Qt 6 / PySide6 (LGPLv3), ONNX Runtime (MIT), "
        "Hugging Face tokenizers (Apache-2.0), peewee (MIT).</p>",
    )
    # The versions come from data files (the model card, the catalog's meta): escaped, since the body is
    # rich text and QMessageBox opens links (a version string once carried a live file:// link, D8).
    QMessageBox.about(
        parent,
        title,
        body.format(*(html.escape(str(v)) for v in (__version__, model_version, catalog_version, f"{songs:,}"))),
    )
