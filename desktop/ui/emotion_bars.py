"""Seven horizontal bars, one per emotion, with percentages.

Each bar is a QProgressBar so screen readers get a real value; its accessible
name is the emotion in the UI's language and its accessible description the percentage.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.core.labels import COLORS, LABELS
from desktop.engine.explain import emotion_name


class EmotionBars(QWidget):
    """``override_requested(label)``: the user clicked an emotion's name ("this is how I feel")."""

    override_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, language: str = "ko") -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Emotions in your text"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.bars: dict[str, QProgressBar] = {}
        self.names: dict[str, QToolButton] = {}
        self.values: dict[str, QLabel] = {}
        for row, label in enumerate(LABELS):
            name = QToolButton(self)
            name.setText(emotion_name(label, language))
            name.setAutoRaise(True)
            name.setCheckable(True)
            name.setToolTip(
                self.tr(
                    "Click to say this is how you feel ({0}); click again to go back to the text's emotions"
                ).format(emotion_name(label, language))
            )
            name.setAccessibleName(self.tr("How I feel: {0}").format(emotion_name(label, language)))
            name.setMinimumWidth(max(36, name.sizeHint().width()))  # "happiness" never elides
            name.clicked.connect(lambda _=False, lab=label: self.override_requested.emit(lab))
            self.names[label] = name
            bar = QProgressBar(self)
            bar.setRange(0, 1000)
            bar.setTextVisible(False)
            bar.setFixedHeight(14)
            bar.setToolTip(emotion_name(label, language))
            bar.setAccessibleName(emotion_name(label, language))  # one language per name
            bar.setStyleSheet(
                "QProgressBar { border: none; border-radius: 7px; background: palette(midlight); }"
                f"QProgressBar::chunk {{ border-radius: 7px; background: {COLORS[label]}; }}"
            )
            value = QLabel("–", self)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(44)
            grid.addWidget(name, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(value, row, 2)
            self.bars[label], self.values[label] = bar, value
        grid.setColumnStretch(1, 1)

    def set_distribution(self, probs: Sequence[float] | None) -> None:
        """Show probabilities (LABELS order); ``None`` clears the bars."""
        top = max(range(len(LABELS)), key=lambda i: probs[i]) if probs is not None else -1
        for i, label in enumerate(LABELS):
            bar, value = self.bars[label], self.values[label]
            if probs is None:
                bar.setValue(0)
                value.setText("–")
                bar.setAccessibleDescription(self.tr("no text yet"))
                continue
            p = float(probs[i])
            bar.setValue(round(p * 1000))
            value.setText(f"{p:.0%}")
            font = value.font()
            font.setBold(i == top)
            value.setFont(font)
            bar.setAccessibleDescription(f"{p:.0%}")

    def mark_override(self, label: str | None) -> None:
        """Show which emotion the user chose (None: the text's own emotions)."""
        for lab, button in self.names.items():
            button.setChecked(lab == label)

    def percentages(self) -> dict[str, str]:
        return {label: self.values[label].text() for label in LABELS}
