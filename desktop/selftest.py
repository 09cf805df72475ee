"""``moodtune --self-test``: prove an install works end to end, in a throw-away profile.

Loads the bundled model and catalog, analyses a fixed Korean sentence, ranks, writes
and reads back a vote in a temporary user-data folder (the real profile is never
touched) and prints one line.  Exit code 0 only when every step passed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "오늘 너무 행복해"


def run_self_test() -> int:
    from desktop.service import Moodtune

    t0 = time.perf_counter()
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
    ok = label == "행복" and abs(float(probs.sum()) - 1) < 1e-4 and (app.topic is None or analysis.topic is not None)
    status = "ok" if ok else "FAILED"
    print(f"moodtune self-test {status}: model {app.model.version}, catalog {app.catalog.version} "
          f"({len(app.catalog)} songs, topic model {'on' if app.topic else 'off'}); "
          f"'{SENTENCE}' -> {label} {probs.max():.0%}; "
          f"top song '{recs[0].song.title}' by {recs[0].song.artist}; vote written and read back; "
          f"{time.perf_counter() - t0:.2f}s")
    sys.stdout.flush()
    return 0 if ok else 1
