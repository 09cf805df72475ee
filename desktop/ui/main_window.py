"""The main window: text box, emotion bars, filters, ranked songs, history dock.

It only wires widgets to the ``Moodtune`` service; ranking, storage and the model
live in the domain modules.  Analysis runs 350 ms after the last keystroke and at
once on Ctrl+Enter; texts longer than ``BACKGROUND_CHARS`` are analysed on a worker
thread (about a second for 10,000 characters) while the window stays responsive.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import MoodtuneError
from desktop.explain import emotion_name, text_notes
from desktop.labels import LABELS
from desktop.recommend import Filters, Mode, Recommendation
from desktop.service import Analysis, Moodtune
from desktop.text_input import MAX_CHARS
from desktop.ui.analysis_worker import AnalysisThread
from desktop.ui.dialogs import confirm, show_error
from desktop.ui.emotion_bars import EmotionBars
from desktop.ui.filter_bar import FilterBar
from desktop.ui.history_panel import HistoryPanel
from desktop.ui.song_table import SongTable

log = logging.getLogger("moodtune.ui")


def override_distribution(label: str) -> np.ndarray:
    """The 7-vector for "I feel <label>": mostly that emotion, a little of the rest."""
    p = np.full(len(LABELS), 0.15 / (len(LABELS) - 1), dtype=np.float32)
    p[LABELS.index(label)] = 0.85
    return p
DEBOUNCE_MS = 350
HISTORY_AFTER_MS = 4000  # a text unchanged this long after its analysis is saved to the history
BACKGROUND_CHARS = 1_500


class _CtrlEnterFilter(QObject):
    """Ctrl+Enter inside the text box analyses instead of inserting a newline."""

    def __init__(self, callback, parent=None) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.callback()
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, service: Moodtune, parent: QWidget | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.service = service
        self.language = language
        self.analysis: Analysis | None = None
        self.probs: np.ndarray | None = None
        self.text_analyzed = ""
        self.recs: list[Recommendation] = []
        self._history_saved_for: str | None = None
        self._request = 0  # number of the latest analysis asked for; older answers are dropped
        self._in_flight = 0  # background analyses not yet answered (busy cursor while > 0)
        self._long_save_history = False  # whether the text sent to the worker is a history entry
        self.setWindowTitle("Moodtune")
        self.resize(1120, 720)

        # ---- text input
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.tr("How do you feel? e.g. 오늘 너무 행복해 · 비 오는 날 괜히 우울하다"))
        self.editor.setAccessibleName(self.tr("Your text"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(110)
        self.editor.installEventFilter(_CtrlEnterFilter(self.analyze_now, self))
        self.counter = QLabel(self)
        self.counter.setAccessibleName(self.tr("Character count"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.analyze_button = QPushButton(self.tr("Find songs"), self)
        self.analyze_button.setToolTip(self.tr("Analyse now (Ctrl+Enter)"))
        self.analyze_button.clicked.connect(self.analyze_now)

        # ---- bars + songs
        self.bars = EmotionBars(self, language)
        self.bars.override_requested.connect(self.set_override)
        self.override: str | None = None  # the emotion the user said they feel, instead of the text's
        self.mood_label = QLabel(self)
        self.mood_label.setAccessibleName(self.tr("Main emotion"))
        font = self.mood_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.mood_label.setFont(font)
        self.filter_bar = FilterBar(service.genres(), service.year_range(), self)
        self.filter_bar.set_filters(service.remembered_filters())
        self.filter_bar.filters_changed.connect(self._filters_changed)
        self.table = SongTable(self, language)
        self.table.vote_requested.connect(self.vote)
        self.table.open_failed.connect(self._open_failed)
        self.table.block_artist_requested.connect(self.block_artist)
        self._last_vote: tuple[int, str] | None = None  # (vote id, title) that Ctrl+Z takes back
        self.mode = QComboBox(self)
        self.mode.setAccessibleName(self.tr("Mood mode"))
        self.mode.addItem(self.tr("Match my mood"), Mode.MATCH.value)
        self.mode.addItem(self.tr("Lift my mood"), Mode.LIFT.value)
        self.mode.addItem(self.tr("Emotion only"), Mode.EMOTION.value)
        self.mode.setToolTip(self.tr(
            "Match: songs that feel like your text and are about the same things.\n"
            "Lift: for a low mood, songs that move toward comfort and happiness, still on topic.\n"
            "Emotion only: the original rule, same main emotion first."))
        saved_mode = service.setting("mode")
        self.mode.setCurrentIndex(max(0, self.mode.findData(saved_mode)))
        self.mode.currentIndexChanged.connect(self._mode_changed)

        left = QGroupBox(self.tr("Emotions"), self)
        lv = QVBoxLayout(left)
        lv.addWidget(self.mood_label)
        lv.addWidget(self.bars)
        mode_label = QLabel(self.tr("&Songs that"), self)
        mode_label.setBuddy(self.mode)
        lv.addSpacing(8)
        lv.addWidget(mode_label)
        lv.addWidget(self.mode)
        self.explain = QLabel(self.tr(
            "Songs are ranked by how close their lyrics' emotions are to yours and by how close they are to "
            "what your text is about. Match shows both together. ♡ a song to see more like it for this mood; "
            "✕ hides it."), self)
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("color: palette(placeholder-text);")
        lv.addSpacing(12)
        lv.addWidget(self.explain)
        lv.addStretch(1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.filter_bar)
        rv.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 820])

        top = QHBoxLayout()
        top.addWidget(self.editor, 1)
        side = QVBoxLayout()
        side.addWidget(self.analyze_button)
        side.addWidget(self.counter)
        side.addStretch(1)
        top.addLayout(side)
        central = QWidget(self)
        cv = QVBoxLayout(central)
        cv.addLayout(top)
        cv.addWidget(self.message)
        cv.addWidget(split, 1)
        self.setCentralWidget(central)

        # ---- history dock
        self.history = HistoryPanel(self, language)
        self.history.restore_requested.connect(self.editor.setPlainText)
        self.history.clear_requested.connect(self.clear_history)
        self.history.delete_requested.connect(self.delete_history_entry)
        self.history_dock = QDockWidget(self.tr("History"), self)
        self.history_dock.setObjectName("history")
        self.history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self.resizeDocks([self.history_dock], [260], Qt.Orientation.Horizontal)

        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.analyze_now)
        # A text left as it is for a while after a typing pause is a history entry too.
        self.history_timer = QTimer(self)
        self.history_timer.setSingleShot(True)
        self.history_timer.setInterval(HISTORY_AFTER_MS)
        self.history_timer.timeout.connect(self._save_history)
        self.editor.textChanged.connect(self._text_changed)
        self._update_counter()
        self._refresh_history()
        model_version, catalog_version, songs = service.describe()
        self.statusBar().showMessage(self.tr("Model {0} · catalog {1} · {2} songs").format(
            model_version, catalog_version, f"{songs:,}"))
        # Last: a QThread still running when a failed __init__ drops the window aborts the process
        # ("QThread: Destroyed while thread is still running"); nothing after this line can raise.
        self._background = AnalysisThread(service.analyze, self)
        self._background.done.connect(self._background_done)
        self._background.failed.connect(self._background_failed)

    # ------------------------------------------------------------------ actions
    def _action(self, text: str, shortcut, slot, menu) -> QAction:
        act = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            act.setShortcuts(shortcut)
        elif shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.export_action = self._action(self.tr("&Export feedback…"), "Ctrl+E", self.export_dialog, file_menu)
        self.import_action = self._action(self.tr("&Import feedback…"), None, self.import_dialog, file_menu)
        self.playlist_action = self._action(self.tr("Export &playlist…"), "Ctrl+Shift+E", self.playlist_dialog,
                                            file_menu)
        self.open_all_action = self._action(self.tr("&Open the first 10 on Melon"), "Ctrl+Shift+O",
                                            self.open_all_on_melon, file_menu)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu)
        if not self.quit_action.shortcuts():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        edit = bar.addMenu(self.tr("&Edit"))
        self.analyze_action = self._action(self.tr("&Analyse now"), "Ctrl+Return", self.analyze_now, edit)
        self.like_action = self._action(self.tr("&Like selected song"), "Ctrl+L", lambda: self._vote_selected(1), edit)
        self.dislike_action = self._action(self.tr("&Dislike selected song"), "Ctrl+D",
                                           lambda: self._vote_selected(-1), edit)
        self.undo_action = self._action(self.tr("&Undo last vote"), QKeySequence.StandardKey.Undo,
                                        self.undo_vote, edit)
        self.undo_action.setEnabled(False)
        edit.addSeparator()
        self.settings_action = self._action(self.tr("&Settings…"), QKeySequence.StandardKey.Preferences,
                                            self.open_settings, edit)
        if not self.settings_action.shortcuts():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        view = bar.addMenu(self.tr("&View"))
        self.votes_action = self._action(self.tr("My &votes…"), "Ctrl+Shift+V", self.open_votes, view)
        self.history_action = self.history_dock.toggleViewAction()
        self.history_action.setText(self.tr("&History"))
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        view.addAction(self.history_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.about_action = self._action(self.tr("&About Moodtune"), QKeySequence.StandardKey.HelpContents,
                                         self.about, help_menu)

    # ----------------------------------------------------------------- analysis
    def _text_changed(self) -> None:
        self.history_timer.stop()
        self._update_counter()
        self.timer.start()

    def _update_counter(self) -> None:
        n = len(self.editor.toPlainText())
        self.counter.setText(f"{n:,} / {MAX_CHARS:,}")
        over = n > MAX_CHARS
        self.counter.setStyleSheet("color: #d32f2f;" if over else "")

    def analyze_now(self) -> None:
        save_history = self.sender() is not self.timer  # typing pauses are not history entries
        self.timer.stop()
        self._request += 1
        text = self.editor.toPlainText()
        if not text.strip():
            self.analysis, self.probs, self.text_analyzed = None, None, ""
            self.bars.set_distribution(None)
            self.mood_label.setText("")
            self.table.set_results([], {})
            self.message.setText(self.tr("Type a short text – a status message or a line of your diary."))
            return
        if len(text) > BACKGROUND_CHARS:
            self._long_save_history = save_history
            if self._in_flight == 0:
                QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._in_flight += 1
            self.message.setText(self.tr("Reading a long text…"))
            self._background.submit(self._request, text)
            return
        try:
            analysis = self.service.analyze(text)
        except MoodtuneError as exc:
            self.message.setText(exc.localized(self.language))
            return
        self._show_analysis(analysis, save_history)

    def _background_answered(self, request: int) -> bool:
        """Book-keeping for a worker answer; whether it answers the latest request (if not, the
        user has changed the text since and the answer is dropped)."""
        self._in_flight -= 1
        if self._in_flight == 0:
            QApplication.restoreOverrideCursor()
        return request == self._request

    def _background_done(self, request: int, analysis: Analysis) -> None:
        if self._background_answered(request):
            self._show_analysis(analysis, self._long_save_history)

    def _background_failed(self, request: int, message: str) -> None:
        if self._background_answered(request):
            self.message.setText(message)

    def _show_analysis(self, analysis: Analysis, save_history: bool) -> None:
        self.message.setText(" ".join(text_notes(analysis.script, analysis.truncated, self.language)))
        self.analysis = analysis
        self.text_analyzed = analysis.text
        self.override = None  # a new text is read afresh
        self.bars.set_distribution(analysis.probs)
        self._apply_mood()
        if save_history:
            self._save_history()
        else:
            self.history_timer.start()

    def set_override(self, label: str) -> None:
        """"This is how I feel": rank for that emotion (the text's topic still counts); the same
        emotion again goes back to the text's own distribution."""
        self.override = None if label == self.override else label
        if self.analysis is not None:
            self._apply_mood()
        else:
            self.bars.mark_override(self.override)

    def _apply_mood(self) -> None:
        probs = self.analysis.probs
        if self.override is not None:
            probs = override_distribution(self.override)
        self.probs = probs
        self.bars.mark_override(self.override)
        top = int(np.argmax(probs))
        name = emotion_name(LABELS[top], self.language)
        self.mood_label.setText(self.tr("{0} (you chose)").format(name) if self.override
                                else f"{name}  {probs[top]:.0%}")
        self.refresh_songs()

    def refresh_songs(self) -> None:
        if self.probs is None:
            return
        top_n = int(self.service.setting("top_n"))
        self.recs = self.service.recommend(self.analysis if self.analysis is not None else self.probs, top=top_n,
                                           filters=self.filter_bar.filters(), mode=self.mode.currentData(),
                                           probs=self.probs)
        votes = self.service.latest_votes()
        self.table.set_results(self.recs, votes)
        no_match = self.tr("No song matches these filters.")
        if not self.recs:
            self.message.setText(no_match)
        elif self.message.text() == no_match:
            self.message.setText("")

    def _mode_changed(self) -> None:
        try:
            self.service.save_settings({"mode": self.mode.currentData()})
        except MoodtuneError as exc:
            log.warning("mode not saved: %s", exc)
        self.refresh_songs()

    def _filters_changed(self, f: Filters) -> None:
        try:
            self.service.remember_filters(f)
        except MoodtuneError as exc:
            log.warning("filters not saved: %s", exc)
        self.refresh_songs()

    # ------------------------------------------------------------------ voting
    def _vote_selected(self, vote: int) -> None:
        row = self.table.selected_row()
        if row is not None:
            self.vote(row, vote)

    def vote(self, row: int, vote: int) -> None:
        if self.probs is None or not (0 <= row < len(self.recs)):
            return
        rec = self.recs[row]
        try:
            vote_id = self.service.vote(self.text_analyzed, self.probs, rec, vote)
        except MoodtuneError as exc:
            log.error("vote not saved: %s", exc)
            show_error(self, self.tr("Your vote was not saved"), exc)
            return
        self._save_history()
        self.statusBar().showMessage(
            (self.tr("Liked “{0}”") if vote > 0 else self.tr("Disliked “{0}” – it leaves the list for this mood"))
            .format(rec.song.title), 5000)
        self._last_vote = (vote_id, rec.song.title)
        self.undo_action.setEnabled(True)
        self.refresh_songs()
        # The voted song stays selected; a disliked one leaves, and the song now in its place is selected,
        # so the next Ctrl+L / Ctrl+D acts on a visible song.
        keys = [rr.song.key for rr in self.recs]
        self.table.select_row(keys.index(rec.song.key) if rec.song.key in keys else row)

    def undo_vote(self) -> None:
        if self._last_vote is None:
            return
        vote_id, title = self._last_vote
        try:
            self.service.delete_vote(vote_id)
        except MoodtuneError as exc:
            show_error(self, self.tr("The vote was not undone"), exc)
            return
        self._last_vote = None
        self.undo_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Vote on “{0}” undone").format(title), 5000)
        self.refresh_songs()

    def block_artist(self, artist: str) -> None:
        try:
            self.service.block_artist(artist)
        except MoodtuneError as exc:
            show_error(self, self.tr("Settings were not saved"), exc)
            return
        self.statusBar().showMessage(
            self.tr("Songs by {0} are hidden; Settings → Profile shows them again").format(artist), 8000)
        self.refresh_songs()

    def _open_failed(self, url: str) -> None:
        QApplication.clipboard().setText(url)
        self.statusBar().showMessage(
            self.tr("No web browser could be opened; the link is on the clipboard: {0}").format(url), 10000)

    # ----------------------------------------------------------------- history
    def _save_history(self) -> None:
        if self.probs is None or self._history_saved_for == self.text_analyzed:
            return
        try:
            self.service.add_history(self.text_analyzed, self.probs, self.recs)
            self._history_saved_for = self.text_analyzed
        except MoodtuneError as exc:
            log.warning("history not saved: %s", exc)
        self._refresh_history()

    def _refresh_history(self) -> None:
        try:
            self.history.set_entries(self.service.history())
        except MoodtuneError as exc:
            log.warning("history not shown: %s", exc)

    def delete_history_entry(self, entry_id: int) -> None:
        try:
            self.service.delete_history(entry_id)
        except MoodtuneError as exc:
            show_error(self, self.tr("History was not cleared"), exc)
        self._refresh_history()

    def clear_history(self) -> None:
        if not confirm(self, self.tr("Clear history"),
                       self.tr("Delete every entry of your history? This cannot be undone.")):
            return
        try:
            self.service.clear_history()
        except MoodtuneError as exc:
            show_error(self, self.tr("History was not cleared"), exc)
        self._refresh_history()

    # ------------------------------------------------------------------ dialogs
    def _save_path(self, title: str, name: str, filters: str) -> tuple[str, str]:
        """Ask where to save: starts in the last export folder (Documents the first time), remembers it."""
        folder = self.service.setting("export_folder") or \
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, chosen = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), filters)
        if path:
            try:
                self.service.save_settings({"export_folder": str(Path(path).parent)})
            except MoodtuneError as exc:
                log.warning("export folder not remembered: %s", exc)
        return path, chosen

    def _export(self, write, done) -> int | None:
        """Run an export; a failure is a dialog, success a status message (``done(count)``)."""
        try:
            n = write()
        except MoodtuneError as exc:
            show_error(self, self.tr("Export failed"), exc)
            return None
        self.statusBar().showMessage(done(n), 8000)
        return n

    def export_dialog(self) -> None:
        path, chosen = self._save_path(self.tr("Export feedback"), "moodtune-feedback.csv",
                                       self.tr("CSV for Excel (*.csv);;JSON (*.json)"))
        if path:
            self.export_to(path, "json" if path.lower().endswith(".json") or "json" in chosen.lower() else "csv")

    def playlist_dialog(self) -> None:
        if not self.recs:
            self.statusBar().showMessage(self.tr("There is no list to export yet."), 5000)
            return
        path, chosen = self._save_path(self.tr("Export playlist"), "moodtune-playlist.m3u8",
                                       self.tr("Playlist with Melon links (*.m3u8);;Text: artist - title (*.txt)"))
        if path:
            self.playlist_to(path, "txt" if path.lower().endswith(".txt") or "txt" in chosen.lower() else "m3u8")

    def playlist_to(self, path: str, fmt: str) -> int | None:
        from desktop.playlist_export import export_playlist

        title = f"Moodtune - {self.text_analyzed[:40]}"
        return self._export(lambda: export_playlist(self.recs, path, fmt, title=title),
                            lambda n: self.tr("Saved a playlist of {0} songs to {1}").format(n, path))

    def open_all_on_melon(self) -> None:
        opened = sum(self.table.open_on_melon(row) for row in range(min(10, len(self.recs))))
        if opened:
            self.statusBar().showMessage(self.tr("Opened {0} songs on Melon").format(opened), 5000)

    def export_to(self, path: str, fmt: str) -> int | None:
        return self._export(lambda: self.service.export_feedback(path, fmt),
                            lambda n: self.tr("Exported {0} votes to {1}").format(n, path))

    def import_dialog(self) -> None:
        folder = self.service.setting("export_folder") or \
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import feedback"), folder,
                                              self.tr("Moodtune votes (*.csv *.json)"))
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> tuple[int, int] | None:
        """Add the votes of an exported file (already-present ones are skipped), then re-rank."""
        try:
            added, present = self.service.import_feedback(path)
        except MoodtuneError as exc:
            show_error(self, self.tr("Import failed"), exc)
            return None
        self.statusBar().showMessage(self.tr("Imported {0} votes from {1} ({2} were already there)")
                                     .format(added, path, present), 8000)
        if added:
            self.refresh_songs()
        return added, present

    def open_votes(self) -> None:
        from desktop.ui.votes_dialog import VotesDialog

        dialog = VotesDialog(self.service, self)
        dialog.exec()
        if dialog.changed:
            self._last_vote = None
            self.undo_action.setEnabled(False)
            self.refresh_songs()

    def open_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog  # on demand: the first frame does not need it

        dialog = SettingsDialog(self.service, self.service.genres(), self)
        if dialog.exec():
            try:
                dialog.save()
            except MoodtuneError as exc:
                show_error(self, self.tr("Settings were not saved"), exc)
            self.filter_bar.set_filters(self.service.remembered_filters())
            self.refresh_songs()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._background.stop()
        super().closeEvent(event)

    def about(self) -> None:
        from desktop.ui.about_dialog import show_about

        show_about(self, *self.service.describe())
