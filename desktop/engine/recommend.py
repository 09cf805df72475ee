"""Ranking songs for a text: how it feels (7 emotions) and what it is about (topic vector).

Three modes (``Mode``):

* ``match`` (default), blended.  With the catalog's situation layer (``SituationLayer``):
  ``W_SITUATION x situation fit + W_TONE x tone fit + W_TOPIC_S x topic fit + W_EMOTION_S x
  emotion fit``, plus ``W_FAMILIAR x familiarity``; love songs lose ``ROMANCE_GAP`` for texts
  not about love.  Listeners judge whether a song is about their situation in their tone, and a
  shared word with another meaning or the opposite feeling is what they punished most.
  - situation fit: the song's best match among the text's situations (``situation_fit``); the
    text's situations come from its nearness to example messages (``text_situations``).
  - tone fit: how close the song's valence is to the text's (``text_valence``), squared.
  Without the layer: ``fit = W_EMOTION x emotion fit + W_TOPIC x topic fit``.
  - emotion fit: the Bhattacharyya coefficient sum_k sqrt(p_k v_k) between the text's and
    the song's distributions, rescaled so the catalog's spread covers 0-1.  Cosine over
    probability vectors put every 슬픔 song at 0.998 and reordered them on noise.
  - topic fit: cosine between the text's e5 "query" vector and the song's e5 "passage"
    vector, both centred, minus the song's hub bias (CSLS: its mean cosine to its 20 nearest
    reference texts, so a song near everything does not sit in every list), mapped to 0-1
    by the calibration the catalog builder measured (``topic_calibration`` in the meta).
* ``lift``: as ``match``, but a sad, angry, fearful or disgusted text is matched against
  a target that moves its distribution toward comfort and happiness (``LIFT_TARGET``), a tone of
  at least ``LIFT_VALENCE`` and a situation mix with ``LIFT_COMFORT`` moved to comfort; the
  topic and the rest of the mix keep their weight, so the songs stay on the situation.
* ``emotion``: the original rule: songs with the text's dominant emotion first, then
  cosine of the 7-vectors; no topic.

Then feedback and preferences, then diversity: a greedy pass over the best candidates
that allows one version of a song (``title_key``) and at most ``MAX_PER_ARTIST`` songs per
artist in the list, and discounts
songs whose topic is close to one already chosen (MMR), so one hub song or one
artist cannot fill a list.  ``match`` (0-100) is the blended fit a user sees; the
``Recommendation`` says which parts placed the song (see ``desktop.engine.explain``).

Everything is vectorised over the catalog except the greedy pass over ~``POOL`` songs.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop.core.labels import LABELS, dominant, dominant_index
from desktop.engine.modes import Mode, mode_spec
from desktop.engine.topic_index import TopicIndex
from desktop.library.catalog import Catalog, ScenarioLayer, SituationLayer, SongInfo, SongList, split_genres
from desktop.library.situations import ROMANTIC, SITUATIONS, VALENCE

DISLIKE_SIMILAR = 0.80  # cosine between the mood of a dislike and the current mood
LIKE_SIMILAR = 0.80
LIKE_BOOST = 0.15
GENRE_BOOST = 0.03
ARTIST_BOOST = 0.03  # artists of songs you liked, any mood
W_EMOTION, W_TOPIC = 0.4, 0.6  # chosen on the dev queries: topical hits, stability, mood fit
MAX_PER_ARTIST = 2
MMR_LAMBDA = 0.15
POOL = 400  # candidates the diversity pass looks at
LAZY_POPS_PER_PICK = 8  # beyond this the diversity pass goes on as the plain greedy (see _diverse)
NEGATIVE = frozenset({"슬픔", "분노", "공포", "혐오"})
# Lift: where a low mood is steered (comfort and happiness, a little calm).
LIFT_TARGET = np.array([0.62, 0.10, 0.0, 0.23, 0.0, 0.0, 0.05], dtype=np.float32)
LIFT_KEEP = 0.30  # share of the text's own distribution kept in the lift target
EMOTION_FIT_FLOOR = 0.35  # Bhattacharyya coefficients below this show as 0 % emotion fit
# The classifier is over-confident on one-line texts (95 % 슬픔 for "비 오는 날 우울하다"), so one "!!" or
# "ㅠㅠ" moved whole lists.  Blended modes rank against its distribution at this temperature (p^(1/T)),
# chosen on the dev queries: lists stay steadier for trivial variants of a text at the same topical hits
# (figures: docs/BENCHMARKS.md).
TEXT_TEMPERATURE = 2.0
# Situation layer (a catalog with ``SituationLayer``): a text's nearness to a situation is its cosine
# to the centroid of that situation's example texts (both centred); a softmax at SITUATION_TEMP turns
# the nearness of every situation into the text's situation mix.  Centroids name a held-out
# example's situation more often than its few nearest examples do (docs/BENCHMARKS.md).
SITUATION_TEMP = 0.035
SITUATION_MIN_REACH = 0.1  # situations reaching less far than this are left out of the situation fit
# A love song is no answer to a message that has nothing to do with love (the first panel's most
# common complaint about the tail of a list): songs about love lose up to this much fit when the
# text's situations are not about love (their romantic share below ROMANCE_ENOUGH).  The
# situation classifier misses many love texts ("우리 100일", "고백 받았다"), so the listener messages
# nearest the text are a second witness: when ROMANCE_NEAR[0]..[1] of its ROMANCE_NEIGHBOURS
# nearest messages were written for love songs, the text counts as about love (most of the catalog
# is love songs, so only a clear majority counts).  The gap was chosen on the judged songs of the
# panel's tune messages (docs/BENCHMARKS.md, "Round 6").
ROMANCE_GAP = 0.6
ROMANCE_ENOUGH = 0.4
ROMANCE_NEIGHBOURS = 20
ROMANCE_NEAR = (0.7, 0.9)
# ...but a witness that only shares words ("보고 싶다" is how love songs long, too) must not overrule a
# classifier sure of another situation: the witness fades out as the text's main situation that is not
# about love reaches ROMANCE_SURE[0]..[1] of its mix ("할머니 보고 싶다": grief 0.6).
ROMANCE_SURE = (0.4, 0.6)
# Blend with situations: what the song is about, its tone, the topic's words, the mood's emotions.
W_SITUATION, W_TONE, W_TOPIC_S, W_EMOTION_S = 0.45, 0.30, 0.12, 0.13
# Scenarios (``ScenarioLayer``): everyday moments with a perspective and a tone, each with the songs
# curators picked for it.  A text's scenario mix is a softmax at SCENARIO_TEMP over its nearness to each
# scenario's example messages (centroids, centred, as for situations); a song's scenario fit is the mix
# share of every scenario that picked it, a pick further down a curator's list counting less (by
# SCENARIO_RANK_DECAY x its place / the longest list's last place: 1 - SCENARIO_RANK_DECAY for the 15th
# pick), divided by SCENARIO_FULL (a share that counts as a sure fit) and capped at 1;
# it closes W_SCENARIO x that fit of the gap between the song's blended fit and a full fit.
# Within a situation the ranking cannot tell a parent's pride from a child's thanks or a card bill from a
# flex; curators can.
W_SCENARIO = 0.8
SCENARIO_TEMP = 0.03
# ...but the softmax gives a text about none of the scenarios a full mix all the same: the mix counts in
# full only when the text's nearest scenario is at least SCENARIO_NEAR[1] near (centred cosine to its
# centroid), and not at all below SCENARIO_NEAR[0].
SCENARIO_NEAR = (0.30, 0.50)
# A song curators picked for many moments ("말하는 대로" for 26 of 260: comfort fits many) would answer
# every other text: a song picked for more than SCENARIO_SPREAD moments has each pick count
# sqrt(SCENARIO_SPREAD / its picks) (26 picks: 0.44 each), so the texts it reaches grow with the square
# root of its picks, not with them (the hub bar: no song in more than 2 % of lists; 8 left 2.1 %).
SCENARIO_SPREAD = 5
SCENARIO_EXPLAIN = 0.3  # a song's scenario fit from which the explanation names the scenario
SCENARIO_FULL = 0.5
SCENARIO_RANK_DECAY = 0.5
W_FAMILIAR = 0.10  # listeners prefer songs they would recognise: a small nudge, never a wall
# Listener messages (``SituationLayer.messages``): a song's message fit is the best centred cosine
# between the text and the messages written for it, mapped to 0-1 between MESSAGE_LO and MESSAGE_HI.
W_MESSAGE = 1.0
MESSAGE_LO, MESSAGE_HI = 0.30, 0.60
# The tone of a text from its emotions (LABELS order) and of its situations (their usual tone).
EMOTION_VALENCE = np.array([1.0, -1.0, -0.7, 0.0, -0.7, -0.6, 0.2], dtype=np.float32)
TONE_FROM_EMOTION = 0.6
LIFT_VALENCE = 0.5  # lift mode: a low text is matched against at least this tone
LIFT_COMFORT = 0.4  # ...and this share of its situation mix goes to comfort and encouragement
SITUATION_INDEX_COMFORT = next(i for i, s in enumerate(SITUATIONS) if s.code == "comfort")
_SITUATION_VALENCE = np.asarray(VALENCE, dtype=np.float32)


@dataclass(frozen=True)
class Filters:
    genres: frozenset[str] = frozenset()
    year_min: int | None = None
    year_max: int | None = None
    exclude_disliked: bool = False
    unknown_year: bool = True  # with a year filter, keep songs whose year is unknown (a good share of the catalog)


@dataclass(frozen=True)
class FeedbackSignals:
    """Past votes as arrays: catalog row, +1/-1, and the text vector each was given for."""

    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    votes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    moods: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LABELS)), dtype=np.float32))


@dataclass(frozen=True)
class KeyedVotes:
    """Past votes by song key, oldest first: what a ranking over songs other than the catalog's
    (the user's own, ``LibraryRanking``) maps to its rows, as ``FeedbackSignals`` has them for the
    catalog.  ``artists``: the artist each vote was given to, as the vote stored it."""

    keys: tuple[str, ...] = ()
    votes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    moods: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LABELS)), dtype=np.float32))
    artists: tuple[str, ...] = ()

    def to_rows(self, index: dict[str, int]) -> FeedbackSignals | None:
        """The votes on songs ``index`` has (key -> row), as the ranking reads them; None for none."""
        at = [(i, index[k]) for i, k in enumerate(self.keys) if k in index]
        if not at:
            return None
        take = np.array([i for i, _ in at], dtype=np.int64)
        return FeedbackSignals(np.array([r for _, r in at], dtype=np.int64), self.votes[take], self.moods[take])


@dataclass(frozen=True)
class Recommendation:
    rank: int
    song: SongInfo
    score: float  # what the list is sorted by: blended fit + feedback + preferences (before diversity)
    similarity: float  # emotion-only: cosine of 7-vectors; blended: the emotion fit (0-1)
    same_dominant: bool
    liked_before: bool
    match: float = 0.0  # 0-100, the blended fit shown to users
    emotion_fit: float = 0.0  # 0-1
    topic_fit: float | None = None  # 0-1, None in emotion-only mode or without a topic vector
    mode: Mode = Mode.MATCH
    preferred_genre: bool = False
    lifted: bool = False  # lift mode steered this (low) mood toward comfort
    situation: str | None = None  # code of the shared situation that placed the song (desktop.library.situations)
    situation_fit: float | None = None  # 0-1, None without the situation layer
    tone_fit: float | None = None  # 0-1: how close the song's tone is to the text's
    message_fit: float | None = None  # 0-1: how close the text is to the listener messages written for the song
    scenario_fit: float | None = None  # 0-1: how sure curators' picks for the text's scenarios make the song
    scenario: tuple[str, str] | None = None  # (Korean, English) name of the scenario that picked it, when it counted

    @property
    def main_reason(self) -> str:
        """Which part placed the song: 'feedback', 'lift', 'scenario', 'situation', 'topic' or 'emotion'."""
        if self.liked_before:
            return "feedback"
        if self.lifted:
            return "lift"
        if self.scenario is not None:
            return "scenario"
        if self.situation is not None:
            return "situation"
        if self.topic_fit is not None and W_TOPIC * self.topic_fit > W_EMOTION * self.emotion_fit:
            return "topic"
        return "emotion"


_BRACKETS = re.compile(r"[(\[{（【].*?[)\]}）】]")
_NON_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """A title as a listener hears it: without bracketed parts ("(Feat. …)", "(Remastered)"),
    case, spaces or punctuation.  Two songs with the same key are one song to a listener (a remake,
    a live take, a duet version), and a list shows it once."""
    bare = _BRACKETS.sub("", title)
    key = _NON_WORD.sub("", bare.lower())
    return key or _NON_WORD.sub("", title.lower()) or title


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(n, 1e-12)


def soften(probs: np.ndarray, temperature: float) -> np.ndarray:
    """The distribution at a higher temperature: p^(1/T), renormalised."""
    q = np.power(np.clip(probs, 1e-9, None), 1.0 / temperature)
    return (q / q.sum()).astype(np.float32)


def lift_target(probs: np.ndarray) -> np.ndarray:
    """The distribution 'lift my mood' ranks against: unchanged for a text that is not low."""
    if dominant(probs) not in NEGATIVE:
        return probs
    t = LIFT_KEEP * probs + (1 - LIFT_KEEP) * LIFT_TARGET
    return t / t.sum()


class Recommender:
    def __init__(
        self,
        vectors: np.ndarray,
        songs: Sequence[SongInfo],
        topics: np.ndarray | None = None,
        topic_calibration: dict | None = None,
        topic_bias: np.ndarray | None = None,
        situations: SituationLayer | None = None,
        scenarios: ScenarioLayer | None = None,
    ) -> None:
        self.songs = songs = SongList.of(songs)
        self.probs = np.asarray(vectors, dtype=np.float32)
        unit = _unit(self.probs)
        self.dominant = unit.argmax(axis=1)
        # Only (7, n) copies are kept for the whole-catalog products: BLAS runs (7,) @ (7, n) several
        # times faster than the (n, 7) @ (7,) mat-vec (docs/BENCHMARKS.md)
        self.unit_t = np.ascontiguousarray(unit.T)
        self.sqrt_t = np.ascontiguousarray(np.sqrt(np.clip(self.probs, 0, None)).T)
        self.topics = None if topics is None else TopicIndex(topics)
        self.topic_bias = (
            np.zeros(len(songs), dtype=np.float32) if topic_bias is None else np.asarray(topic_bias, dtype=np.float32)
        )
        self.song_penalty = np.zeros(len(songs), dtype=np.float32)  # hub penalty (blended modes only)
        cal = topic_calibration or {}
        self.topic_mean = np.asarray(cal["query_mean"], dtype=np.float32) if "query_mean" in cal else None
        self.topic_lo = float(cal.get("lo", 0.0))
        self.topic_hi = float(cal.get("hi", 1.0))
        self.years = np.array([y or 0 for y in songs.years], dtype=np.int32)
        titles: dict[str, int] = {}
        self.title_ids = [titles.setdefault(title_key(t), len(titles)) for t in songs.titles]
        self.situations = situations if situations is not None and self.topics is not None else None
        if self.situations is not None:
            protos = self.situations.prototypes
            if self.topic_mean is not None:
                protos = _unit(protos - self.topic_mean)
            owner = self.situations.prototype_situation
            centroids = np.zeros((len(SITUATIONS), protos.shape[1]), dtype=np.float32)
            np.add.at(centroids, owner, protos)
            self._has_examples = np.bincount(owner, minlength=len(SITUATIONS)) > 0
            self._centroids = _unit(centroids)
            self._sit_t = np.ascontiguousarray(self.situations.weights.T)  # (S, n): per situation, per song
            self._romantic = np.array(ROMANTIC, dtype=bool)
            # how much a song is about love, beyond what else it is about (a love song about the rain: 0.5)
            other = self.situations.weights[:, ~self._romantic].max(axis=1)
            self._song_romance = np.clip(
                self.situations.weights[:, self._romantic].max(axis=1) - 0.5 * other, 0, 1
            ).astype(np.float32)
            self._messages: TopicIndex | None = None
            self._message_source: tuple[np.ndarray, np.ndarray] | None = None
            layer = self.situations
            if layer.messages is not None and layer.message_song is not None and len(layer.messages):
                self.use_messages(layer.messages, layer.message_song, layer.weights)
        self.scenarios = scenarios if self.situations is not None else None
        if self.scenarios is not None:
            self._use_scenarios(self.scenarios)
        self.row_of = {k: i for i, k in enumerate(songs.keys)}
        artists: dict[str, int] = {}
        self.artist_ids = np.array([artists.setdefault(a.strip().lower(), len(artists)) for a in songs.artists])
        self._artist_index = artists
        self.genre_bits: dict[str, int] = {}
        mask_of: dict[str, int] = {}  # per distinct genre string, in Python ints (numpy scalars are slow)
        for genre in songs.genres:
            if genre not in mask_of:
                mask = 0
                for g in split_genres(genre):
                    bit = self.genre_bits.setdefault(g, len(self.genre_bits))
                    if bit < 64:
                        mask |= 1 << bit
                mask_of[genre] = mask
        self.genre_masks = np.array([mask_of[g] for g in songs.genres], dtype=np.uint64)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Recommender:
        rec = cls(
            catalog.vectors,
            catalog.songs,
            catalog.topics,
            catalog.topic_calibration(),
            catalog.topic_bias,
            catalog.situations,
            catalog.scenarios,
        )
        rec.song_penalty = catalog.hub_penalty
        return rec

    @property
    def has_topics(self) -> bool:
        return self.topics is not None

    def _genre_mask(self, genres: frozenset[str] | set[str] | tuple[str, ...]) -> np.uint64:
        m = np.uint64(0)
        for g in genres:
            bit = self.genre_bits.get(g)
            if bit is not None and bit < 64:
                m |= np.uint64(1) << np.uint64(bit)
        return m

    # ----------------------------------------------------------------- parts
    def emotion_fit(self, target: np.ndarray) -> np.ndarray:
        """0-1 per song: Bhattacharyya coefficient, floor-rescaled so weak fits read as weak."""
        fit = np.sqrt(np.clip(target, 0, None)).astype(np.float32) @ self.sqrt_t
        fit -= EMOTION_FIT_FLOOR  # in place: each temporary is a pass over the catalog
        fit /= 1 - EMOTION_FIT_FLOOR
        return np.clip(fit, 0.0, 1.0, out=fit)

    def topic_fit(self, query: np.ndarray) -> np.ndarray:
        """0-1 per song from the centred cosine minus the song's hub bias (CSLS), by the builder's calibration."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if self.topic_mean is not None:
            q = q - self.topic_mean
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        fit = self.topics.dot(q)
        fit -= self.topic_bias
        fit -= self.topic_lo
        fit /= self.topic_hi - self.topic_lo
        return np.clip(fit, 0.0, 1.0, out=fit)

    def _centred(self, query: np.ndarray) -> np.ndarray:
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if self.topic_mean is not None:
            q = q - self.topic_mean
        return q / max(float(np.linalg.norm(q)), 1e-12)

    def message_sims(self, query: np.ndarray) -> np.ndarray | None:
        """The centred cosine between the text and every listener message; None without messages."""
        if self.situations is None or self._messages is None:
            return None
        return self._messages.dot(self._centred(query))

    def near_romance(self, sims: np.ndarray) -> float:
        """The share of the text's ROMANCE_NEIGHBOURS nearest listener messages (``message_sims``)
        that were written for love songs."""
        k = min(ROMANCE_NEIGHBOURS, len(sims))
        nearest = np.argpartition(-sims, k - 1)[:k]
        return float(self._message_romantic[nearest].mean())

    def use_messages(
        self,
        messages: np.ndarray,
        message_song: np.ndarray,
        song_weights: np.ndarray,
        source: np.ndarray | None = None,
        share: np.ndarray | None = None,
    ) -> None:
        """Compare texts with these listener messages: ``message_song`` (ascending) is the song each
        was written for, a row of ``song_weights`` (those songs' situation weights).  By default the
        songs are this ranking's rows; with ``source``/``share`` (n, k) they are another catalog's and
        each row's message fit is the share-weighted fit of its source songs (the library ranking: a
        catalog song its own, a local song its catalog neighbours')."""
        owner = np.asarray(message_song)
        self._messages = TopicIndex(messages)
        self._message_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        self._message_rows = owner[self._message_starts]
        self._message_songs = len(song_weights)
        # messages written for a song mainly about love (its first situation is romantic)
        first_romantic = song_weights[:, self._romantic].max(axis=1) >= 0.99
        self._message_romantic = first_romantic[owner]
        self._message_source = None if source is None or share is None else (source, share)

    def message_fit(self, query: np.ndarray, sims: np.ndarray | None = None) -> np.ndarray | None:
        """0-1 per song: how close the text is to the nearest listener message written for the song
        (0 for a song without messages); None when the catalog has none."""
        if sims is None:
            sims = self.message_sims(query)
        if sims is None:
            return None
        fit = np.zeros(self._message_songs, dtype=np.float32)
        fit[self._message_rows] = np.maximum.reduceat(sims, self._message_starts)
        fit -= MESSAGE_LO
        fit /= MESSAGE_HI - MESSAGE_LO
        np.clip(fit, 0.0, 1.0, out=fit)
        if self._message_source is None:
            return fit
        source, share = self._message_source
        return np.einsum("nk,nk->n", share, fit[source]).astype(np.float32)

    def _use_scenarios(self, layer: ScenarioLayer) -> None:
        self._scenario_centroids = layer.centroids
        self._pick_scenario = layer.pick_scenario
        self._pick_row = layer.pick_row
        rank_weight = 1.0 - SCENARIO_RANK_DECAY * layer.pick_rank / max(int(layer.pick_rank.max()), 1)
        picks_of_song = np.bincount(layer.pick_row, minlength=len(self.songs))[layer.pick_row]
        spread = np.sqrt(np.minimum(1.0, SCENARIO_SPREAD / np.maximum(picks_of_song, 1)))
        self._pick_weight = (rank_weight * spread).astype(np.float32)

    def text_scenarios(self, query: np.ndarray) -> np.ndarray | None:
        """The text's scenario mix (summing to at most 1: less when no scenario is near, see
        ``SCENARIO_NEAR``): a softmax over its nearness to each scenario's example messages; None
        without the scenario layer."""
        if self.scenarios is None:
            return None
        near = self._scenario_centroids @ self._centred(query)
        top = float(near.max())
        lo, hi = SCENARIO_NEAR
        sure = min(max((top - lo) / (hi - lo), 0.0), 1.0)
        z = np.exp((near - top) / SCENARIO_TEMP)
        return (sure * z / z.sum()).astype(np.float32)

    def scenario_fit(self, mix: np.ndarray) -> np.ndarray:
        """0-1 per song: the mix share of the scenarios whose curators picked it (a lower pick counting
        less), a share of SCENARIO_FULL or more counting as a full fit."""
        fit = np.zeros(len(self.songs), dtype=np.float32)
        np.add.at(fit, self._pick_row, mix[self._pick_scenario] * self._pick_weight)
        fit /= np.float32(SCENARIO_FULL)
        return np.minimum(fit, 1.0, out=fit)

    def text_situations(self, query: np.ndarray) -> np.ndarray:
        """The text's situation mix (S,), summing to 1: a softmax over its nearness to each situation's
        example texts (the centred cosine to their centroid, centred as the topic fit is)."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if self.topic_mean is not None:
            q = q - self.topic_mean
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        near = np.where(self._has_examples, self._centroids @ q, np.float32(-1.0))
        z = np.exp((near - near.max()) / SITUATION_TEMP)
        return (z / z.sum()).astype(np.float32)

    @staticmethod
    def text_valence(probs: np.ndarray, mix: np.ndarray | None) -> float:
        """The text's tone, -1 (sad) .. +1 (bright): its emotions, and its situations' usual tone."""
        emotional = float(EMOTION_VALENCE @ probs)
        if mix is None:
            return emotional
        usual = float(_SITUATION_VALENCE @ mix)
        return float(np.clip(TONE_FROM_EMOTION * emotional + (1 - TONE_FROM_EMOTION) * usual, -1, 1))

    def _artist_mask(self, artists: frozenset[str]) -> np.ndarray:
        wanted = {i for a in artists if (i := self._artist_index.get(a.strip().lower())) is not None}
        return np.isin(self.artist_ids, list(wanted)) if wanted else np.zeros(len(self.songs), dtype=bool)

    def _keep_mask(self, filters: Filters) -> np.ndarray | None:
        """Songs the filters let through; None when they let every song through."""
        if not (filters.genres or filters.year_min or filters.year_max):
            return None
        keep = np.ones(len(self.songs), dtype=bool)
        if filters.genres:
            keep &= (self.genre_masks & self._genre_mask(filters.genres)) != 0
        unknown = (self.years == 0) if filters.unknown_year else np.zeros(len(self.songs), dtype=bool)
        if filters.year_min:
            keep &= (self.years >= filters.year_min) | unknown
        if filters.year_max:
            keep &= ((self.years <= filters.year_max) & (self.years > 0)) | unknown
        return keep

    @staticmethod
    def _feedback(
        feedback: FeedbackSignals | None, q: np.ndarray, exclude_disliked: bool
    ) -> tuple[dict[int, float], set[int]]:
        """Rows liked for a similar mood (with the boost) and rows to hide."""
        boosts: dict[int, float] = {}
        hidden: set[int] = set()
        if feedback is None or not len(feedback.rows):
            return boosts, hidden
        mood_sim = _unit(feedback.moods) @ q
        history: dict[int, list[tuple[int, float]]] = {}
        for row, vote, ms in zip(feedback.rows.tolist(), feedback.votes.tolist(), mood_sim.tolist()):
            history.setdefault(row, []).append((vote, ms))
        for row, votes in history.items():
            if votes[-1][0] < 0:  # the most recent vote on a song wins
                if exclude_disliked or any(v < 0 and ms >= DISLIKE_SIMILAR for v, ms in votes):
                    hidden.add(row)
            else:
                best = max((ms for v, ms in votes if v > 0), default=0.0)
                if best >= LIKE_SIMILAR:
                    boosts[row] = LIKE_BOOST * best
        return boosts, hidden

    # ------------------------------------------------------------------ rank
    def rank_rows(
        self, probs: np.ndarray, top: int = 10, topic: np.ndarray | None = None, mode: Mode | str = Mode.MATCH
    ) -> list[int]:
        """Catalog rows of the top songs (no feedback or filters): for offline evaluation."""
        return [self.row_of[r.song.key] for r in self.rank(probs, top=top, topic=topic, mode=mode)]

    def rank(
        self,
        probs: np.ndarray,
        top: int = 20,
        filters: Filters = Filters(),
        feedback: FeedbackSignals | None = None,
        preferred_genres: frozenset[str] = frozenset(),
        topic: np.ndarray | None = None,
        mode: Mode | str = Mode.MATCH,
        diversify: bool = True,
        blocked_artists: frozenset[str] = frozenset(),
        liked_artists: frozenset[str] = frozenset(),
    ) -> list[Recommendation]:
        mode = Mode(mode)
        spec = mode_spec(mode)
        p = np.asarray(probs, dtype=np.float32).reshape(-1)
        if p.shape[0] != len(LABELS) or not np.all(np.isfinite(p)) or p.min() < 0 or p.sum() <= 0:
            raise ValueError(f"expected {len(LABELS)} non-negative probabilities, got {p.shape[0]} numbers")
        p = p / p.sum()
        q = _unit(p)
        same = self.dominant == dominant_index(p)
        text_topic = topic if spec.blended and self.has_topics else None  # None: no topic fit
        lifted = False
        sfit = tone = sit_mix = mfit = scen_mix = cfit = None
        if not spec.blended:
            cos = q @ self.unit_t
            efit, tfit = cos, None
            fit = cos
            score = cos + np.float32(10.0) * same  # float32 throughout: a float64 copy is a pass more
        else:
            soft = soften(p, TEXT_TEMPERATURE)
            target = lift_target(soft) if spec.lifts else soft
            lifted = target is not soft
            efit = self.emotion_fit(target)
            tfit = self.topic_fit(text_topic) if text_topic is not None else None
            if self.situations is not None:
                mix = self.text_situations(text_topic) if text_topic is not None else None
                valence = self.text_valence(p, mix)
                if spec.lifts and dominant(p) in NEGATIVE:
                    valence, lifted = max(valence, LIFT_VALENCE), True
                    if mix is not None:
                        mix = (1 - LIFT_COMFORT) * mix
                        mix[SITUATION_INDEX_COMFORT] += LIFT_COMFORT
                sims = self.message_sims(text_topic) if text_topic is not None else None
                mfit = self.message_fit(text_topic, sims) if text_topic is not None and sims is not None else None
                near = self.near_romance(sims) if sims is not None else None
                scen_mix = self.text_scenarios(text_topic) if text_topic is not None else None
                cfit = self.scenario_fit(scen_mix) if scen_mix is not None else None
                fit, sfit, tone, sit_mix = self._situated_fit(efit, tfit, mix, valence, mfit, near, cfit)
            elif tfit is None:
                fit = efit
            else:  # (W_EMOTION x efit + W_TOPIC x tfit) / (W_EMOTION + W_TOPIC), in place
                fit = W_EMOTION * efit
                fit += W_TOPIC * tfit
                fit /= W_EMOTION + W_TOPIC
            score = fit - self.song_penalty
            if self.situations is not None:
                score += W_FAMILIAR * self.situations.familiarity
        score = score.astype(np.float32, copy=False)
        pref = np.zeros(len(self.songs), dtype=bool)
        if preferred_genres:
            pref = (self.genre_masks & self._genre_mask(preferred_genres)) != 0
            score += GENRE_BOOST * pref
        boosts, hidden = self._feedback(feedback, q, filters.exclude_disliked)
        for row, b in boosts.items():
            score[row] += b
        if liked_artists:
            score += ARTIST_BOOST * self._artist_mask(liked_artists)
        keep = self._keep_mask(filters)
        if (blocked_artists or hidden) and keep is None:
            keep = np.ones(len(self.songs), dtype=bool)
        if blocked_artists:
            keep &= ~self._artist_mask(blocked_artists)
        if hidden:
            keep[list(hidden)] = False
        order = self._select(score, keep, top, diversify and spec.blended)
        return [
            Recommendation(
                rank=r + 1,
                song=self.songs[i],
                score=float(score[i]),
                similarity=float(efit[i]),
                same_dominant=bool(same[i]),
                liked_before=i in boosts,
                match=round(100.0 * float(fit[i]), 1),
                emotion_fit=float(efit[i]),
                topic_fit=None if tfit is None else float(tfit[i]),
                mode=mode,
                preferred_genre=bool(pref[i]),
                lifted=lifted,
                situation=self._placing_situation(i, sit_mix),
                situation_fit=None if sfit is None else float(sfit[i]),
                tone_fit=None if tone is None else float(tone[i]),
                message_fit=None if mfit is None else float(mfit[i]),
                scenario_fit=None if cfit is None else float(cfit[i]),
                scenario=self._placing_scenario(i, cfit, scen_mix),
            )
            for r, i in enumerate(order)
        ]

    def _situated_fit(
        self,
        efit: np.ndarray,
        tfit: np.ndarray | None,
        mix: np.ndarray | None,
        valence: float,
        mfit: np.ndarray | None = None,
        near_romance: float | None = None,
        cfit: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray | None]:
        """The blended fit with the situation layer: what the song is about (the text's situation
        mix against the song's), its tone against the text's, the topic's words and the emotions.
        Returns the fit, the situation fit, the tone fit and the mix (None without a topic)."""
        layer = self.situations
        tone = np.abs(layer.valence - np.float32(valence))
        tone *= -0.5
        tone += 1.0
        tone *= tone  # squared: a song of the opposite tone (bragging rap for an empty bank account) falls far
        parts: list[tuple[float, np.ndarray]] = [(W_TONE, tone), (W_EMOTION_S, efit)]
        sfit = None
        if mix is not None:
            sfit = self.situation_fit(mix)
            parts.append((W_SITUATION, sfit))
        if tfit is not None:
            parts.append((W_TOPIC_S, tfit))
        if mfit is not None:
            parts.append((W_MESSAGE, mfit))
        fit = np.zeros(len(self.songs), dtype=np.float32)
        for w, part in parts:
            fit += np.float32(w) * part
        fit /= np.float32(sum(w for w, _ in parts))
        if cfit is not None:  # a curator's pick closes that share of the gap to a full fit, so fit stays 0-1
            fit += np.float32(W_SCENARIO) * cfit * (1.0 - fit)
        if mix is not None:
            about_love = float(mix[self._romantic].sum()) / ROMANCE_ENOUGH
            if near_romance is not None:
                lo, hi = ROMANCE_NEAR
                sure_lo, sure_hi = ROMANCE_SURE
                other = float(mix[~self._romantic].max())
                trust = 1.0 - min(max((other - sure_lo) / (sure_hi - sure_lo), 0.0), 1.0)
                about_love = max(about_love, trust * (near_romance - lo) / (hi - lo))
            if about_love < 1:
                fit -= np.float32(ROMANCE_GAP * (1 - about_love)) * self._song_romance
        return fit, sfit, tone, mix

    @staticmethod
    def _reach(mix: np.ndarray) -> np.ndarray:
        """How far each situation of the text reaches: its share, square-rooted, so a second situation
        (0.04 of a text about missing home is about family) still ranks its songs above songs about
        neither when the main one has few songs, and an unsure text (no share above 0.3) reaches
        less far than a clear one."""
        return np.sqrt(mix)

    def situation_fit(self, mix: np.ndarray) -> np.ndarray:
        """0-1 per song: its best match among the text's situations (reach x how much the song is about it)."""
        reach = self._reach(mix)
        fit = np.zeros(len(self.songs), dtype=np.float32)
        for s in np.flatnonzero(reach >= SITUATION_MIN_REACH):
            np.maximum(fit, np.float32(reach[s]) * self._sit_t[s], out=fit)
        return fit

    def _placing_scenario(self, row: int, cfit: np.ndarray | None, mix: np.ndarray | None) -> tuple[str, str] | None:
        """The name of the scenario whose pick counted most for the song, if its picks counted."""
        if cfit is None or mix is None or self.scenarios is None or cfit[row] < SCENARIO_EXPLAIN:
            return None
        at = np.flatnonzero(self._pick_row == row)
        best = at[np.argmax(mix[self._pick_scenario[at]] * self._pick_weight[at])]
        return self.scenarios.names[int(self._pick_scenario[best])]

    def _placing_situation(self, row: int, mix: np.ndarray | None) -> str | None:
        """The situation behind the song's situation fit, if it is a real match."""
        if mix is None:
            return None
        contrib = self._reach(mix) * self.situations.weights[row]
        s = int(np.argmax(contrib))
        return SITUATIONS[s].code if contrib[s] >= 0.3 else None

    def _select(self, score: np.ndarray, keep: np.ndarray | None, top: int, diversify: bool) -> list[int]:
        key = score if keep is None else np.where(keep, score, -np.inf)
        top = max(0, min(top, len(key) if keep is None else int(keep.sum())))
        if top == 0:
            return []
        pool_n = min(len(key), max(top * 8, POOL) if diversify else top)
        cand = np.argpartition(-key, pool_n - 1)[:pool_n] if pool_n < len(key) else np.arange(len(key))
        cand = cand[np.argsort(-key[cand], kind="stable")]
        cand = cand[np.isfinite(key[cand])]
        if not diversify:
            return self._one_per_title(cand.tolist(), top)
        chosen = self._diverse(cand, key[cand].astype(np.float32), top)
        if len(chosen) < top:  # the artist cap left too few songs (tiny filtered catalogs): fill in score order
            taken = set(chosen)
            chosen = self._one_per_title(chosen + [int(i) for i in cand if int(i) not in taken], top)
        # Diversity decides which songs make the list; within it, the best fit comes first.
        return sorted(chosen, key=lambda i: -key[i])

    def _one_per_title(self, rows: list[int], top: int) -> list[int]:
        """The first ``top`` rows in order, skipping a song whose title is already in (``title_key``)."""
        seen: set[int] = set()
        out: list[int] = []
        for i in rows:
            t = self.title_ids[i]
            if t not in seen:
                seen.add(t)
                out.append(i)
                if len(out) == top:
                    break
        return out

    def _diverse(self, cand: np.ndarray, base: np.ndarray, top: int) -> list[int]:
        """Greedy MMR with the artist cap over ``cand`` (sorted by ``base``, best first): each step
        takes the candidate with the highest ``base - MMR_LAMBDA x max cosine to a chosen song``,
        skipping artists already in the list ``MAX_PER_ARTIST`` times.

        Why lazy: a candidate's adjusted score only falls as songs are chosen, so a stale score is
        an upper bound.  Popping the best bound and bringing only that candidate up to date picks
        the same songs (ties too: the earlier candidate wins, as in a full argmax) while comparing a
        few dozen candidates with the chosen songs, instead of every candidate after every pick.
        Where scores are packed so tightly that every pick's discount reorders hundreds of them
        (100,000 synthetic songs), the pops outnumber ``LAZY_POPS_PER_PICK`` per pick and the rest
        runs as the plain vectorised greedy."""
        lam = np.float32(MMR_LAMBDA)
        heap = [(-float(b), j) for j, b in enumerate(base.tolist())]  # sorted ascending: already a heap
        seen = [0] * len(cand)  # how many chosen songs each candidate's penalty has been compared with
        max_sim = [np.float32(0.0)] * len(cand)
        blocks: dict[int, np.ndarray] = {}  # candidates' topic vectors, dequantised 32 at a time when first needed

        def vector(j: int) -> np.ndarray:
            b = j // 32
            if b not in blocks:
                blocks[b] = self.topics.rows(cand[b * 32 : (b + 1) * 32])
            return blocks[b][j % 32]

        picked = np.zeros((top, self.topics.dim), dtype=np.float32) if self.topics is not None else None
        chosen: list[int] = []  # catalog rows
        positions: list[int] = []  # the same songs' positions in cand
        per_artist: dict[int, int] = {}
        titles: set[int] = set()  # one version of a song per list
        pops = 0
        while heap and len(chosen) < top:
            pops += 1
            if picked is not None and pops > LAZY_POPS_PER_PICK * top:
                alive = np.zeros(len(cand), dtype=bool)
                alive[[j for _, j in heap]] = True
                return self._diverse_eager(cand, base, top, alive, positions, per_artist, titles)
            _, j = heapq.heappop(heap)
            i = int(cand[j])
            a = int(self.artist_ids[i])
            if per_artist.get(a, 0) >= MAX_PER_ARTIST or self.title_ids[i] in titles:
                continue  # caps are never lifted: dropping it now or when it comes first is the same
            if picked is not None and seen[j] < len(chosen):
                sims = picked[seen[j] : len(chosen)] @ vector(j)
                max_sim[j] = max(max_sim[j], np.float32(sims.max()))
                seen[j] = len(chosen)
                entry = (-float(base[j] - lam * max_sim[j]), j)
                if heap and entry > heap[0]:
                    heapq.heappush(heap, entry)
                    continue
            per_artist[a] = per_artist.get(a, 0) + 1
            titles.add(self.title_ids[i])
            if picked is not None:
                picked[len(chosen)] = vector(j)
            chosen.append(i)
            positions.append(j)
        return chosen

    def _diverse_eager(
        self,
        cand: np.ndarray,
        base: np.ndarray,
        top: int,
        alive: np.ndarray,
        positions: list[int],
        per_artist: dict[int, int],
        titles: set[int],
    ) -> list[int]:
        """The same greedy, every candidate's adjusted score after every pick, continuing from the
        picks at ``positions`` (``alive``: candidates neither picked nor dropped)."""
        topics = self.topics.rows(cand)
        max_sim = np.zeros(len(cand), dtype=np.float32)
        if positions:
            np.maximum(max_sim, (topics @ topics[positions].T).max(axis=1), out=max_sim)
        chosen = [int(cand[j]) for j in positions]
        while len(chosen) < top and alive.any():
            j = int(np.argmax(np.where(alive, base - MMR_LAMBDA * max_sim, -np.inf)))
            alive[j] = False
            a = int(self.artist_ids[cand[j]])
            if per_artist.get(a, 0) >= MAX_PER_ARTIST or self.title_ids[int(cand[j])] in titles:
                continue
            per_artist[a] = per_artist.get(a, 0) + 1
            titles.add(self.title_ids[int(cand[j])])
            chosen.append(int(cand[j]))
            np.maximum(max_sim, topics @ topics[j], out=max_sim)
        return chosen
