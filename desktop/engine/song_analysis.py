"""Numbers for the user's own songs, comparable with the catalog's.

Why: "My music only" ranks the user's files with the same engine as the catalog.  A file that is a
catalog song (same title as a listener hears it, ``title_key``, and same artist) reuses the
catalog's numbers.  A file with lyrics the catalog lacks is read by the shipped model, cut exactly
as the catalog build cuts lyrics (``desktop.library.lyric_chunks``): its emotions are the
repeat-weighted mean over 4-line Korean chunks, as in the catalog.  Its topic vector is the mean of
the model's e5 vectors of its 8-line passages, centred on the reference texts' mean, then taken onto
the catalog's scale by the catalog's topic bridge (``desktop.engine.topic_bridge``: the catalog's
topics come from the raw e5 passage encoder, which is not shipped; ``benchmarks/library_import.py
parity`` measures how close the two are).  Files with neither are listed with the reason.

``analyse_pending`` runs on a background thread with the service's one inference session.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import numpy as np

from desktop.engine.recommend import title_key
from desktop.engine.topic_bridge import TopicBridge
from desktop.library.catalog import Catalog
from desktop.library.lyric_chunks import chunks_of, distinct_chunks, lyric_lines, readable, song_emotion, topic_passages
from desktop.library.my_music import REASON_NO_LYRICS, REASON_NOT_KOREAN, MusicLibrary

_NON_WORD = re.compile(r"[\W_]+")
PAGE = 2000  # pending songs read from the library at a time
SONGS_PER_BATCH = 2  # songs analysed, then committed, per step: what a cancel keeps; between steps the
# analysis gives way to the user's own analyses (``pause``)


def artist_key(artist: str) -> str:
    return _NON_WORD.sub("", artist.lower())


class CatalogMatcher:
    """Catalog rows by (title as heard, artist): the first (most charted) row wins."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._rows: dict[tuple[str, str], int] = {}
        for i, s in enumerate(catalog.songs):
            self._rows.setdefault((title_key(s.title), artist_key(s.artist)), i)

    def row(self, title: str, artist: str) -> int | None:
        if not title or not artist:
            return None
        return self._rows.get((title_key(title), artist_key(artist)))


def analyse_lyrics(
    model,
    lyrics: list[str],
    topic_centre: np.ndarray | None = None,
    bridge: TopicBridge | None = None,
) -> list[tuple[np.ndarray, np.ndarray | None] | None]:
    """Per song: (emotions (7,), unit topic vector or None), or None when the model cannot read
    the lyrics (mostly not Korean, or too short).  All songs' chunks run in one batch.  With
    ``bridge`` the topic vector is in the catalog's topic space (after centring on ``topic_centre``)."""
    plans: list[tuple[int, list[str], list[int], list[str]] | None] = []  # (first text, chunks, counts, passages)
    texts: list[str] = []
    for text in lyrics:
        lines = lyric_lines(text)
        chunks, ratio = chunks_of(lines)
        if not readable(chunks, ratio):
            plans.append(None)
            continue
        distinct, counts = distinct_chunks(chunks)
        passages = topic_passages(lines)
        plans.append((len(texts), distinct, counts, passages))
        texts += distinct
    logits = model.logits_batch(texts, batch_size=16) if texts else np.zeros((0, 7), dtype=np.float32)
    passages_all = [p for plan in plans if plan for p in plan[3]]
    vectors = None
    if passages_all and model.has_embedding:
        _, vectors = model.read_batch(passages_all, batch_size=16)
    out: list[tuple[np.ndarray, np.ndarray | None] | None] = []
    k = 0
    for plan in plans:
        if plan is None:
            out.append(None)
            continue
        start, distinct, counts, passages = plan
        probs = song_emotion(logits[start : start + len(distinct)], np.asarray(counts))
        topic = None
        if vectors is not None:
            v = np.asarray(vectors[k : k + len(passages)], dtype=np.float64).mean(0)
            v /= max(float(np.linalg.norm(v)), 1e-12)
            if topic_centre is not None:
                v = v - topic_centre
                v /= max(float(np.linalg.norm(v)), 1e-12)
            if bridge is not None:
                v = bridge(v)
            topic = v.astype(np.float32)
        k += len(passages)
        out.append((probs.astype(np.float32), topic))
    return out


def topic_centre(catalog: Catalog) -> np.ndarray | None:
    """What a local song's topic vector is centred on: the reference texts' mean (the catalog's
    calibration ``query_mean``), since the model's vectors are e5 query vectors."""
    cal = catalog.topic_calibration() if catalog.topics is not None else {}
    mean = cal.get("query_mean")
    return None if mean is None else np.asarray(mean, dtype=np.float64)


def analyse_pending(
    library: MusicLibrary,
    catalog: Catalog,
    model_of: Callable[[], object],
    analysed_with: str,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    pause: Callable[[], None] | None = None,
) -> int:
    """Match or analyse every song still pending; returns how many were done.  ``model_of`` is
    called only when some song needs the model (a library of catalog songs never loads it);
    ``pause`` is called before each step (it may wait while the window is busy)."""
    cancel = cancel or threading.Event()
    matcher = CatalogMatcher(catalog)
    centre = topic_centre(catalog)
    bridge = TopicBridge.of(catalog)
    total, done = library.pending_count(), 0
    while not cancel.is_set():
        pending = library.pending(PAGE)  # a page at a time: lyrics of 20,000 songs are not held at once
        if not pending:
            break
        results: list = []
        to_read: list[tuple[str, str]] = []
        for path, title, artist, lyrics in pending:
            row = matcher.row(title, artist)
            if row is not None:
                s = catalog.songs[row]
                topic = None if catalog.topics is None else catalog.topics[row]
                results.append((path, "", s.key, catalog.vectors[row], topic))
            elif lyrics:
                to_read.append((path, lyrics))
            else:
                results.append((path, REASON_NO_LYRICS, None, None, None))
        library.set_numbers(results, analysed_with)
        done += len(results)
        if progress is not None:
            progress(done, total)
        for start in range(0, len(to_read), SONGS_PER_BATCH):
            if pause is not None:
                pause()
            if cancel.is_set():
                break
            part = to_read[start : start + SONGS_PER_BATCH]
            numbers = analyse_lyrics(model_of(), [lyr for _, lyr in part], centre, bridge)
            library.set_numbers(
                [
                    (path, "", None, n[0], n[1]) if n else (path, REASON_NOT_KOREAN, None, None, None)
                    for (path, _), n in zip(part, numbers)
                ],
                analysed_with,
            )
            done += len(part)
            if progress is not None:
                progress(done, total)
    return done
