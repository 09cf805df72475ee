"""The ranking engine over the user's own songs ("My music only").

Why a second ``Recommender`` rather than a filter on the catalog's: songs analysed locally are not
catalog rows.  Every ranked song of the library is one row here: a catalog match brings the
catalog's emotions, topic vector, hub bias, hub penalty and situation numbers; a locally analysed
song its own emotions and its bridged topic vector (``desktop.engine.topic_bridge``: on the
catalog's scale), and from its ``topic_bridge.K`` nearest catalog songs in that space what the
catalog's situation layer would say of it: situations, tone, hub bias and penalty (its own need
the annotations and the reference texts, which are not shipped), and its listener-message fit
(the neighbours' fits, weighted).  Its familiarity is the catalog's median.  So a library of
catalog and local songs is ranked with the catalog's blend, situations included.  With a catalog
that has no bridge (older files), local songs' vectors are not on the catalog's scale: such a
library is ranked with emotions and topic only (``W_EMOTION``/``W_TOPIC``), as before.
"""

from __future__ import annotations

import functools

import numpy as np

from desktop.core.labels import dominant
from desktop.engine.recommend import FeedbackSignals, KeyedVotes, Recommender
from desktop.engine.topic_bridge import neighbours, transfer
from desktop.library.catalog import Catalog, SituationLayer, SongInfo
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
        local = [i for i, t in enumerate(self.tracks) if (t.catalog_key and catalog.index.get(t.catalog_key)) is None]
        layer = catalog.situations
        situated = with_topics and layer is not None and (not local or catalog.topic_bridge is not None)
        infos, vectors, topics, bias, penalty = [], [], [], [], []
        source = np.zeros((len(self.tracks), 1), dtype=np.int64)  # the catalog rows each row's situations come from
        share = np.ones((len(self.tracks), 1), dtype=np.float32)
        for i, t in enumerate(self.tracks):
            row = catalog.index.get(t.catalog_key) if t.catalog_key else None
            if row is not None:
                infos.append(catalog.songs[row])
                vectors.append(catalog.vectors[row])
                bias.append(catalog.topic_bias[row] if catalog.topic_bias is not None else 0.0)
                penalty.append(catalog.hub_penalty[row])
                source[i] = row
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
        situations = None
        bias_a = np.asarray(bias, dtype=np.float32)
        penalty_a = np.asarray(penalty, dtype=np.float32)
        if situated and self.tracks:
            assert layer is not None
            if local:
                near, w = neighbours(catalog, np.asarray([self.tracks[i].topic for i in local], dtype=np.float32))
                source = np.repeat(source, near.shape[1], axis=1)
                share = np.zeros(source.shape, dtype=np.float32)
                share[:, 0] = 1
                source[local], share[local] = near, w
            weights = layer.weights[source[:, 0]].copy()
            valence = layer.valence[source[:, 0]].copy()
            familiarity = layer.familiarity[source[:, 0]].copy()
            if local:
                weights[local], valence[local] = transfer(catalog, source[local], share[local])
                familiarity[local] = float(np.median(layer.familiarity))
                if catalog.topic_bias is not None:
                    bias_a[local] = np.einsum("nk,nk->n", share[local], catalog.topic_bias[source[local]])
                penalty_a[local] = np.einsum("nk,nk->n", share[local], catalog.hub_penalty[source[local]])
            situations = SituationLayer(weights, valence, familiarity, layer.prototypes, layer.prototype_situation)
        self.situated = situations is not None
        self.catalog_rows = {k: catalog.index[k] for k in self.path_of if k in catalog.index}
        self.recommender: Recommender | None = None
        if self.tracks:
            self.recommender = Recommender(
                np.asarray(vectors, dtype=np.float32),
                infos,
                np.asarray(topics, dtype=np.float32) if with_topics else None,
                catalog.topic_calibration() if with_topics else None,
                bias_a if with_topics else None,
                situations,
            )
            self.recommender.song_penalty = penalty_a
            if situations is not None and layer is not None and layer.messages is not None:
                assert layer.message_song is not None
                self.recommender.use_messages(layer.messages, layer.message_song, layer.weights, source, share)

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
