"""Settings and the preference profile.

The profile keeps only what improves recommendations (preferred genres); nothing
that identifies the user is asked for or stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.languages import LANGUAGE_NAMES, LANGUAGES, SYSTEM
from desktop.library.links import SERVICES
from desktop.profile.settings import OPTIONS, option
from desktop.service import Moodtune
from desktop.ui.dialogs import LANGUAGE


class SettingsDialog(QDialog):
    def __init__(self, service: Moodtune, genres: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        setting = service.setting
        lang = LANGUAGE["ui"]
        self.setWindowTitle(self.tr("Settings"))
        tabs = QTabWidget(self)

        general = QWidget(self)
        form = QFormLayout(general)
        self.language = QComboBox(general)
        for label, code in ((self.tr("Follow the system"), SYSTEM), *((LANGUAGE_NAMES[c], c) for c in LANGUAGES)):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(setting("language"))))
        form.addRow(self.tr("&Language (after restart)"), self.language)
        self.theme = QComboBox(general)
        for label, code in (
            (self.tr("Follow the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.theme.addItem(label, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(setting("theme"))))
        form.addRow(self.tr("&Theme"), self.theme)
        self.top_n = QSpinBox(general)
        bounds = option("top_n").bounds
        assert bounds is not None  # declared with bounds in desktop/profile/settings.py
        self.top_n.setRange(*bounds)
        self.top_n.setValue(int(setting("top_n")))
        form.addRow(self.tr("&Songs to show"), self.top_n)
        self.link_service = QComboBox(general)
        for svc in SERVICES:
            self.link_service.addItem(svc.name(lang), svc.code)
        self.link_service.setCurrentIndex(max(0, self.link_service.findData(setting("link_service"))))
        form.addRow(self.tr("&Open songs on"), self.link_service)
        self.store_text = QCheckBox(self.tr("Keep my texts with votes and history"), general)
        self.store_text.setChecked(bool(setting("store_text")))
        form.addRow(self.store_text)
        where = QLabel(
            self.tr("Your data is kept only on this computer, in:\n{0}").format(service.data_folder), general
        )
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        form.addRow(where)
        self.open_folder = QPushButton(self.tr("Open the data &folder"), general)
        self.open_folder.setEnabled(service.data_folder is not None)
        self.open_folder.clicked.connect(self._open_data_folder)
        self.folder_note = QLabel(general)
        self.folder_note.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_note.setWordWrap(True)
        form.addRow(self.open_folder)
        form.addRow(self.folder_note)
        tabs.addTab(general, self.tr("General"))

        profile = QWidget(self)
        box = QVBoxLayout(profile)
        box.addWidget(QLabel(self.tr("Genres you enjoy rank a little higher:"), profile))
        self.genres = QListWidget(profile)
        self.genres.setAccessibleName(self.tr("Preferred genres"))
        chosen = set(setting("preferred_genres") or ())
        for g in genres:
            item = QListWidgetItem(g, self.genres)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if g in chosen else Qt.CheckState.Unchecked)
        box.addWidget(self.genres)
        self.prefer_liked = QCheckBox(self.tr("Prefer artists of songs I liked"), profile)
        self.prefer_liked.setChecked(setting("prefer_liked_artists"))
        box.addWidget(self.prefer_liked)
        box.addWidget(QLabel(self.tr("Artists never shown (right-click a song to add one):"), profile))
        self.blocked = QListWidget(profile)
        self.blocked.setAccessibleName(self.tr("Artists never shown"))
        self.blocked.addItems(setting("blocked_artists"))
        self.blocked.setMaximumHeight(90)
        box.addWidget(self.blocked)
        self.unblock = unblock = QPushButton(self.tr("Show this artist again"), profile)
        unblock.clicked.connect(self._unblock_selected)
        unblock.setEnabled(False)  # until an artist is selected (it did nothing on an empty list, #33)
        self.blocked.itemSelectionChanged.connect(lambda: unblock.setEnabled(bool(self.blocked.selectedItems())))
        box.addWidget(unblock)
        tabs.addTab(profile, self.tr("Profile"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        for name, declared in OPTIONS.items():  # a widget named like its setting: the registry's own words
            widget = getattr(self, name, None)
            if isinstance(widget, QWidget):
                widget.setToolTip(declared.doc(lang))
        self.resize(460, 420)

    def _open_data_folder(self) -> None:
        folder = str(self.service.data_folder)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):
            return
        QApplication.clipboard().setText(folder)
        self.folder_note.setText(self.tr("No file manager could be opened; the folder's path is on the clipboard"))

    def _unblock_selected(self) -> None:
        for item in self.blocked.selectedItems():
            self.blocked.takeItem(self.blocked.row(item))

    def preferred_genres(self) -> list[str]:
        return [
            self.genres.item(i).text()
            for i in range(self.genres.count())
            if self.genres.item(i).checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        """Write every setting; raises UserDataError if the profile cannot be written."""
        self.service.save_settings(
            {
                "language": self.language.currentData(),
                "theme": self.theme.currentData(),
                "top_n": self.top_n.value(),
                "link_service": self.link_service.currentData(),
                "store_text": self.store_text.isChecked(),
                "preferred_genres": self.preferred_genres(),
                "prefer_liked_artists": self.prefer_liked.isChecked(),
                "blocked_artists": [self.blocked.item(i).text() for i in range(self.blocked.count())],
            }
        )
