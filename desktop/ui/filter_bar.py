"""Genre and release-year filters above the song list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop.recommend import Filters


class FilterBar(QWidget):
    filters_changed = Signal(object)  # Filters

    def __init__(self, genres: list[str], years: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._years = years
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.genre = QComboBox(self)
        self.genre.setAccessibleName(self.tr("Genre"))
        self.genre.addItem(self.tr("All genres"), None)
        for g in genres:
            self.genre.addItem(g, g)
        self.year_min = QSpinBox(self)
        self.year_max = QSpinBox(self)
        for box, name in ((self.year_min, self.tr("From year")), (self.year_max, self.tr("To year"))):
            box.setRange(years[0], years[1])
            box.setAccessibleName(name)
            box.setKeyboardTracking(False)
        self.year_min.setValue(years[0])
        self.year_max.setValue(years[1])
        self.hide_disliked = QCheckBox(self.tr("Hide disliked songs"), self)
        self.unknown_year = QCheckBox(self.tr("Unknown year"), self)
        self.unknown_year.setToolTip(self.tr("With a year range set, also show songs whose release year is unknown"))
        self.unknown_year.setChecked(True)
        genre_label = QLabel(self.tr("&Genre"), self)
        genre_label.setBuddy(self.genre)
        years_label = QLabel(self.tr("&Years"), self)
        years_label.setBuddy(self.year_min)
        row.addWidget(genre_label)
        row.addWidget(self.genre, 1)
        row.addSpacing(12)
        row.addWidget(years_label)
        row.addWidget(self.year_min)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.year_max)
        row.addWidget(self.unknown_year)
        row.addSpacing(12)
        row.addWidget(self.hide_disliked)
        # Fusion's dark palette draws unchecked boxes almost black on black: outline them in the text colour.
        for box in (self.hide_disliked, self.unknown_year):
            box.setStyleSheet(
                "QCheckBox::indicator { width: 13px; height: 13px; border: 1px solid palette(text);"
                " border-radius: 3px; background: palette(base); }"
                "QCheckBox::indicator:checked { background: palette(highlight); border-color: palette(highlight);"
                " image: none; }")
        self.genre.currentIndexChanged.connect(self._emit)
        self.year_min.valueChanged.connect(self._emit)
        self.year_max.valueChanged.connect(self._emit)
        self.hide_disliked.toggled.connect(self._emit)
        self.unknown_year.toggled.connect(self._emit)

    def filters(self) -> Filters:
        g = self.genre.currentData()
        lo, hi = self.year_min.value(), self.year_max.value()
        return Filters(genres=frozenset([g]) if g else frozenset(),
                       year_min=lo if lo > self._years[0] else None,
                       year_max=hi if hi < self._years[1] else None,
                       exclude_disliked=self.hide_disliked.isChecked(),
                       unknown_year=self.unknown_year.isChecked())

    def set_filters(self, f: Filters) -> None:
        widgets = (self.genre, self.year_min, self.year_max, self.hide_disliked, self.unknown_year)
        for w in widgets:
            w.blockSignals(True)
        genre = next(iter(f.genres), None)
        idx = self.genre.findData(genre) if genre else 0
        self.genre.setCurrentIndex(max(0, idx))
        self.year_min.setValue(f.year_min or self._years[0])
        self.year_max.setValue(f.year_max or self._years[1])
        self.hide_disliked.setChecked(f.exclude_disliked)
        self.unknown_year.setChecked(f.unknown_year)
        for w in widgets:
            w.blockSignals(False)

    def _emit(self, *_args) -> None:
        if self.year_min.value() > self.year_max.value():
            self.year_max.setValue(self.year_min.value())
            return
        self.filters_changed.emit(self.filters())
