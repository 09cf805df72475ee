"""The Korean UI: the compiled catalogue ships, is complete and is picked up by the window."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from tests.helpers import ROOT

I18N = ROOT / "resources" / "i18n"


def test_every_ui_string_has_a_korean_translation():
    tree = ET.parse(I18N / "moodtune_ko.ts")
    messages = tree.findall(".//message")
    assert len(messages) >= 60
    missing = [m.findtext("source") for m in messages
               if not (m.findtext("translation") or "").strip() or m.find("translation").get("type") == "unfinished"]
    assert missing == []


@pytest.mark.ui
def test_compiled_catalogue_translates(qapp):
    tr = QTranslator()
    assert tr.load(str(I18N / "moodtune_ko.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "파일(&F)"
        assert QCoreApplication.translate("SongTableModel", "Title") == "제목"
        about = QCoreApplication.translate("AboutDialog", "About Moodtune")
        assert about == "Moodtune 정보"
    finally:
        QCoreApplication.removeTranslator(tr)
