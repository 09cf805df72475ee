"""``moodtune --self-test``: prove an install works end to end, in a throw-away profile.

Loads the bundled models and catalog (sha256 checked), analyses a fixed Korean sentence,
ranks, writes and reads back a vote in a temporary user-data folder, reads the real
profile's moodtune.db read-only (integrity, version), checks that Qt finds its platform
plugin and Korean translations (without opening a window, so it runs without a display) and
prints one line.  The real profile is never created or changed.  Exit code 0 only when every
step passed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "오늘 너무 행복해"
CHECK_BUSY_TIMEOUT_S = 1.0  # the real profile locked by another program: wait this long, then say so


def check_user_data() -> tuple[bool, str]:
    """Read the real profile's moodtune.db read-only (never creates or changes it)."""
    import sqlite3

    from desktop.core import paths
    from desktop.profile.user_store import DB_NAME, SCHEMA_VERSION

    db = paths.user_data_dir() / DB_NAME
    if db.is_symlink() or (db.exists() and not db.is_file()):
        return False, f"saved data in {db} is not a regular file (a link or pipe); Moodtune will not open it"
    if not db.exists():
        return True, "no saved data yet"
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=CHECK_BUSY_TIMEOUT_S)
        try:
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            votes = con.execute("SELECT count(*) FROM votes").fetchone()[0] if version else 0
        finally:
            con.close()
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:  # another program holds it: not a reason to delete it
            return True, f"saved data in {db} is in use by another program (locked), not checked"
        return False, f"saved data in {db} is damaged ({exc})"
    if check != "ok":
        return False, f"saved data in {db} is damaged ({check})"
    if version > SCHEMA_VERSION:
        return False, f"saved data in {db} is from a newer Moodtune (version {version})"
    return True, f"saved data ok ({votes} votes)"


PLATFORM_PLUGIN = {"win32": "qwindows.dll", "darwin": "libqcocoa.dylib"}.get(sys.platform, "libqxcb.so")


def check_qt() -> tuple[bool, str]:
    """The window's toolkit files, where Qt itself looks for them (a frozen build must carry them)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    plugins = [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    plugins.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    if not any((p / "platforms" / PLATFORM_PLUGIN).is_file() for p in plugins):
        return False, f"Qt's platform plugin {PLATFORM_PLUGIN} not found in {', '.join(map(str, plugins))}"
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load(QLocale(QLocale.Language.Korean), "qtbase", "_", translations):
        return False, f"Qt's Korean translations not found in {translations}"
    return True, "Qt ok"


def run_self_test() -> int:
    from desktop.service import Moodtune

    t0 = time.perf_counter()
    data_ok, data_note = check_user_data()
    with tempfile.TemporaryDirectory(prefix="moodtune-selftest-") as tmp:
        # Everything this run writes (votes, the verified-model cache) goes to the throw-away profile.
        os.environ["MOODTUNE_DATA_DIR"] = tmp
        app = Moodtune.load(data_dir=Path(tmp))
        try:
            analysis = app.analyze(SENTENCE)
            probs = analysis.probs
            label = app.model.label_of(probs)
            recs = app.recommend(analysis, top=5)
            if not recs:
                raise RuntimeError("no recommendation")
            app.vote(SENTENCE, probs, recs[0], +1)
            votes = app.store.votes()
            if len(votes) != 1 or votes[0].song_key != recs[0].song.key:
                raise RuntimeError("vote was not read back")
        finally:
            app.close()
    topic_ok = not app.use_topics or analysis.topic is not None
    index = app.recommender.topics
    index_note = "no topic index" if index is None else f"{index.backend} topic index"
    qt_ok, qt_note = check_qt()
    ok = data_ok and qt_ok and topic_ok and label == "행복" and abs(float(probs.sum()) - 1) < 1e-4
    status = "ok" if ok else "FAILED"
    print(
        f"moodtune self-test {status}: model {app.model.version}, catalog {app.catalog.version} "
        f"({len(app.catalog)} songs, topic {'on' if app.use_topics else 'off'}, {index_note}); "
        f"'{SENTENCE}' -> {label} {probs.max():.0%}; "
        f"top song '{recs[0].song.title}' by {recs[0].song.artist}; vote written and read back; {data_note}; "
        f"{qt_note}; "
        f"{time.perf_counter() - t0:.2f}s"
    )
    sys.stdout.flush()
    return 0 if ok else 1
