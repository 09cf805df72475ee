"""Help (F1): what the window does, the three ways of ranking, ♡/✕, and every keyboard shortcut.

The shortcut list is read from the window's own actions, so it cannot drift from the menus."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

_MNEMONIC = re.compile(r"\(&\w\)")  # the Korean convention: "파일(&F)"


def action_name(text: str) -> str:
    """A menu text without its mnemonic and trailing dots ("&Export feedback…" → "Export feedback")."""
    text = _MNEMONIC.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


class HelpDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Moodtune help"))
        intro = QLabel(
            self.tr(
                "Write how you feel – a status message or a line of your diary – and songs whose lyrics feel the "
                "same appear as you type. Enter keeps the text in the history.\n\n"
                "♡ a song to see more like it for this mood; ✕ hides it. The list keeps its order while you vote: "
                "Update the list (F5) or a new text counts your votes. Ctrl+Z takes a vote back.\n\n"
                "Recommend by: “Match my mood” finds songs that feel like your text and are about the same things; "
                "“Lift my mood” moves a low mood toward comfort and happiness (a happy text is already there, so it "
                "ranks like Match my mood); “Match the emotion only” puts songs with the same main emotion first, "
                "whatever they are about.\n\n"
                "Click an emotion name to say “this is how I feel” instead of what the text reads as."
            ),
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        rows = [
            (a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), action_name(a.text()))
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        rows += [
            ("Enter", self.tr("In the text: find songs and keep the text in the history")),
            ("Shift+Enter", self.tr("In the text: start a new line")),
            ("↑ ↓ ← →, Space", self.tr("In the list: reach a song's ♡ and ✕, and vote")),
            ("Enter", self.tr("In the list: open the selected song on your streaming service (or double-click it)")),
            ("Delete", self.tr("In the history or My votes: delete the selected entries")),
            ("Tab", self.tr("Go to the next control")),
        ]
        self.shortcuts = QTableWidget(len(rows), 2, self)
        self.shortcuts.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.shortcuts.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        for r, (keys, what) in enumerate(rows):
            for c, text in enumerate((keys, what)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.shortcuts.setItem(r, c, item)
        self.shortcuts.verticalHeader().setVisible(False)
        self.shortcuts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shortcuts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shortcuts.setTabKeyNavigation(False)
        header = self.shortcuts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        label = QLabel(self.tr("Keyboard shortcuts"), self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        layout.addWidget(label)
        layout.addWidget(self.shortcuts, 1)
        layout.addWidget(buttons)
        self.resize(640, 620)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.shortcuts.item(r, 0).text(), self.shortcuts.item(r, 1).text())
            for r in range(self.shortcuts.rowCount())
        ]
