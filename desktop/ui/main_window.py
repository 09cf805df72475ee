"""The main window: text box, emotion bars, filters, ranked songs, history dock.

It only wires widgets to the ``Moodtune`` service; ranking, storage and the model
live in the domain modules.  Analysis runs a moment after the last keystroke and at
once on Ctrl+Enter; texts longer than ``BACKGROUND_CHARS`` are analysed off the GUI thread
(``desktop.ui.tasks``), because reading them takes long enough to freeze the window.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MoodtuneError
from desktop.core.labels import LABELS, dominant, dominant_index
from desktop.core.text_input import MAX_CHARS
from desktop.engine.explain import emotion_name, text_notes
from desktop.engine.modes import DEFAULT as DEFAULT_MODE
from desktop.engine.modes import MODES, mode_spec
from desktop.engine.modes import tooltip as mode_tooltip
from desktop.engine.recommend import NEGATIVE, Filters, Recommendation
from desktop.library.links import LinkService
from desktop.service import Analysis, Moodtune
from desktop.ui.dialogs import confirm, show_error
from desktop.ui.emotion_bars import EmotionBars
from desktop.ui.filter_bar import FilterBar
from desktop.ui.history_panel import HistoryPanel
from desktop.ui.links import copy_links, open_links
from desktop.ui.song_table import SongTable
from desktop.ui.tasks import TaskQueue
from desktop.ui.theme import apply_theme
from desktop.ui.welcome import WelcomePanel
from desktop.ui.window_music import WindowMusic

log = logging.getLogger("moodtune.ui")


def override_distribution(label: str) -> np.ndarray:
    """The 7-vector for "I feel <label>": mostly that emotion, a little of the rest."""
    p = np.full(len(LABELS), 0.15 / (len(LABELS) - 1), dtype=np.float32)
    p[LABELS.index(label)] = 0.85
    return p


DEBOUNCE_MS = 350
BACKGROUND_CHARS = 1_500
DEFAULT_SIZE = (1120, 720)
OPEN_AT_ONCE = 10  # File > Open the first 10 (on the chosen service)
HISTORY_CHARS = 120  # a history item shows this much of its text (the tooltip a little more)


class _EnterFilter(QObject):
    """Enter (or Ctrl+Enter) inside the text box analyses and ends the text: it becomes a history
    entry.  Shift+Enter inserts a newline."""

    def __init__(self, callback, parent=None) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.callback()
            return True
        return False


@dataclass
class _VoteStep:
    """One write of a vote operation: ``add`` a vote (its id is set once written) or ``remove`` one."""

    kind: str  # "add" | "remove"
    text: str | None  # None: a vote whose text was not kept
    probs: np.ndarray
    rec: Recommendation
    vote: int
    vote_id: int | None = None


@dataclass
class _VoteOp:
    """What one ♡/✕ click did (a toggle can remove the song's vote and add another): the unit of
    undo and redo."""

    title: str
    steps: list[_VoteStep] = field(default_factory=list)


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
        self._undo: list[_VoteOp] = []  # newest last; Ctrl+Z takes the last one back
        self._redo: list[_VoteOp] = []  # what Ctrl+Z took back, newest last (Ctrl+Shift+Z)
        self.votes_pending = False  # votes made since the list was ranked (the list is not re-ranked under
        # the pointer: it changes on the next text, or when the user asks for it)
        self._request = 0  # number of the latest analysis asked for; older answers are dropped
        self._in_flight = 0  # background analyses not yet answered (busy cursor while > 0)
        self._long_save_history = False  # whether the text sent to the worker is a history entry
        self.setWindowTitle("Moodtune")
        self.resize(*DEFAULT_SIZE)
        apply_theme(str(service.setting("theme")))  # "system" (the default) changes nothing

        # ---- text input
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.tr("How do you feel? e.g. 오늘 너무 행복해 · 비 오는 날 괜히 우울하다"))
        self.editor.setAccessibleName(self.tr("Your text"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(110)
        self.editor.installEventFilter(_EnterFilter(self.analyze_now, self))
        self.counter = QLabel(self)
        self.counter.setAccessibleName(self.tr("Character count"))
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # errors quote data files (D8)
        self.message.setWordWrap(True)
        # One line is kept for the notes even when there is none, so a note appearing or going away
        # does not push the panes down and up (#35).
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 2)
        self.analyze_button = QPushButton(self.tr("Find songs"), self)
        self.analyze_button.setToolTip(
            self.tr("Find songs now and keep the text in the history (Enter; Shift+Enter starts a new line)")
        )
        self.analyze_button.clicked.connect(lambda: self.analyze_now())

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
        self.mood_label.setText("–")  # like the bars before the first text: no empty gap above them (#35)
        self.filter_bar = FilterBar(service.genres(), service.year_range(), self)
        self.filter_bar.set_filters(service.remembered_filters())
        self.filter_bar.filters_changed.connect(self._filters_changed)
        self.table = SongTable(self, language)
        self.table.vote_requested.connect(self.vote)
        self.table.open_failed.connect(self._open_failed)
        self.table.block_artist_requested.connect(self.block_artist)
        self.welcome = WelcomePanel(self)
        self.welcome.example_chosen.connect(self._use_example)
        self.mode = QComboBox(self)
        for spec in MODES:  # names and tooltip in the UI's language, from the one declaration
            self.mode.addItem(spec.name(language), spec.code)
        self.mode.setToolTip(mode_tooltip(language))
        saved_mode = service.setting("mode")
        self.mode.setCurrentIndex(max(0, self.mode.findData(saved_mode)))
        self.mode.currentIndexChanged.connect(self._mode_changed)

        left = QGroupBox(self.tr("Emotions"), self)
        lv = QVBoxLayout(left)
        lv.addWidget(self.mood_label)
        lv.addWidget(self.bars)
        mode_label = QLabel(self.tr("&Recommend by"), self)
        mode_label.setBuddy(self.mode)
        self.mode.setAccessibleName(mode_label.text().replace("&", ""))  # what the label shows
        lv.addSpacing(8)
        lv.addWidget(mode_label)
        lv.addWidget(self.mode)
        # Why "Lift my mood" changed nothing: the text is not low, so there is nothing to lift (#30).
        self.mode_note = QLabel(self)
        self.mode_note.setWordWrap(True)
        self.mode_note.setTextFormat(Qt.TextFormat.PlainText)
        self.mode_note.setStyleSheet("color: palette(placeholder-text);")
        self.mode_note.hide()
        lv.addWidget(self.mode_note)
        self.explain = QLabel(
            self.tr(
                "Songs are ranked by whether they are about a situation like yours, in a tone like yours, and by "
                "their lyrics' emotions; familiar songs come first among equals. Match shows it all together. "
                "♡ a song to see more like it for this mood; ✕ hides it."
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("color: palette(placeholder-text);")
        lv.addSpacing(12)
        lv.addWidget(self.explain)
        lv.addStretch(1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.filter_bar)
        # The notice row: filters that are on (they are remembered between starts) and votes that the
        # list does not show yet, each with its one-click action.
        self.filter_notice = QLabel(self)
        self.filter_notice.setStyleSheet("color: palette(placeholder-text);")
        self.clear_filters_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.refresh_button = QPushButton(self.tr("Update the list with your votes (F5)"), self)
        self.refresh_button.setToolTip(
            self.tr("Your votes change the ranking; the list stays as it is until you update it or write a new text")
        )
        self.refresh_button.clicked.connect(self.refresh_list)
        self.refresh_button.hide()  # shown while votes wait for the list (``_set_votes_pending``)
        notices = QHBoxLayout()
        notices.setContentsMargins(0, 0, 0, 0)
        notices.addWidget(self.filter_notice)
        notices.addWidget(self.clear_filters_button)
        notices.addStretch(1)
        notices.addWidget(self.refresh_button)
        self.notice_row = QWidget(self)
        self.notice_row.setLayout(notices)
        rv.addWidget(self.notice_row)
        # Search within the list (Ctrl+F): hides the songs whose title, artist or genre don't match.
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search the list: title, artist or genre (Ctrl+F)"))
        self.search_box.setAccessibleName(self.tr("Search the list"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._search_changed)
        self.search_count = QLabel(self)
        self.search_count.setStyleSheet("color: palette(placeholder-text);")
        search_row = QHBoxLayout()
        search_row.setContentsMargins(0, 0, 0, 0)
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.search_count)
        self.music = WindowMusic(self)  # the My music switch, the player bar, the Music menu
        self.music.library_only_changed.connect(lambda _on: self.refresh_songs())
        search_row.addWidget(self.music.switch)
        rv.addLayout(search_row)
        self.pages = QStackedWidget(self)  # the first-run panel until there is a list, then the list
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.table)
        rv.addWidget(self.pages, 1)
        self.split = split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("panes")
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
        cv.addWidget(self.music.player)
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
        self._set_tab_order()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._typing_paused)
        self.editor.textChanged.connect(self._text_changed)
        self._update_counter()
        self._refresh_history()
        self._update_notices()
        self._restore_layout()
        if not self.filter_bar.is_default():  # remembered from the last run: say so once, at start
            self.statusBar().showMessage(self.tr("The filters you set last time are on"), 10000)
        # Last: a QThread still running when a failed __init__ drops the window aborts the process
        # ("QThread: Destroyed while thread is still running"); nothing after this line can raise.
        self._background = TaskQueue("moodtune-analysis")
        self._background_analyze = service.analyze  # what a long text is read with (tests replace it)

    # ------------------------------------------------------------------ layout
    def _set_tab_order(self) -> None:
        """Tab follows what the window shows: the text, then the left pane top to bottom, then the
        filters left to right, the notices and the list (F6 goes straight to the list)."""
        chain = [
            self.editor,
            self.analyze_button,
            *self.bars.names.values(),
            self.mode,
            *self.filter_bar.tab_chain(),
            self.clear_filters_button,
            self.refresh_button,
            self.search_box,
            *self.welcome.tab_chain(),
            self.table,
            self.history.list,
            self.history.clear_button,
        ]
        for a, b in zip(chain, chain[1:]):
            self.setTabOrder(a, b)

    def _restore_layout(self) -> None:
        """The last size, position, panes and docks; then fitted to the screen it opens on."""
        saved = str(self.service.setting("window_state") or "")
        parts = saved.split(";")
        restored = False
        if len(parts) == 3:
            try:
                geometry, state, panes = (QByteArray(base64.b64decode(p, validate=True)) for p in parts)
            except ValueError:
                log.warning("window layout not restored: unreadable")
            else:
                restored = self.restoreGeometry(geometry)
                self.restoreState(state)
                self.split.restoreState(panes)
        self.fit_to_screen(centre=not restored)

    def fit_to_screen(self, centre: bool = False) -> None:
        """Never larger than the screen's work area (150 % on a 1080p laptop is 1280x720 logical, less
        the task bar), and wholly on it."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()
        # Before the window is shown its frame is unknown: allow for a typical title bar.
        fw = frame.width() - self.width() if frame.width() > self.width() else 2
        fh = frame.height() - self.height() if frame.height() > self.height() else 32
        w, h = min(self.width(), area.width() - fw), min(self.height(), area.height() - fh)
        if self.minimumWidth() > w or self.minimumHeight() > h:
            self.setMinimumSize(min(self.minimumWidth(), w), min(self.minimumHeight(), h))
        self.resize(w, h)
        if centre:
            x, y = area.left() + (area.width() - w - fw) // 2, area.top() + (area.height() - h - fh) // 2
        else:
            x = min(max(self.x(), area.left()), area.left() + area.width() - w - fw)
            y = min(max(self.y(), area.top()), area.top() + area.height() - h - fh)
        self.move(x, y)

    def save_layout(self) -> None:
        state = ";".join(
            base64.b64encode(bytes(b.data())).decode("ascii")
            for b in (self.saveGeometry(), self.saveState(), self.split.saveState())
        )
        try:
            self.service.save_settings({"window_state": state})
        except MoodtuneError as exc:
            log.warning("window layout not saved: %s", exc)

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
        self.playlist_action = self._action(
            self.tr("Export &playlist…"), "Ctrl+Shift+E", self.playlist_dialog, file_menu
        )
        self.copy_list_action = self._action(
            self.tr("&Copy the list as text"), "Ctrl+Shift+C", self.copy_list, file_menu
        )
        self.open_all_action = self._action("", "Ctrl+Shift+O", self.open_all_songs, file_menu)  # named below
        # Greyed out in the open menu when there is nothing to export or open; the shortcuts stay live
        # (outside the menu they say in the status bar why nothing happened).
        self.file_menu = file_menu
        self._name_link_actions()
        file_menu.aboutToShow.connect(self._update_file_menu)
        file_menu.aboutToHide.connect(lambda: self._update_file_menu(everything=True))
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu)
        if not self.quit_action.shortcuts():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        edit = bar.addMenu(self.tr("&Edit"))
        self.analyze_action = self._action(self.tr("&Analyse now"), "Ctrl+Return", lambda: self.analyze_now(), edit)
        self.like_action = self._action(self.tr("&Like selected song"), "Ctrl+L", lambda: self._vote_selected(1), edit)
        self.dislike_action = self._action(
            self.tr("&Dislike selected song"), "Ctrl+D", lambda: self._vote_selected(-1), edit
        )
        self.undo_action = self._action(self.tr("&Undo vote"), QKeySequence.StandardKey.Undo, self.undo_vote, edit)
        self.redo_action = self._action(self.tr("&Redo vote"), QKeySequence.StandardKey.Redo, self.redo_vote, edit)
        redo_keys = self.redo_action.shortcuts()
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), *redo_keys])
        self._update_undo_actions()
        edit.addSeparator()
        self.settings_action = self._action(
            self.tr("&Settings…"), QKeySequence.StandardKey.Preferences, self.open_settings, edit
        )
        if not self.settings_action.shortcuts():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        view = bar.addMenu(self.tr("&View"))
        self.refresh_action = self._action(self.tr("&Update the list"), "F5", self.refresh_list, view)
        self.focus_list_action = self._action(self.tr("Go to the song &list"), "F6", self.focus_list, view)
        self.focus_text_action = self._action(self.tr("Go to the &text"), "Ctrl+T", self.focus_text, view)
        self.search_action = self._action(
            self.tr("&Search the list"), QKeySequence.StandardKey.Find, self.focus_search, view
        )
        if QKeySequence("Ctrl+F") not in self.search_action.shortcuts():
            self.search_action.setShortcuts([QKeySequence("Ctrl+F"), *self.search_action.shortcuts()])
        view.addSeparator()
        self.votes_action = self._action(self.tr("My &votes…"), "Ctrl+Shift+V", self.open_votes, view)
        self.history_action = self.history_dock.toggleViewAction()
        self.history_action.setText(self.tr("&History"))
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        view.addAction(self.history_action)
        self.music.build_menu(bar)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = self._action(
            self.tr("Moodtune &help and shortcuts"), QKeySequence.StandardKey.HelpContents, self.show_help, help_menu
        )
        if QKeySequence("F1") not in self.help_action.shortcuts():
            self.help_action.setShortcuts([QKeySequence("F1"), *self.help_action.shortcuts()])
        help_menu.addSeparator()
        self.about_action = self._action(self.tr("&About Moodtune"), None, self.about, help_menu)

    # ----------------------------------------------------------------- analysis
    def _text_changed(self) -> None:
        self._update_counter()
        self.timer.start()

    def _typing_paused(self) -> None:
        """A pause while typing shows the songs but is no history entry: only Enter or Find songs ends a text."""
        self.analyze_now(save_history=False)

    def _use_example(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.analyze_now(save_history=False)  # trying an example is not the user's own mood

    def focus_list(self) -> None:
        if self.pages.currentWidget() is self.table:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            top = self.table.first_shown_row()
            if self.table.selected_row() is None and top is not None:
                self.table.select_row(top)
        else:
            self.welcome.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.welcome.focusNextChild()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_changed(self, text: str = "") -> None:
        shown = self.table.set_search(self.search_box.text())
        total = len(self.recs)
        if not self.search_box.text().strip() or not total:
            self.search_count.setText("")
        elif shown:
            self.search_count.setText(self.tr("{0} of {1} songs").format(shown, total))
        else:
            self.search_count.setText(self.tr("No song in the list matches"))

    def focus_text(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_counter(self) -> None:
        n = len(self.editor.toPlainText())
        self.counter.setText(f"{n:,} / {MAX_CHARS:,}")
        over = n > MAX_CHARS
        self.counter.setStyleSheet("color: #d32f2f;" if over else "")

    def analyze_now(self, save_history: bool = True) -> None:
        """Analyse the text now; ``save_history``: it is a finished text (Enter, Find songs, Ctrl+Enter)."""
        self.timer.stop()
        self._request += 1
        text = self.editor.toPlainText()
        if not text.strip():
            self.analysis, self.probs, self.text_analyzed = None, None, ""
            self.bars.set_distribution(None)
            self.mood_label.setText("–")
            self.recs = []
            self.table.set_results([], {})
            self._search_changed()
            self.pages.setCurrentWidget(self.welcome)
            self._set_votes_pending(False)
            self.message.setText(self.tr("Type a short text – a status message or a line of your diary."))
            return
        if len(text) > BACKGROUND_CHARS:
            self._long_save_history = save_history
            if self._in_flight == 0:
                QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._in_flight += 1
            self.message.setText(self.tr("Reading a long text…"))
            request = self._request
            self._background.run_task(
                lambda: self._background_analyze(text),
                lambda analysis, error: self._background_answer(request, analysis, error),
                receiver=self,
            )
            return
        try:
            analysis = self.service.analyze(text)
        except MoodtuneError as exc:
            self.message.setText(exc.for_dialog(self.language)[0].replace("\n\n", " "))  # detail: in the log
            log.warning("text not analysed: %s", exc)
            return
        self._show_analysis(analysis, save_history)

    def _background_answered(self, request: int) -> bool:
        """Book-keeping for a worker answer; whether it answers the latest request (if not, the
        user has changed the text since and the answer is dropped)."""
        self._in_flight -= 1
        if self._in_flight == 0:
            QApplication.restoreOverrideCursor()
        return request == self._request

    def _background_answer(self, request: int, analysis: Analysis | None, error: BaseException | None) -> None:
        """A long text's analysis, or why there is none, in the UI's language (the detail is logged)."""
        if error is None:
            assert analysis is not None  # run_task answers (result, None) or (None, error)
            self._background_done(request, analysis)
        elif isinstance(error, MoodtuneError):
            log.warning("text not analysed: %s", error)
            self._background_failed(request, error.for_dialog(self.language)[0].replace("\n\n", " "))
        else:
            log.error("background analysis failed", exc_info=error)
            self._background_failed(
                request,
                QCoreApplication.translate(
                    "AnalysisThread", "The text could not be analysed ({0}). Details are in the log."
                ).format(type(error).__name__),
            )

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

    def set_override(self, label: str) -> None:
        """ "This is how I feel": rank for that emotion (the text's topic still counts); the same
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
        top = dominant_index(probs)
        name = emotion_name(LABELS[top], self.language)
        self.mood_label.setText(
            self.tr("{0} (you chose)").format(name) if self.override else f"{name}  {probs[top]:.0%}"
        )
        self.refresh_songs()

    def refresh_songs(self) -> None:
        """Rank again (a new text, mood, mode or filters, or the user asked): the one place the list's
        order changes.  The selected song stays selected when it is still in the list."""
        self._update_notices()
        self._update_mode_note()
        if self.probs is None:
            return
        selected = self.table.selected_row()
        selected_key = self.recs[selected].song.key if selected is not None and selected < len(self.recs) else None
        top_n = int(self.service.setting("top_n"))
        filters = self.filter_bar.filters()
        library_only = self.music.library_only()
        recs = self.service.recommend(
            self.analysis if self.analysis is not None else self.probs,
            top=top_n,
            filters=filters,
            mode=self.mode.currentData(),
            probs=self.probs,
            library_only=library_only,
        )
        if (filters.year_min or filters.year_max) and filters.unknown_year:
            # A year range asks for those years: songs of unknown year come after the ones in range.
            recs = [r for r in recs if r.song.year] + [r for r in recs if not r.song.year]
            recs = [r if r.rank == i else replace(r, rank=i) for i, r in enumerate(recs, 1)]
        self.recs = recs
        votes = self.service.latest_votes()
        self.table.set_results(self.recs, votes)
        self._search_changed()
        self.pages.setCurrentWidget(self.table)
        self._set_votes_pending(False)
        keys = [r.song.key for r in self.recs]
        if selected_key in keys:
            self.table.select_row(keys.index(selected_key))
        no_match = self.tr("No song matches these filters.")
        no_music = self.tr(
            "None of your songs can be ranked yet: add a folder in Music > My music… "
            "(songs need lyrics, or to be in the catalog)."
        )
        if not self.recs:
            self.message.setText(no_music if library_only else no_match)
        elif self.message.text() in (no_match, no_music):
            self.message.setText("")

    def _update_mode_note(self) -> None:
        lift = mode_spec(self.mode.currentData() or DEFAULT_MODE).lifts
        label = dominant(self.probs) if self.probs is not None else None
        if lift and label is not None and label not in NEGATIVE:
            self.mode_note.setText(
                self.tr(
                    "Your mood reads as {0}, not low, so there is nothing to lift: the list "
                    "is the same as with Match my mood."
                ).format(emotion_name(label, self.language))
            )
            self.mode_note.show()
        else:
            self.mode_note.hide()

    def refresh_list(self) -> None:
        """The user asked for the list with their votes counted (F5, the notice's button)."""
        self.refresh_songs()
        if self.recs:
            self.statusBar().showMessage(self.tr("The list now counts your votes"), 5000)

    def _set_votes_pending(self, pending: bool) -> None:
        self.votes_pending = pending and self.probs is not None
        self.refresh_button.setVisible(self.votes_pending)
        self.refresh_action.setEnabled(self.probs is not None)
        self._update_notice_row()

    def _update_notices(self) -> None:
        f = self.filter_bar.filters()
        active = not self.filter_bar.is_default()
        if active:
            parts = []
            if f.genres:
                parts.append(", ".join(sorted(f.genres)))
            if f.year_min or f.year_max:
                lo, hi = self.service.year_range()
                parts.append(f"{f.year_min or lo}–{f.year_max or hi}")
            if f.exclude_disliked:
                parts.append(self.tr("disliked songs hidden"))
            if (f.year_min or f.year_max) and not f.unknown_year:
                parts.append(self.tr("no songs of unknown year"))
            self.filter_notice.setText(self.tr("Filters on: {0}").format(" · ".join(parts)))
        self.filter_notice.setVisible(active)
        self.clear_filters_button.setVisible(active)
        self._update_notice_row()

    def _update_notice_row(self) -> None:
        self.notice_row.setVisible(not self.clear_filters_button.isHidden() or not self.refresh_button.isHidden())

    def clear_filters(self) -> None:
        self.filter_bar.set_filters(Filters())
        self._filters_changed(self.filter_bar.filters())

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
        """♡ / ✕ on a row: a toggle (the same vote again takes it back; the other one replaces it).
        The list keeps its order, so the row under the pointer is still the same song; the ranking
        counts the vote on the next text or when the user updates the list."""
        if self.probs is None or not (0 <= row < len(self.recs)):
            return
        rec = self.recs[row]
        current = self.table.songs.votes.get(rec.song.key, 0)
        op = _VoteOp(self._song_name(rec))  # with the artist: two songs can share a title (#36)
        if current:
            try:
                last = self.service.last_vote(rec.song.key)
            except MoodtuneError as exc:
                show_error(self, self.tr("Your vote was not saved"), exc)
                return
            if last is not None:
                op.steps.append(
                    _VoteStep("remove", last.text, np.asarray(last.mood, dtype=np.float32), rec, last.vote, last.id)
                )
        if current != vote:
            op.steps.append(_VoteStep("add", self.text_analyzed, self.probs, rec, vote))
        done = self._run_steps(op.steps, self.tr("Your vote was not saved"))
        if not done:
            return
        op.steps = done
        self._undo.append(op)
        self._redo.clear()
        if current != vote:
            self._save_history()
        if current == vote:
            message = self.tr("Vote on “{0}” taken back")
        elif vote > 0:
            message = self.tr("Liked “{0}”")
        else:
            message = self.tr("Disliked “{0}” – it leaves the list when you update it")
        self.statusBar().showMessage(message.format(self._song_name(rec)), 5000)
        self._votes_changed()

    @staticmethod
    def _song_name(rec: Recommendation) -> str:
        return f"{rec.song.title} – {rec.song.artist}"

    def _run_steps(self, steps: list[_VoteStep], title: str, undo: bool = False) -> list[_VoteStep]:
        """Write ``steps`` (or take them back, in reverse order, with ``undo``); the steps that were
        written.  A failure is shown and stops there."""
        done = []
        for step in reversed(steps) if undo else steps:
            adding = (step.kind == "add") != undo
            try:
                if adding:
                    step.vote_id = self.service.vote(step.text, step.probs, step.rec, step.vote)
                else:
                    self.service.delete_vote(step.vote_id)
            except MoodtuneError as exc:
                log.error("vote not saved: %s", exc)
                show_error(self, title, exc)
                break
            done.append(step)
        return list(reversed(done)) if undo else done

    def _votes_changed(self) -> None:
        """The ♥/✕ marks follow the votes at once; the order waits (see ``vote``)."""
        try:
            self.table.set_votes(self.service.latest_votes())
        except MoodtuneError as exc:
            log.warning("votes not shown: %s", exc)
        self._set_votes_pending(True)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        self.undo_action.setEnabled(bool(self._undo))
        self.redo_action.setEnabled(bool(self._redo))
        # "R&B" in a title is an '&', not a mnemonic
        self.undo_action.setText(
            self.tr("&Undo vote on “{0}”").format(self._undo[-1].title.replace("&", "&&"))
            if self._undo
            else self.tr("&Undo vote")
        )
        self.redo_action.setText(
            self.tr("&Redo vote on “{0}”").format(self._redo[-1].title.replace("&", "&&"))
            if self._redo
            else self.tr("&Redo vote")
        )

    def undo_vote(self) -> None:
        if not self._undo:
            return
        op = self._undo[-1]
        if len(self._run_steps(op.steps, self.tr("The vote was not undone"), undo=True)) < len(op.steps):
            return
        self._redo.append(self._undo.pop())
        self.statusBar().showMessage(self.tr("Vote on “{0}” undone").format(op.title), 5000)
        self._votes_changed()

    def redo_vote(self) -> None:
        if not self._redo:
            return
        op = self._redo[-1]
        if len(self._run_steps(op.steps, self.tr("The vote was not redone"))) < len(op.steps):
            return
        self._undo.append(self._redo.pop())
        self.statusBar().showMessage(self.tr("Vote on “{0}” redone").format(op.title), 5000)
        self._votes_changed()

    def block_artist(self, artist: str) -> None:
        try:
            self.service.block_artist(artist)
        except MoodtuneError as exc:
            show_error(self, self.tr("Settings were not saved"), exc)
            return
        self.statusBar().showMessage(
            self.tr("Songs by {0} are hidden; Settings → Profile shows them again").format(artist), 8000
        )
        self.refresh_songs()

    def _open_failed(self, url: str) -> None:
        QApplication.clipboard().setText(url)
        self.statusBar().showMessage(
            self.tr("No web browser could be opened; the link is on the clipboard: {0}").format(url), 10000
        )

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
        if not confirm(
            self,
            self.tr("Clear history"),
            self.tr("Delete every entry of your history? This cannot be undone."),
            self.tr("Clear all"),
        ):
            return
        try:
            self.service.clear_history()
        except MoodtuneError as exc:
            show_error(self, self.tr("History was not cleared"), exc)
        self._refresh_history()

    # ------------------------------------------------------------------ dialogs
    def _save_path(self, title: str, name: str, filters: str) -> tuple[str, str]:
        """Ask where to save: starts in the last export folder (Documents the first time), remembers it."""
        folder = self.service.setting("export_folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
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

    def _update_file_menu(self, everything: bool = False) -> None:
        try:
            votes = everything or bool(self.service.latest_votes())
        except MoodtuneError as exc:
            log.warning("votes not read: %s", exc)
            votes = True  # the export says what is wrong
        self.export_action.setEnabled(votes)
        for act in (self.playlist_action, self.copy_list_action, self.open_all_action):
            act.setEnabled(everything or bool(self.recs))

    def export_dialog(self) -> None:
        try:
            has_votes = bool(self.service.votes())
        except MoodtuneError as exc:
            show_error(self, self.tr("Export failed"), exc)
            return
        if not has_votes:  # no file name asked, no header-only file written
            self.statusBar().showMessage(self.tr("There are no votes to export yet: ♡ or ✕ a song first."), 8000)
            return
        path, chosen = self._save_path(
            self.tr("Export feedback"), "moodtune-feedback.csv", self.tr("CSV for Excel (*.csv);;JSON (*.json)")
        )
        if path:
            self.export_to(path, "json" if path.lower().endswith(".json") or "json" in chosen.lower() else "csv")

    def playlist_dialog(self) -> None:
        if not self.recs:
            self.statusBar().showMessage(self.tr("There is no list to export yet."), 5000)
            return
        # The M3U8 holds web pages, which music players cannot play, except for the songs that are the
        # user's own files: the file type says which (#31).
        name = f"moodtune-playlist-{datetime.now():%Y-%m-%d-%H%M}.m3u8"
        own = len(self.service.files_of(r.song.key for r in self.recs))
        if own == len(self.recs):
            kinds = self.tr(
                "M3U8 of your {0} files – it plays in a music player (*.m3u8);;Text: artist - title and file (*.txt)"
            ).format(own)
        elif own:
            kinds = self.tr(
                "M3U8 – your {1} files play in a music player, the other songs are {0} web pages for a browser "
                "(*.m3u8);;Text: artist - title, and the file for yours (*.txt)"
            ).format(self.links.name(self.language), own)
        else:
            kinds = self.tr(
                "M3U8 of {0} web pages – they open in a browser, not in a music player (*.m3u8);;"
                "Text: artist - title (*.txt)"
            ).format(self.links.name(self.language))
        path, chosen = self._save_path(self.tr("Export playlist"), name, kinds)
        if path:
            self.playlist_to(path, "txt" if path.lower().endswith(".txt") or "txt" in chosen.lower() else "m3u8")

    def playlist_to(self, path: str, fmt: str) -> int | None:
        from desktop.profile.playlist_export import export_playlist

        # The file's title quotes the text only when the user keeps their texts (Settings, #31).
        keep = bool(self.service.setting("store_text"))
        title = f"Moodtune - {self.text_analyzed[:40]}" if keep else f"Moodtune - {datetime.now():%Y-%m-%d %H:%M}"
        links = self.links.code
        files = self.service.files_of(r.song.key for r in self.recs)  # in memory: the library is not read here

        def done(n: int) -> str:
            if not files:
                return self.tr("Saved a playlist of {0} songs to {1}").format(n, path)
            return self.tr("Saved a playlist of {0} songs to {1}; {2} of them play from your files").format(
                n, path, len(files)
            )

        return self._export(lambda: export_playlist(self.recs, path, fmt, title=title, links=links, files=files), done)

    def copy_list(self) -> None:
        """The list on the clipboard as text, ``artist - title`` a line, with the file for the songs that
        are the user's (the same text as the .txt export)."""
        from desktop.profile.playlist_export import render_text

        if not self.recs:
            self.statusBar().showMessage(self.tr("There is no list to copy yet."), 5000)
            return
        QApplication.clipboard().setText(render_text(self.recs, self.service.files_of(r.song.key for r in self.recs)))
        self.statusBar().showMessage(self.tr("Copied {0} songs to the clipboard as text").format(len(self.recs)), 5000)

    @property
    def links(self) -> LinkService:
        """The streaming service songs open on (the ``link_service`` setting)."""
        return self.service.link_service()

    def _name_link_actions(self) -> None:
        """Menu texts that name the streaming service: at start and whenever the setting changes."""
        self.open_all_action.setText(self.tr("&Open the first 10 on {0}").format(self.links.name(self.language)))
        self.table.links = self.links

    def open_all_songs(self) -> None:
        """The first 10 songs on the chosen service: asks before opening several browser tabs; with no
        browser every link goes to the clipboard at once (one a line) and the status bar says so."""
        where = self.links
        urls = [where.app_url(r.song.ref) or where.url(r.song.ref) for r in self.recs[:OPEN_AT_ONCE]]
        name = where.name(self.language)
        if not urls:
            self.statusBar().showMessage(self.tr("There is no list to open yet."), 5000)
            return
        if len(urls) > 1 and not confirm(
            self,
            self.tr("Open songs on {0}").format(name),
            self.tr("Open {0} songs on {1}? Your web browser opens a tab for each.").format(len(urls), name),
            self.tr("Open {0} tabs").format(len(urls)),
        ):
            return
        left = open_links(urls)
        opened = len(urls) - len(left)
        if left:
            copy_links(left)
            message = self.tr("No web browser could be opened; {0} links are on the clipboard, one a line")
            self.statusBar().showMessage(message.format(len(left)), 10000)
        else:
            self.statusBar().showMessage(self.tr("Opened {0} songs on {1}").format(opened, name), 5000)

    def export_to(self, path: str, fmt: str) -> int | None:
        return self._export(
            lambda: self.service.export_feedback(path, fmt),
            lambda n: self.tr("Exported {0} votes to {1}").format(n, path),
        )

    def import_dialog(self) -> None:
        folder = self.service.setting("export_folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import feedback"), folder, self.tr("Moodtune votes (*.csv *.json)")
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> tuple[int, int] | None:
        """Add the votes of an exported file (already-present ones are skipped), then re-rank."""
        try:
            added, present = self.service.import_feedback(path)
        except MoodtuneError as exc:
            show_error(self, self.tr("Import failed"), exc)
            return None
        self.statusBar().showMessage(
            self.tr("Imported {0} votes from {1} ({2} were already there)").format(added, path, present), 8000
        )
        if added:
            self.refresh_songs()
        return added, present

    def open_votes(self) -> None:
        from desktop.ui.votes_dialog import VotesDialog

        dialog = VotesDialog(self.service, self)
        dialog.exec()
        if dialog.changed:  # the undo steps may name votes that are gone now
            self._undo.clear()
            self._redo.clear()
            self._votes_changed()

    def open_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog  # on demand: the first frame does not need it

        dialog = SettingsDialog(self.service, self.service.genres(), self)
        language = self.service.setting("language")
        if dialog.exec():
            try:
                dialog.save()
            except MoodtuneError as exc:
                show_error(self, self.tr("Settings were not saved"), exc)
                return
            self.filter_bar.set_filters(self.service.remembered_filters())
            apply_theme(self.service.setting("theme"))  # at once, no restart
            self._name_link_actions()
            self.refresh_songs()
            if self.service.setting("language") != language:
                self._offer_restart()

    def _offer_restart(self) -> None:
        """A new language shows after a restart: offer it now rather than leave the user to find out (#33)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restart Moodtune"),
            self.tr("The new language shows after Moodtune starts again. Restart now?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        now = box.addButton(self.tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        box.exec()
        if box.clickedButton() is now:
            from desktop.ui import restart

            restart.schedule_restart()
            self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._background.wait()  # the text being read finishes before the window goes
        self.music.close()
        self.save_layout()
        super().closeEvent(event)

    def show_help(self) -> None:
        from desktop.ui.help_dialog import HelpDialog

        # Not modal: the shortcuts can stay open next to the window while the user tries them.
        if getattr(self, "help_dialog", None) is None:
            self.help_dialog = HelpDialog([*self.actions(), self.history_action], self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def about(self) -> None:
        from desktop.ui.about_dialog import show_about

        show_about(self, *self.service.describe())
