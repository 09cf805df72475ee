"""How lyrics are cut into what the models read, and how chunk outputs become one song vector.

Why one module: the catalog build (``training.build_catalog``, ``training.song_aggregate``) and the
app's analysis of a user's own songs (``desktop.engine.song_analysis``) must read lyrics exactly
the same way, or a local song's numbers would not be comparable with the catalog's.  Both import
these definitions; nothing here reads a file or a model.

* emotion: chunks of ``LINES_PER_CHUNK`` Korean lines (lines without Hangul, e.g. English hooks or
  "oh oh", are dropped: the classifier was trained on Korean only); each distinct chunk is read once
  and its repeat count kept; the song is the repeat-weighted mean of the chunk probabilities.
* topic: the song's unique lines, in order, in passages of ``TOPIC_LINES``.
"""

from __future__ import annotations

import re

import numpy as np

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LINES_PER_CHUNK = 4  # emotion: the seed's chunks
TOPIC_LINES = 8  # topic: longer passages, e5 reads up to 512 tokens
MIN_KOREAN = 0.3  # the build's --min-korean default: songs with fewer Korean lines are not read


def lyric_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a lyrics text."""
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def chunks_of(lines: list[str]) -> tuple[list[str], float]:
    """The emotion chunks of a song and its share of Korean lines."""
    korean = [ln for ln in lines if HANGUL.search(ln)]
    ratio = len(korean) / max(1, len(lines))
    return ["\n".join(korean[i : i + LINES_PER_CHUNK]) for i in range(0, len(korean), LINES_PER_CHUNK)], ratio


def readable(chunks: list[str], ratio: float, min_korean: float = MIN_KOREAN) -> bool:
    """Whether the models can read the song: enough Korean lines, and at least one full chunk's worth."""
    return ratio >= min_korean and sum(len(c.split("\n")) for c in chunks) >= LINES_PER_CHUNK


def distinct_chunks(chunks: list[str]) -> tuple[list[str], list[int]]:
    """Each distinct chunk once, in first-seen order, with its repeat count (a chorus weighs more)."""
    distinct: dict[str, int] = {}
    for c in chunks:
        distinct[c] = distinct.get(c, 0) + 1
    return list(distinct), list(distinct.values())


def topic_passages(lines: list[str]) -> list[str]:
    """Unique lines in order (a chorus counts once for the topic), ``TOPIC_LINES`` per passage."""
    seen, unique = set(), []
    for ln in lines:
        if ln not in seen:
            seen.add(ln)
            unique.append(ln)
    return ["\n".join(unique[i : i + TOPIC_LINES]) for i in range(0, len(unique), TOPIC_LINES)]


def softmax(x: np.ndarray, t: float = 1.0) -> np.ndarray:
    e = np.exp((x - x.max(axis=-1, keepdims=True)) / t)
    return e / e.sum(axis=-1, keepdims=True)


def song_emotion(logits: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The song's 7-vector: the repeat-weighted mean of its chunks' probabilities (the catalog's
    ``prob_mean_repeats``, fixed in advance; see ``training.song_aggregate``)."""
    c = np.asarray(counts, dtype=np.float64)
    v = (softmax(np.asarray(logits, dtype=np.float64)) * c[:, None]).sum(0) / c.sum()
    return v / v.sum()
