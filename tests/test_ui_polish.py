"""The 2026-12-02 UX review's fixes: a list that holds still under the pointer, toggled votes with
undo and redo, a remembered layout that fits the screen, Tab order, first run, filters, and
error dialogs in the UI's language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QApplication
from test_ui import answer_dialogs, type_and_wait, window  # noqa: F401 (the fixture)

from desktop.core.errors import CatalogError, DamagedUserDataError, ModelError, UserDataError
from desktop.engine.recommend import Filters
from desktop.library.catalog import Catalog
from desktop.profile.user_store import UserStore
from desktop.service import Moodtune
from desktop.ui.main_window import MainWindow
from desktop.ui.song_table import DISLIKE_COL, LIKE_COL
from tests.helpers import ROOT, make_catalog, one_hot_mix, song_row

pytestmark = pytest.mark.ui

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def vote_button(w, row, col):
    return w.table.indexWidget(w.table.model().index(row, col))


def keys(w):
    return [r.song.key for r in w.recs]


@pytest.fixture
def korean(qapp):
    """The Korean catalogue and Qt's own, as ``install_translations`` sets them up for a Korean UI."""
    from desktop.ui import dialogs
    from desktop.ui.app import install_translations

    installed = install_translations(qapp, "ko")
    assert installed, "the Korean catalogue did not load"
    yield
    for t in installed:
        QCoreApplication.removeTranslator(t)
    dialogs.set_language("en")


def english_words(text: str) -> list[str]:
    """Latin words a Korean user would have to read (names of the app and its files aside)."""
    allowed = {"Moodtune", "catalog", "db", "log", "moodtune"}
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed]


# ---------------------------------------------------------------- the list holds still
def test_a_vote_leaves_the_row_under_the_pointer_in_place(qtbot, window):  # noqa: F811
    """Review #2: a ♡ moved the song to #1 and the next click hit another song."""
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    before = keys(window)
    third = window.recs[2].song.key
    cross = vote_button(window, 2, DISLIKE_COL)
    pointer = cross.mapTo(window.table.viewport(), QPoint(cross.width() // 2, cross.height() // 2))
    qtbot.mouseClick(vote_button(window, 2, LIKE_COL), Qt.MouseButton.LeftButton)  # the like that re-ranked
    qtbot.mouseClick(vote_button(window, 1, LIKE_COL), Qt.MouseButton.LeftButton)
    assert keys(window) == before  # no re-ranking under the pointer
    assert window.recs[window.table.indexAt(pointer).row()].song.key == third  # the same song is there
    assert window.refresh_button.isVisibleTo(window) and window.votes_pending  # says votes wait
    qtbot.mouseClick(vote_button(window, 2, DISLIKE_COL), Qt.MouseButton.LeftButton)
    assert window.service.store.votes()[-1].song_key == third  # the song the user saw there
    assert window.service.store.votes()[-1].vote == -1
    window.refresh_action.trigger()  # F5: the user asks, the list counts the votes
    assert third not in keys(window) and not window.refresh_button.isVisibleTo(window)


def test_a_new_text_counts_the_votes(qtbot, window):  # noqa: F811
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    gone = window.recs[0].song.key
    qtbot.mouseClick(vote_button(window, 0, DISLIKE_COL), Qt.MouseButton.LeftButton)
    assert gone in keys(window)
    type_and_wait(qtbot, window, "오늘 너무 행복해!")
    assert gone not in keys(window) and not window.votes_pending


# ---------------------------------------------------------------- toggles, undo and redo
def test_heart_toggles_and_my_votes_lists_a_song_once(qtbot, window):  # noqa: F811
    """Review #3: a second ♡ recorded a second like."""
    from desktop.ui.votes_dialog import VotesDialog

    type_and_wait(qtbot, window, "오늘 너무 행복해")
    heart = vote_button(window, 0, LIKE_COL)
    qtbot.mouseClick(heart, Qt.MouseButton.LeftButton)
    assert [v.vote for v in window.service.store.votes()] == [1] and heart.isChecked() and heart.text() == "♥"
    qtbot.mouseClick(heart, Qt.MouseButton.LeftButton)  # again: taken back
    assert window.service.store.votes() == [] and not heart.isChecked() and heart.text() == "♡"
    qtbot.mouseClick(heart, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(vote_button(window, 0, DISLIKE_COL), Qt.MouseButton.LeftButton)  # ✕ replaces the ♥
    assert [v.vote for v in window.service.store.votes()] == [-1] and not heart.isChecked()
    d = VotesDialog(window.service, window)
    qtbot.addWidget(d)
    assert d.model.rowCount() == 1


def test_undo_and_redo_several_votes(qtbot, window):  # noqa: F811
    """Review #4: undo was one level deep, with no redo."""
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    titles = [r.song.title for r in window.recs[:3]]
    for row, col in ((0, LIKE_COL), (1, DISLIKE_COL), (2, LIKE_COL)):
        qtbot.mouseClick(vote_button(window, row, col), Qt.MouseButton.LeftButton)
    assert titles[2] in window.undo_action.text()  # names the vote it takes back
    window.table.setFocus()
    for left in (2, 1, 0):
        qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert len(window.service.store.votes()) == left
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()
    assert titles[0] in window.redo_action.text()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_Z, ctrl_shift)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, ctrl_shift)
    assert [(v.title, v.vote) for v in window.service.store.votes()] == [(titles[0], 1), (titles[1], -1)]
    assert window.table.model().index(1, 0).data(Qt.ItemDataRole.UserRole) == -1  # the ✕ shows again
    qtbot.mouseClick(vote_button(window, 0, LIKE_COL), Qt.MouseButton.LeftButton)  # a new vote ends redo
    assert not window.redo_action.isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes the toggle-off
    assert [(v.title, v.vote) for v in window.service.store.votes()][-1][1] in (1, -1)
    assert len(window.service.store.votes()) == 2


def test_ctrl_l_acts_only_on_the_highlighted_row(qtbot, window):  # noqa: F811
    """Review #12: the view's current cell (a faint frame) was liked without being highlighted."""
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.table.setCurrentIndex(window.table.model().index(0, 1))
    window.table.clearSelection()
    window.editor.setFocus()
    window.like_action.trigger()
    assert window.service.store.votes() == []
    window.table.selectRow(1)
    window.like_action.trigger()
    assert [v.title for v in window.service.store.votes()] == [window.recs[1].song.title]


# ---------------------------------------------------------------- the list's figures and order
def test_match_numbers_follow_the_rank(qtbot, window):  # noqa: F811
    """Review #15: a liked song at #1 showed 90 above a 94."""
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.table.selectRow(len(window.recs) - 1)
    window.like_action.trigger()
    window.refresh_list()
    shown = [int(window.table.model().index(i, 5).data()) for i in range(len(window.recs))]
    assert shown == sorted(shown, reverse=True)
    assert [r.rank for r in window.recs] == list(range(1, len(window.recs) + 1))


def test_a_year_filter_puts_unknown_years_last(qtbot, model, tmp_path):
    """Review #16: with years 2023–2023, the first nine songs were of unknown year."""
    H = 0  # noqa: N806
    rows = [
        song_row(str(i), f"song {i}", one_hot_mix(H, None, 0.6 + 0.03 * i), year=None if i % 2 else 2010 + i)
        for i in range(8)
    ]
    service = Moodtune(model, Catalog.open(make_catalog(tmp_path / "c.db", rows)), UserStore(tmp_path / "p"))
    w = MainWindow(service, language="en")
    qtbot.addWidget(w)
    type_and_wait(qtbot, w, "오늘 너무 행복해")
    assert any(not r.song.year for r in w.recs[:2])  # unfiltered, the two kinds mix
    w.filter_bar.year_min.setValue(2011)
    years = [r.song.year for r in w.recs]
    assert sorted(years[:3]) == [2012, 2014, 2016] and years[3:] == [None] * 4
    assert [r.rank for r in w.recs] == list(range(1, 8))
    service.close()


def test_restored_filters_are_visible_and_clear_in_one_click(qtbot, model, small_catalog, tmp_path):
    """Review #17: filters came back silently at the next start."""
    store = UserStore(tmp_path / "p")
    store.set_many({"filter_genres": ["발라드"], "year_min": 2010})
    service = Moodtune(model, Catalog.open(small_catalog), store)
    w = MainWindow(service, language="ko")
    qtbot.addWidget(w)
    w.show()
    assert w.filter_notice.isVisible() and "발라드" in w.filter_notice.text() and "2010" in w.filter_notice.text()
    assert w.statusBar().currentMessage()  # said once, at start
    w.clear_filters_button.click()
    assert w.filter_bar.filters() == Filters() and not w.filter_notice.isVisible()
    assert store.get("filter_genres") == [] and store.get("year_min") is None
    service.close()


def test_genre_with_an_ampersand_shows_it(qtbot):
    """Review #20: "R&B/Soul" read "RB/Soul", with Alt+B as a hidden shortcut."""
    from desktop.ui.filter_bar import FilterBar

    bar = FilterBar(["R&B/Soul", "발라드"], (2000, 2020))
    qtbot.addWidget(bar)
    act = bar.genre_actions["R&B/Soul"]
    assert act.text() == "R&&B/Soul"  # drawn as "R&B/Soul"
    act.setChecked(True)
    assert bar.genre.text() == "R&&B/Soul" and bar.filters().genres == {"R&B/Soul"}


# ---------------------------------------------------------------- first run
def test_first_run_shows_how_it_works_and_examples(qtbot, window):  # noqa: F811
    """Review #18: the first window showed an empty list."""
    assert window.pages.currentWidget() is window.welcome and window.welcome.isVisible()
    assert not window.refresh_button.isVisible() and not window.notice_row.isVisible()  # nothing pending
    assert len(window.welcome.examples) >= 3 and window.welcome.how.text()
    qtbot.mouseClick(window.welcome.examples[1], Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == window.welcome.examples[1].text()
    assert window.pages.currentWidget() is window.table and window.recs
    assert window.service.store.history() == []  # an example is not the user's own entry
    window.editor.setPlainText("")
    window.analyze_now()
    assert window.pages.currentWidget() is window.welcome


# ---------------------------------------------------------------- layout
def test_layout_is_remembered(qtbot, model, small_catalog, tmp_path):
    """Review #9: every start was 1120x720 with the history closed."""
    store = UserStore(tmp_path / "p")
    service = Moodtune(model, Catalog.open(small_catalog), store)
    a = MainWindow(service, language="en")
    qtbot.addWidget(a)
    a.show()
    qtbot.waitExposed(a)
    a.resize(700, 520)
    a.history_dock.show()
    a.split.setSizes([260, 440])
    panes, size = a.split.sizes(), (a.width(), a.height())
    assert size[1] == 520
    a.close()
    assert store.get("window_state")
    b = MainWindow(service, language="en")
    qtbot.addWidget(b)
    b.show()
    qtbot.waitExposed(b)
    assert (b.width(), b.height()) == size
    assert b.history_dock.isVisible()
    assert b.split.sizes() == panes
    service.close()


def test_window_fits_the_screen(qtbot, model, small_catalog, tmp_path, monkeypatch):
    """Review #10: at 150 % on a 1080p laptop (1280x720 logical) the 1120x720 window overflowed."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1280, 680))  # 720 less a task bar
    service = Moodtune(model, Catalog.open(small_catalog), UserStore(tmp_path / "p"))
    w = MainWindow(service, language="ko")
    qtbot.addWidget(w)
    assert w.height() + 32 <= 680 and w.width() <= 1280 and w.y() >= 0
    w.resize(1600, 1000)  # a layout saved on a bigger screen
    w.fit_to_screen()
    assert w.width() <= 1280 and w.height() + 32 <= 680 and w.x() >= 0 and w.y() >= 0
    service.close()


def test_tab_order_follows_the_layout_and_f6_goes_to_the_list(qtbot, window):  # noqa: F811
    """Review #11: the mode menu came after the list, "hide disliked" before "unknown year"."""
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    window.activateWindow()
    window.editor.setFocus()
    seen = [window.editor]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is window.table:
            break
    fb = window.filter_bar
    expected = [
        window.editor,
        window.analyze_button,
        *window.bars.names.values(),
        window.mode,
        fb.genre,
        fb.year_min,
        fb.year_max,
        fb.unknown_year,
        fb.hide_disliked,
        window.table,
    ]
    assert [w for w in seen if w in expected] == expected
    window.editor.setFocus()
    window.focus_list_action.trigger()
    assert window.table.hasFocus() and window.table.selected_row() == 0
    assert window.focus_list_action.shortcut().toString() == "F6"
    assert window.mode.accessibleName() == "Recommend by"  # the visible label, without its '&'


# ---------------------------------------------------------------- history
def test_history_items_never_fill_the_dock(qtbot, window):  # noqa: F811
    from desktop.ui.history_panel import SHOWN_CHARS, shorten

    assert shorten("가" * 500, SHOWN_CHARS).endswith("…") and len(shorten("가" * 500, SHOWN_CHARS)) == SHOWN_CHARS
    assert shorten("짧은\n글", SHOWN_CHARS) == "짧은 글"


# ---------------------------------------------------------------- errors in the UI's language
def test_every_error_dialog_is_korean_in_the_korean_ui(qtbot, korean, monkeypatch, tmp_path):
    """Review #1 and #19: the damaged-data dialog was English; English details and developer
    commands leaked into the dialogs."""
    from desktop.ui import app as app_module
    from desktop.ui.dialogs import show_error

    asked = answer_dialogs(monkeypatch, None)
    title = QApplication.translate("App", "Moodtune cannot start")
    errors = [
        ModelError("The emotion model file is missing: /x/emotion.onnx"),
        CatalogError("The song catalog is missing: /y/catalog.db"),
        UserDataError("Could not save your vote in /z: the disk is full."),
        DamagedUserDataError("Your saved data in /p/moodtune.db is damaged: file is not a database", None),
        OSError(13, "Permission denied"),
        RuntimeError("something odd"),
    ]
    for err in errors:
        show_error(None, title, err)
    assert not app_module.offer_fresh_start(
        DamagedUserDataError("Your saved data in /p/moodtune.db is damaged", tmp_path / "moodtune.db")
    )
    assert len(asked) == len(errors) + 1
    for box in asked:
        shown = " ".join([box["title"], box["text"], box["info"].split("\n")[0], *box["buttons"]])
        assert HANGUL.search(box["text"]) and english_words(shown) == [], shown
        assert "python" not in box["text"] and "`" not in box["text"]
    assert "/x/emotion.onnx" in asked[0]["detail"]  # the detail is still there, behind "Show Details"
    assert any("따로 보관" in b for b in asked[-1]["buttons"])


def test_window_error_paths_are_korean(qtbot, korean, window, monkeypatch):  # noqa: F811
    type_and_wait(qtbot, window, "오늘 너무 행복해")
    asked = answer_dialogs(monkeypatch, None)

    def fail(*a, **k):
        raise UserDataError("Could not save your vote in /x: the disk is full.")

    monkeypatch.setattr(window.service.store, "add_vote", fail)
    qtbot.mouseClick(vote_button(window, 0, LIKE_COL), Qt.MouseButton.LeftButton)
    monkeypatch.setattr(window.service.store, "clear_history", fail)
    answer_dialogs(monkeypatch, "모두 지우기")
    window.clear_history()
    assert asked and all(HANGUL.search(b["title"]) and HANGUL.search(b["text"]) for b in asked)


def test_english_dialogs_tell_users_no_developer_commands():
    for err in (ModelError("The emotion model file is missing: /x"), CatalogError("The song catalog is missing: /y")):
        text, _ = err.for_dialog("en")
        assert "python" not in text and "`" not in text and "Reinstall" in text
        assert "python -m training" in err.developer_hint  # the CLI still says it


def test_qt_dialogs_are_korean(korean):
    """Review #21a: Qt's own file dialog showed "Look in:" and "Files of type:"."""
    for source in ("Look in:", "Files of type:", "Show Details..."):
        context = "QMessageBox" if source.startswith("Show") else "QFileDialog"
        assert HANGUL.search(QCoreApplication.translate(context, source)), source


def test_korean_wording_of_the_review(korean):
    tr = QCoreApplication.translate
    assert tr("FilterBar", "Hide disliked songs") == "싫어요한 노래 숨기기"
    assert tr("MainWindow", "Lift my mood") == "기분이 나아지게"
    assert tr("MainWindow", "Match the emotion only") == "감정만 맞추기"
    assert tr("MainWindow", "&Export feedback…").startswith("평가 내보내기")
    assert "건" in tr("MainWindow", "Exported {0} votes to {1}")
    assert tr("HistoryPanel", "Load this text again") == "이 글 다시 불러오기"
    assert tr("MainWindow", "Clear all") == "모두 지우기"
    assert "일치도" in tr(
        "MainWindow",
        "Songs are ranked by whether they are about a situation like yours, in a "
        "tone like yours, and by their lyrics' emotions; familiar songs come first "
        "among equals. Match shows it all together. "
        "♡ a song to see more like it for this mood; ✕ hides it.",
    )
    # 해요체 everywhere: no 합쇼체 endings in the catalogue
    import xml.etree.ElementTree as ET

    formal = [
        m.findtext("translation")
        for m in ET.parse(ROOT / "resources/i18n/moodtune_ko.ts").iter("message")
        if re.search(r"(습니다|ㅂ니다|합니다|됩니다|입니다)", m.findtext("translation") or "")
    ]
    assert formal == []


def test_accessible_names_of_the_votes_table(qtbot, window):  # noqa: F811
    from desktop.ui.votes_dialog import VotesDialog

    type_and_wait(qtbot, window, "오늘 너무 행복해")
    qtbot.mouseClick(vote_button(window, 0, LIKE_COL), Qt.MouseButton.LeftButton)
    d = VotesDialog(window.service, window)
    qtbot.addWidget(d)
    assert d.table.accessibleName() == "My votes"
    assert d.model.index(0, 1).data(Qt.ItemDataRole.AccessibleTextRole) == "Liked"


def test_analysis_errors_in_the_message_line_are_korean(qtbot, korean, window, monkeypatch):  # noqa: F811
    """The message line above the list (a missing model at the first text, short or long) is Korean too."""

    def missing(text):
        raise ModelError("The emotion model file is missing: /x/emotion.onnx")

    monkeypatch.setattr(window.service, "analyze", missing)
    window.editor.setPlainText("오늘 너무 행복해")
    window.analyze_now()
    assert HANGUL.search(window.message.text()) and english_words(window.message.text()) == []
    monkeypatch.setattr(window, "_background_analyze", missing)
    window.editor.setPlainText("무서워 " * 800)  # long: read on the worker thread
    window.analyze_now()
    qtbot.waitUntil(lambda: window._in_flight == 0, timeout=10_000)
    assert HANGUL.search(window.message.text()) and english_words(window.message.text()) == []


def test_last_vote_is_the_songs_newest(window):  # noqa: F811
    """What a second ♡ / ✕ takes back: one indexed query, not a read of every vote."""
    store = window.service.store
    with store.db.atomic():
        store.Vote.insert_many(
            [
                {
                    "text": None,
                    "mood": "[1,0,0,0,0,0,0]",
                    "song_key": str(i % 3),
                    "title": "t",
                    "artist": "a",
                    "rank": 1,
                    "score": 0.5,
                    "vote": 1 if i % 2 else -1,
                    "model_version": "m",
                    "catalog_version": "c",
                }
                for i in range(30)
            ]
        ).execute()
    store._generation += 1
    newest = max((v for v in store.votes() if v.song_key == "1"), key=lambda v: v.id)
    assert window.service.last_vote("1") == newest and window.service.last_vote("nope") is None
