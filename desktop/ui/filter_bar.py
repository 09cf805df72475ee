"""Genre and release-year filters above the song list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMenu, QPushButton, QSpinBox, QWidget

from desktop.core.paths import resources_dir
from desktop.engine.recommend import Filters

CHECK_IMAGE = resources_dir() / "icons" / "check.png"


class StayOpenMenu(QMenu):
    """A menu of checkable genres that stays open while the user ticks several (#34): a click, Space or
    Enter on a checkable item toggles it; Esc or a click outside closes the menu."""

    def _toggle_active(self) -> bool:
        act = self.activeAction()
        if act is not None and act.isCheckable() and act.isEnabled():
            act.toggle()
            return True
        return False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self.actionAt(event.position().toPoint()) is self.activeAction() and self._toggle_active():
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._toggle_active():
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    filters_changed = Signal(object)  # Filters

    def __init__(self, genres: list[str], years: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._years = years
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        # Several genres at once: a button with a menu of checkable genres.
        # A push button with a menu: the style leaves room for the drop-down arrow (a QToolButton drew it
        # over the text, "모든 장르⌄").
        self.genre = QPushButton(self)
        self.genre.setAccessibleName(self.tr("Genre"))
        self.genre.setToolTip(self.tr("Tick one genre or several; the menu stays open until you click outside it"))
        self.genre_menu = StayOpenMenu(self.genre)
        self.all_genres = self.genre_menu.addAction(self.tr("All genres"))
        self.all_genres.triggered.connect(self._all_genres)
        self.genre_menu.addSeparator()
        self.genre_actions = {}
        for g in genres:
            act = self.genre_menu.addAction(g.replace("&", "&&"))  # "R&B/Soul": an '&', not a mnemonic
            act.setCheckable(True)
            act.toggled.connect(self._emit)
            self.genre_actions[g] = act
        self.genre.setMenu(self.genre_menu)
        self._update_genre_text()
        self.year_min = QSpinBox(self)
        self.year_max = QSpinBox(self)
        for box, name in ((self.year_min, self.tr("From year")), (self.year_max, self.tr("To year"))):
            box.setRange(years[0], years[1])
            box.setAccessibleName(name)
            box.setKeyboardTracking(False)
        self.year_min.setValue(years[0])
        self.year_max.setValue(years[1])
        self.unknown_year = QCheckBox(self.tr("Unknown year"), self)
        self.hide_disliked = QCheckBox(self.tr("Hide disliked songs"), self)
        self.unknown_year.setToolTip(self.tr("With a year range set, also show songs whose release year is unknown"))
        self.unknown_year.setChecked(True)
        genre_label = QLabel(self.tr("&Genre"), self)
        genre_label.setBuddy(self.genre)
        years_label = QLabel(self.tr("&Years"), self)
        years_label.setBuddy(self.year_min)
        row.addWidget(genre_label)
        row.addWidget(self.genre)
        row.addStretch(1)
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
                f' image: url("{CHECK_IMAGE.as_posix()}"); }}'
            )  # a tick, not a bare blue square (#34)
        self.year_min.valueChanged.connect(self._emit)
        self.year_max.valueChanged.connect(self._emit)
        self.hide_disliked.toggled.connect(self._emit)
        self.unknown_year.toggled.connect(self._emit)

    def tab_chain(self) -> list[QWidget]:
        """The filters in the order they are drawn, left to right."""
        return [self.genre, self.year_min, self.year_max, self.unknown_year, self.hide_disliked]

    def is_default(self) -> bool:
        """No filter narrows the list (the state of a first start)."""
        return self.filters() == Filters()

    def filters(self) -> Filters:
        chosen = frozenset(g for g, act in self.genre_actions.items() if act.isChecked())
        lo, hi = self.year_min.value(), self.year_max.value()
        return Filters(
            genres=chosen,
            year_min=lo if lo > self._years[0] else None,
            year_max=hi if hi < self._years[1] else None,
            exclude_disliked=self.hide_disliked.isChecked(),
            unknown_year=self.unknown_year.isChecked(),
        )

    def set_filters(self, f: Filters) -> None:
        widgets = (*self.genre_actions.values(), self.year_min, self.year_max, self.hide_disliked, self.unknown_year)
        for w in widgets:
            w.blockSignals(True)
        for g, act in self.genre_actions.items():
            act.setChecked(g in f.genres)
        self._update_genre_text()
        self.year_min.setValue(f.year_min or self._years[0])
        self.year_max.setValue(f.year_max or self._years[1])
        self.hide_disliked.setChecked(f.exclude_disliked)
        self.unknown_year.setChecked(f.unknown_year)
        for w in widgets:
            w.blockSignals(False)

    def _all_genres(self) -> None:
        for act in self.genre_actions.values():
            act.blockSignals(True)
            act.setChecked(False)
            act.blockSignals(False)
        self._emit()

    def _update_genre_text(self) -> None:
        chosen = [g for g, act in self.genre_actions.items() if act.isChecked()]
        self.genre.setText(", ".join(chosen).replace("&", "&&") if chosen else self.tr("All genres"))

    def _emit(self, *_args) -> None:
        self._update_genre_text()
        if self.year_min.value() > self.year_max.value():
            self.year_max.setValue(self.year_min.value())
            return
        self.filters_changed.emit(self.filters())
