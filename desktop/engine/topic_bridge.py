"""A user's own song on the catalog's scale: the topic bridge, and situations from catalog neighbours.

Why: a song the catalog lacks is read at run time by the shipped model, whose topic output is an e5
*query* vector; the catalog's topic vectors came from the raw e5 *passage* encoder at build time,
which is not shipped.  The two are near in direction but not on one scale (a local song's topic
fit read far higher than a catalog song's).  The catalog carries a small affine map fitted on
catalog songs (``training/fit_topic_bridge.py``; stored as ``Catalog.topic_bridge``): a run-time
vector ``x`` (centred, unit) goes to ``unit(x + (A x) B + b)``, the identity plus a low-rank
correction and a shift (the shift alone does most of it; the fit's figures are in
docs/BENCHMARKS.md).

The situation layer (what a song is about, its tone, its listener messages) was annotated for
catalog songs only.  ``transfer`` gives a local song the weighted mean of its ``K`` nearest
catalog songs' numbers in the bridged topic space, so "My music only" ranks local songs with the
same blend as the catalog ranking.
"""

from __future__ import annotations

import numpy as np

from desktop.library.catalog import Catalog

K = 20  # catalog neighbours a local song takes its situations from (chosen on held-out catalog songs)
SHARPNESS = 20.0  # neighbour weights: softmax of nearness x SHARPNESS (a nearer song counts more)
EMOTION_WEIGHT = 0.0  # how much the emotions count in nearness, beside the topic cosine


def _unit_rows(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


class TopicBridge:
    """The catalog's map from run-time topic vectors to its topic space (see the module docstring)."""

    def __init__(self, packed: np.ndarray) -> None:
        packed = np.asarray(packed, dtype=np.float32)
        r = (packed.shape[0] - 1) // 2
        self.rank = r
        self.a = packed[:r]  # (r, d): x -> its r coordinates
        self.b = packed[r : 2 * r]  # (r, d): those coordinates -> a correction in the catalog's space
        self.shift = packed[2 * r]

    @classmethod
    def of(cls, catalog: Catalog) -> TopicBridge | None:
        """The catalog's bridge, or None when it has none (an older catalog: local songs keep their
        run-time vectors, as before the bridge)."""
        return None if catalog.topic_bridge is None else cls(catalog.topic_bridge)

    @staticmethod
    def stamp(catalog: Catalog) -> str:
        """What the analysis of local songs records about the bridge ("" without one): numbers made
        with another bridge are not on this catalog's scale, so the library re-analyses them."""
        if catalog.topic_bridge is None:
            return ""
        import hashlib

        return "|bridge:" + hashlib.sha256(catalog.topic_bridge.astype("<f2").tobytes()).hexdigest()[:12]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Unit vectors in the catalog's topic space for one (d,) or many (n, d) run-time vectors."""
        x = np.asarray(x, dtype=np.float32)
        y = x + (x @ self.a.T) @ self.b + self.shift
        return _unit_rows(y).astype(np.float32)


def neighbours(
    catalog: Catalog,
    topics: np.ndarray,
    k: int | None = None,
    exclude: list[list[int]] | None = None,
    probs: np.ndarray | None = None,
    emotion_weight: float | None = None,
    sharpness: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest catalog songs of each (bridged, unit) topic vector and their weights:
    (n, k) rows and (n, k) weights summing to 1.  With ``probs`` (n, 7) nearness is the topic
    cosine plus ``emotion_weight`` x the Bhattacharyya coefficient of the emotions.  ``exclude``
    (per vector, catalog rows it may not take) is for measuring: a catalog song treated as a local
    one must not find itself.  Unset, ``k``, ``emotion_weight`` and ``sharpness`` are the module's."""
    assert catalog.topics is not None
    k = K if k is None else k
    emotion_weight = EMOTION_WEIGHT if emotion_weight is None else emotion_weight
    sharpness = SHARPNESS if sharpness is None else sharpness
    t = np.atleast_2d(np.asarray(topics, dtype=np.float32))
    k = min(k, len(catalog))
    rows = np.zeros((len(t), k), dtype=np.int64)
    weights = np.zeros((len(t), k), dtype=np.float32)
    for start in range(0, len(t), 1024):  # 1,024 x catalog cosines at a time
        sims = t[start : start + 1024] @ catalog.topics.T
        if probs is not None and emotion_weight:
            root = np.sqrt(np.clip(np.atleast_2d(probs[start : start + 1024]), 0, None)).astype(np.float32)
            sims += np.float32(emotion_weight) * (root @ np.sqrt(np.clip(catalog.vectors, 0, None)).T)
        if exclude is not None:
            for j, banned in enumerate(exclude[start : start + 1024]):
                sims[j, banned] = -np.inf
        near = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        s = np.take_along_axis(sims, near, axis=1)
        order = np.argsort(-s, axis=1)
        near, s = np.take_along_axis(near, order, axis=1), np.take_along_axis(s, order, axis=1)
        w = np.exp((s - s[:, :1]) * sharpness)
        rows[start : start + len(near)] = near
        weights[start : start + len(near)] = w / w.sum(axis=1, keepdims=True)
    return rows, weights


def transfer(catalog: Catalog, rows: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Situation weights (n, S) and valence (n,) from each song's catalog neighbours: their weighted
    mean, the situations rescaled so the song's first one weighs 1, as a catalog song's does."""
    layer = catalog.situations
    assert layer is not None
    sit = np.einsum("nk,nks->ns", weights, layer.weights[rows])
    sit /= np.maximum(sit.max(axis=1, keepdims=True), 1e-6)
    valence = np.einsum("nk,nk->n", weights, layer.valence[rows])
    return sit.astype(np.float32), np.clip(valence, -1, 1).astype(np.float32)
