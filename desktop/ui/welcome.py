"""What the list area shows before the first text: how Moodtune works and example texts to try.

Why: an empty table on the first start says nothing; the grey placeholder in the text box was
the only hint of what to do.  A click on an example fills the text box and shows its songs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

# Korean in both UIs: Moodtune reads Korean text.
EXAMPLES = (
    "오늘 너무 행복해",
    "비 오는 날 괜히 우울하다",
    "시험 망했다 ㅠㅠ",
    "퇴근하고 맥주 한 잔",
    "바다 보러 가고 싶다",
)


class WelcomePanel(QWidget):
    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Getting started"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        title = QLabel(self.tr("How it works"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.how = QLabel(
            self.tr(
                "1. Write how you feel in the box above: a status message or a line of your diary.\n"
                "2. Moodtune reads its emotions and what it is about, and lists songs whose lyrics fit. "
                "Everything stays on this computer.\n"
                "3. ♡ the songs you like and ✕ the ones you don't: the next lists learn from your votes."
            ),
            self,
        )
        self.how.setWordWrap(True)
        self.how.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        try_label = QLabel(self.tr("Or try an example:"), self)
        self.examples: list[QPushButton] = []
        row = QVBoxLayout()
        row.setSpacing(4)
        for text in EXAMPLES:
            button = QPushButton(text, self)
            button.setToolTip(self.tr("Find songs for “{0}”").format(text))
            button.clicked.connect(lambda _=False, t=text: self.example_chosen.emit(t))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.examples.append(button)
        layout.addWidget(title)
        layout.addSpacing(6)
        layout.addWidget(self.how)
        layout.addSpacing(16)
        layout.addWidget(try_label)
        layout.addLayout(row)
        layout.addStretch(1)

    def tab_chain(self) -> list[QWidget]:
        return list(self.examples)
