"""The ranking engine over the user's own songs ("My music only").

Why a second ``Recommender`` rather than a filter on the catalog's: songs analysed locally are not
catalog rows.  Every ranked song of the library is one row here: a catalog match brings the
catalog's emotions, topic vector, hub bias and hub penalty; a locally analysed song its own
numbers, with the catalog's median hub bias (its own needs the reference texts, which are not
shipped).  The catalog's situation layer describes catalog songs only, so this ranking blends
emotions and topic (``W_EMOTION``/``W_TOPIC``), the same for every song in the list.

Known limit: a local song's topic vector comes from the shipped model's e5 *query* output, a
catalog song's from the raw e5 *passage* encoder (not shipped); the two are not on one scale, so in
a library mixing both, local songs' topic fits read higher (``benchmarks/library_import.py parity``).
"""

from __future__ import annotations

import functools

import numpy as np

from desktop.core.labels import dominant
from desktop.engine.recommend import FeedbackSignals, KeyedVotes, Recommender
from desktop.library.catalog import Catalog, SongInfo
from desktop.library.my_music import LOCAL_PREFIX, Track, path_key


class LibraryRanking:
    """A ``Recommender`` over the ranked tracks and where each song's file is."""

    _feedback_memo: tuple[KeyedVotes, FeedbackSignals | None] | None = None  # (votes, ``feedback(votes)``)

    def __init__(self, tracks: list[Track], catalog: Catalog) -> None:
        ranked: dict[str, Track] = {}
        for t in tracks:
            if not t.reason and t.probs is not None:
                ranked.setdefault(t.key, t)  # the same catalog song in two files: one row
        self.tracks = list(ranked.values())
        self.path_of = {t.key: t.path for t in self.tracks}
        dim = None if catalog.topics is None else catalog.topics.shape[1]
        with_topics = dim is not None and all(t.topic is not None and t.topic.shape == (dim,) for t in self.tracks)
        median_bias = float(np.median(catalog.topic_bias)) if catalog.topic_bias is not None else 0.0
        infos, vectors, topics, bias, penalty = [], [], [], [], []
        for t in self.tracks:
            row = catalog.index.get(t.catalog_key) if t.catalog_key else None
            if row is not None:
                infos.append(catalog.songs[row])
                vectors.append(catalog.vectors[row])
                bias.append(catalog.topic_bias[row] if catalog.topic_bias is not None else 0.0)
                penalty.append(catalog.hub_penalty[row])
            else:
                assert t.probs is not None  # self.tracks holds ranked tracks only, which have probs
                infos.append(
                    SongInfo(t.key, t.shown_title, t.artist, t.album, t.year, t.genre, None, dominant(t.probs))
                )
                vectors.append(t.probs)
                bias.append(median_bias)
                penalty.append(0.0)
            if with_topics:
                topics.append(t.topic)
        self.catalog_rows = {k: catalog.index[k] for k in self.path_of if k in catalog.index}
        self.recommender: Recommender | None = None
        if self.tracks:
            self.recommender = Recommender(
                np.asarray(vectors, dtype=np.float32),
                infos,
                np.asarray(topics, dtype=np.float32) if with_topics else None,
                catalog.topic_calibration() if with_topics else None,
                np.asarray(bias, dtype=np.float32) if with_topics else None,
            )
            self.recommender.song_penalty = np.asarray(penalty, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.tracks)

    def feedback(self, votes: KeyedVotes) -> FeedbackSignals | None:
        """The votes on this ranking's songs, as its rows: votes on catalog songs the user has as
        files (by the catalog key) and on their own songs (by ``Track.key``), read by the ranking
        exactly as the catalog's ranking reads its votes.  Votes on other songs are left out."""
        if self.recommender is None or not len(votes.keys):
            return None
        memo = self._feedback_memo
        if memo is not None and memo[0] is votes:  # the store hands the same object until the votes change
            return memo[1]
        signals = votes.to_rows(self.vote_index)
        self._feedback_memo = (votes, signals)
        return signals

    @functools.cached_property
    def vote_index(self) -> dict[str, int]:
        """Song key -> row, for the votes: every song's key, and for a song known by its tags the
        ``file:`` key of its file too, which is what its votes were keyed by before (until the file moves)."""
        if self.recommender is None:
            return {}
        index = dict(self.recommender.row_of)
        for key, path in self.path_of.items():
            if key.startswith(LOCAL_PREFIX):
                index.setdefault(path_key(path), index[key])
        return index
