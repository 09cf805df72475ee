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
    missing = [
        m.findtext("source")
        for m in messages
        if not (m.findtext("translation") or "").strip() or m.find("translation").get("type") == "unfinished"
    ]
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


def _ui_strings():
    """(context, source) of every literal ``self.tr(…)`` and ``translate("Context", …)`` in desktop/ui."""
    import ast

    found = set()
    for path in sorted((ROOT / "desktop" / "ui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                f = call.func
                if (
                    isinstance(f, ast.Attribute)
                    and f.attr == "tr"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    found.add((cls.name, call.args[0].value))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            f = call.func
            if (
                isinstance(f, ast.Attribute)
                and f.attr == "translate"
                and len(call.args) >= 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args[:2])
            ):
                found.add((call.args[0].value, call.args[1].value))
    return found


def test_every_string_of_the_window_is_in_the_catalogue():
    """A string added to the window without its Korean shows in English in the Korean UI."""
    tree = ET.parse(I18N / "moodtune_ko.ts")
    known = {(c.findtext("name"), m.findtext("source")) for c in tree.findall("context") for m in c.findall("message")}
    assert sorted(_ui_strings() - known) == []
