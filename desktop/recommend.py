"""Ranking songs for a text's emotion distribution.

The rule (the seed's, plus feedback):

1. Songs whose dominant emotion equals the text's dominant emotion come first,
   then all others.
2. Inside each group songs are ordered by score = cosine(text vector, song vector)
   + feedback boost + preferred-genre boost.
3. Feedback: every vote remembers the text vector it was given for.  A song
   disliked for a mood whose cosine to the current mood is >= ``DISLIKE_SIMILAR``
   leaves the list; with "exclude disliked songs" on it leaves the list for every
   mood.  A song liked for a similar mood (cosine >= ``LIKE_SIMILAR``) gains
   ``LIKE_BOOST`` x that cosine; the most recent vote on a song wins.

All of it is vectorised: a matrix-vector product, masks and one argpartition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from desktop.catalog import Catalog, SongInfo, split_genres
from desktop.labels import LABELS

DISLIKE_SIMILAR = 0.80
LIKE_SIMILAR = 0.80
LIKE_BOOST = 0.15
GENRE_BOOST = 0.03


@dataclass(frozen=True)
class Filters:
    genres: frozenset[str] = frozenset()
    year_min: int | None = None
    year_max: int | None = None
    exclude_disliked: bool = False


@dataclass(frozen=True)
class FeedbackSignals:
    """Past votes as arrays: catalog row, +1/-1, and the text vector each was given for."""

    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    votes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    moods: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LABELS)), dtype=np.float32))


@dataclass(frozen=True)
class Recommendation:
    rank: int
    song: SongInfo
    score: float
    similarity: float
    same_dominant: bool
    liked_before: bool

    @property
    def reason(self) -> str:
        parts = [f"both mostly {self.song.dominant}" if self.same_dominant else f"song mostly {self.song.dominant}",
                 f"{self.similarity:.0%} similar"]
        if self.liked_before:
            parts.append("you liked it for a similar mood")
        return ", ".join(parts)


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(n, 1e-12)


class Recommender:
    def __init__(self, vectors: np.ndarray, songs: list[SongInfo]) -> None:
        self.songs = songs
        self.unit = _unit(np.asarray(vectors, dtype=np.float32))
        self.dominant = self.unit.argmax(axis=1)
        self.years = np.array([s.year or 0 for s in songs], dtype=np.int32)
        self.genre_bits: dict[str, int] = {}
        masks = np.zeros(len(songs), dtype=np.uint64)
        for i, s in enumerate(songs):
            for g in split_genres(s.genre):
                bit = self.genre_bits.setdefault(g, len(self.genre_bits))
                if bit < 64:
                    masks[i] |= np.uint64(1) << np.uint64(bit)
        self.genre_masks = masks

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Recommender:
        return cls(catalog.vectors, catalog.songs)

    def _genre_mask(self, genres: frozenset[str] | set[str] | tuple[str, ...]) -> np.uint64:
        m = np.uint64(0)
        for g in genres:
            bit = self.genre_bits.get(g)
            if bit is not None and bit < 64:
                m |= np.uint64(1) << np.uint64(bit)
        return m

    def rank(self, probs: np.ndarray, top: int = 20, filters: Filters = Filters(),
             feedback: FeedbackSignals | None = None,
             preferred_genres: frozenset[str] = frozenset()) -> list[Recommendation]:
        q = _unit(np.asarray(probs, dtype=np.float32).reshape(-1))
        if q.shape[0] != len(LABELS):
            raise ValueError(f"expected {len(LABELS)} probabilities, got {q.shape[0]}")
        sim = self.unit @ q
        score = sim.copy()
        keep = np.ones(len(self.songs), dtype=bool)
        if filters.genres:
            keep &= (self.genre_masks & self._genre_mask(filters.genres)) != 0
        if filters.year_min:
            keep &= self.years >= filters.year_min
        if filters.year_max:
            keep &= (self.years <= filters.year_max) & (self.years > 0)
        if preferred_genres:
            score += GENRE_BOOST * ((self.genre_masks & self._genre_mask(preferred_genres)) != 0)
        liked = np.zeros(len(self.songs), dtype=bool)
        if feedback is not None and len(feedback.rows):
            mood_sim = _unit(feedback.moods) @ q
            latest = {}
            for row, vote, ms in zip(feedback.rows.tolist(), feedback.votes.tolist(), mood_sim.tolist()):
                latest.setdefault(row, []).append((vote, ms))
            for row, history in latest.items():
                last_vote = history[-1][0]
                if last_vote < 0:
                    if filters.exclude_disliked or any(v < 0 and ms >= DISLIKE_SIMILAR for v, ms in history):
                        keep[row] = False
                else:
                    best = max((ms for v, ms in history if v > 0), default=0.0)
                    if best >= LIKE_SIMILAR:
                        score[row] += LIKE_BOOST * best
                        liked[row] = True
        same = self.dominant == int(np.argmax(q))
        key = np.where(keep, same * 10.0 + score, -np.inf)
        n_keep = int(keep.sum())
        top = max(0, min(top, n_keep))
        if top == 0:
            return []
        cand = np.argpartition(-key, top - 1)[:top] if top < len(key) else np.arange(len(key))
        order = cand[np.argsort(-key[cand], kind="stable")][:top]
        return [
            Recommendation(rank=r + 1, song=self.songs[i], score=float(score[i]), similarity=float(sim[i]),
                           same_dominant=bool(same[i]), liked_before=bool(liked[i]))
            for r, i in enumerate(order)
        ]
