"""The domain facade every front end uses: models + catalog + recommender + user data.

Why: the window, the CLI and ``--self-test`` must analyse and rank exactly the same way,
with the same text rules, feedback and preferences applied; keeping that here keeps
the front ends thin.  Filters are always explicit arguments: the CLI never picks up
what the window last showed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from desktop.core import paths
from desktop.core.errors import CatalogError, MoodtuneError
from desktop.core.text_input import MAX_CHARS, clean_text, script_of
from desktop.core.threads import resolve_threads
from desktop.engine.emotion_model import EmotionModel, load_config
from desktop.engine.model_spec import EMOTION, TOKENIZER_FILE
from desktop.engine.modes import DEFAULT as DEFAULT_MODE
from desktop.engine.modes import Mode
from desktop.engine.recommend import Filters, KeyedVotes, Recommendation, Recommender
from desktop.engine.text_encoder import verify_file
from desktop.engine.topic_index import GRAPH_FILE
from desktop.library.catalog import Catalog
from desktop.library.links import LinkService, link_service
from desktop.profile.null_store import NoStore
from desktop.profile.user_store import UserStore

if TYPE_CHECKING:  # imported when the library is first ranked
    from desktop.engine.library_ranking import LibraryRanking

log = logging.getLogger("moodtune")


@dataclass(frozen=True)
class Analysis:
    """What a text was read as.  ``text`` is what was analysed (cleaned, at most MAX_CHARS)."""

    text: str
    probs: np.ndarray  # (7,) emotion distribution
    topic: np.ndarray | None  # unit e5 query vector, None when the catalog or model has no topics
    script: str  # 'korean' | 'jamo' | 'other' | 'symbols' (see desktop.core.text_input.script_of)
    truncated: bool  # the input was longer than MAX_CHARS


class Moodtune:
    def __init__(
        self,
        model: EmotionModel | Callable[[], EmotionModel],
        catalog: Catalog,
        store: UserStore | None = None,
        model_version: str | None = None,
        use_topics: bool = True,
    ) -> None:
        """``model`` may be a factory: it then loads on first use (or ``warm_up``), so the window
        can show before its session is created.  The same model run gives a
        text's emotions and its e5 query vector (when the model has that output and the catalog
        holds song topic vectors; ``use_topics=False`` turns the topic part off)."""
        self._models_lock = threading.Lock()
        self._model = model
        self._model_version = (model_version or "unknown") if callable(model) else model.version
        self.catalog = catalog
        self.use_topics = use_topics and catalog.topics is not None
        self._recommender: Recommender | Callable[[], Recommender] = lambda: Recommender.from_catalog(catalog)
        self.store: UserStore | NoStore = store if store is not None else NoStore()
        self.has_profile = store is not None
        self.model_dir: Path | None = None if callable(model) else model.model_dir  # set by ``load``
        self.foreground_at = 0.0  # time.monotonic() of the last text analysed for the user
        self._music = None  # MusicLibrary, opened on first use (``my_music``)
        self._library_ranking: tuple[int, LibraryRanking] | None = None  # (library generation, the ranking)
        # False (the window): rankings use the library ranking last built (by the import thread)
        # and never read the library database on the calling thread.
        self.refresh_library_on_rank = True
        self._music_lock = threading.Lock()
        self._own_liked: tuple[KeyedVotes, frozenset[str]] | None = None  # (votes, their liked own songs' artists)

    @classmethod
    def load(
        cls,
        model_dir: Path | None = None,
        catalog_path: Path | None = None,
        data_dir: Path | None = None,
        with_store: bool = True,
        threads: int | None = None,
        lazy_models: bool = False,
        defer_integrity: bool = False,
    ) -> Moodtune:
        """Model, catalog and user data.  ``lazy_models``: the onnxruntime session is created on
        first use (the window's cold start); the model's and tokenizer's checksums, the card and
        the catalog's model pairing are still checked here, so a damaged install fails at start.
        ``defer_integrity``: the user data's integrity check, when one is needed, is left to the
        caller (``UserStore(defer_check=True)``: the window runs it after its first frame)."""
        folder = Path(model_dir) if model_dir else paths.model_dir()
        threads = resolve_threads(threads)  # checked before anything loads: a bad value is one clear error
        card = load_config(folder)
        catalog = Catalog.open(catalog_path)
        built_for = catalog.meta.get("model_sha256")
        if built_for and built_for != card.get("sha256"):
            raise CatalogError(
                f"The song catalog was built for another emotion model (catalog {catalog.version}, "
                f"model {card.get('version', 'unknown')}); the two must come from the same install."
            )
        use_topics = catalog.topics is not None
        if use_topics:
            teacher = (card.get("topic_teacher") or {}).get("sha256")
            built_for = catalog.meta.get("topic_model_sha256")
            if not teacher:
                log.warning("the model has no topic output; songs are ranked by emotion only")
                use_topics = False
            elif built_for and built_for != teacher:
                raise CatalogError(
                    "The song catalog's topic vectors come from another encoder than the one "
                    "the model was distilled from; the two must come from the same install."
                )

        def load_model() -> EmotionModel:
            return EmotionModel(folder, threads=threads, verify=False)

        # Every file is verified here, once, whether the session is created now or later.
        verify_file(folder / TOKENIZER_FILE, card.get("tokenizer_sha256"), "models' tokenizer")
        verify_file(folder / EMOTION.file, card.get("sha256"), f"{EMOTION.name} model")
        # The int8 topic index graph too: a replaced graph silently changed every ranking (D11).
        verify_file(folder / GRAPH_FILE, card.get("topic_index_sha256"), "topic index")
        model: EmotionModel | Callable[[], EmotionModel] = load_model if lazy_models else load_model()
        store = UserStore(data_dir, defer_check=defer_integrity) if with_store else None
        service = cls(model, catalog, store, model_version=str(card.get("version", "unknown")), use_topics=use_topics)
        service.model_dir = folder
        return service

    @classmethod
    def start_loading(cls, **kwargs) -> PendingLoad:
        """``load(**kwargs)`` on a background thread; ``result()`` waits for it.

        Why: the window's cold start is mostly loading.  Started before the GUI toolkit is
        imported, the catalog, user data and model checks run on the second core while Qt
        starts on the first (and numpy is imported before PySide6's import hook, which makes
        every later import slower)."""
        return PendingLoad(lambda: cls.load(**kwargs))

    def close(self) -> None:
        self.store.close()
        if self._music is not None:
            self._music.close()

    def _loaded(self, attr: str):
        with self._models_lock:
            value = getattr(self, attr)
            if callable(value) and not isinstance(value, (EmotionModel, Recommender)):
                value = value()
                setattr(self, attr, value)
            return value

    @property
    def recommender(self) -> Recommender:
        """The ranking engine over the catalog, built on first use (or ``warm_up``): set-up that the
        first frame does not need."""
        return self._loaded("_recommender")

    @property
    def model(self) -> EmotionModel:
        """The emotion classifier, loaded now if it was deferred (raises ModelError then)."""
        return self._loaded("_model")

    def warm_up(self) -> None:
        """Load what was deferred (called on a background thread once the window shows)."""
        for name in ("recommender", "model"):
            try:
                getattr(self, name)
            except MoodtuneError as exc:  # reported again, to the user, when a text is analysed
                log.warning("%s not loaded: %s", name, exc)
            except Exception:  # noqa: BLE001 - the same: logged here, shown when a text is analysed
                log.exception("%s not loaded", name)

    @property
    def version(self) -> str:
        return self._model_version

    def analyze(self, text: str) -> Analysis:
        """Emotions and topic of a text; raises InputTextError for empty or non-text input."""
        text = clean_text(text)
        truncated = len(text) > MAX_CHARS
        text = text[:MAX_CHARS]
        self.foreground_at = time.monotonic()  # background work gives way for a moment (``give_way``)
        probs, topic = self.model.read(text)
        return Analysis(text, probs, topic if self.use_topics else None, script_of(text), truncated)

    def recommend(
        self,
        analysis: Analysis | np.ndarray,
        top: int = 20,
        filters: Filters | None = None,
        mode: Mode | str = DEFAULT_MODE,
        probs: np.ndarray | None = None,
        library_only: bool = False,
    ) -> list[Recommendation]:
        """Rank for an analysis (or a bare 7-vector), with the user's feedback and preferred genres.

        ``probs`` overrides the analysed emotions (the window's "this is how I feel") while the
        text's topic still counts.  ``library_only``: the user's own songs ("My music only"); an
        empty list when none is ranked yet.
        """
        if isinstance(analysis, Analysis):
            p, topic = (analysis.probs if probs is None else probs), analysis.topic
        else:
            p, topic = np.asarray(analysis if probs is None else probs), None
        preferred = frozenset(self.store.get("preferred_genres"))
        blocked = frozenset(self.store.get("blocked_artists"))
        liked = self.liked_artists() if self.store.get("prefer_liked_artists") else frozenset()
        if library_only:
            ranking = self.library_ranking(refresh=self.refresh_library_on_rank)
            if ranking is None or ranking.recommender is None:
                return []
            return ranking.recommender.rank(
                p,
                top=top,
                filters=filters or Filters(),
                feedback=ranking.feedback(self.store.keyed_votes()),
                preferred_genres=preferred,
                topic=topic if ranking.recommender.has_topics else None,
                mode=mode,
                blocked_artists=blocked,
                liked_artists=liked,
            )
        return self.recommender.rank(
            p,
            top=top,
            filters=filters or Filters(),
            feedback=self.store.signals(self.catalog),
            preferred_genres=preferred,
            topic=topic,
            mode=mode,
            blocked_artists=blocked,
            liked_artists=liked,
        )

    def liked_artists(self) -> frozenset[str]:
        """Artists with a song whose latest vote is a like: the catalog's name for a catalog song,
        the name the vote kept for one of the user's own songs (which may no longer be in the library)."""
        latest = self.store.latest_votes()
        liked = {
            self.catalog.songs[self.catalog.index[k]].artist
            for k, v in latest.items()
            if v > 0 and k in self.catalog.index
        }
        if any(v > 0 and k not in self.catalog.index for k, v in latest.items()):
            votes = self.store.keyed_votes()
            memo = self._own_liked
            if memo is None or memo[0] is not votes:  # the store hands the same object until the votes change
                last: dict[str, tuple[int, str]] = {}
                for key, vote, artist in zip(votes.keys, votes.votes.tolist(), votes.artists):
                    if key not in self.catalog.index:
                        last[key] = (vote, artist)
                memo = self._own_liked = (votes, frozenset(a for v, a in last.values() if v > 0 and a))
            liked.update(memo[1])
        return frozenset(liked)

    def block_artist(self, artist: str) -> None:
        """Never show this artist again (undone in the settings' Profile tab)."""
        blocked = list(self.store.get("blocked_artists"))
        if artist not in blocked:
            self.store.set("blocked_artists", [*blocked, artist])

    # ------------------------------------------------------------ your music
    @property
    def my_music(self):
        """The user's music library (``desktop.library.my_music``), in the per-user data folder;
        None without a profile."""
        if not self.has_profile:
            return None
        with self._music_lock:
            if self._music is None:
                from desktop.library.my_music import MusicLibrary

                self._music = MusicLibrary(self.store.folder)
            return self._music

    def library_ranking(self, refresh: bool = True):
        """The ranking over the library's ranked songs, rebuilt when the library changed;
        ``refresh=False``: the one last built (None before the first), without reading the library."""
        if not refresh:
            cached = self._library_ranking
            return None if cached is None else cached[1]
        lib = self.my_music
        if lib is None:
            return None
        from desktop.engine.library_ranking import LibraryRanking

        generation = lib.generation()
        cached = self._library_ranking
        if cached is None or cached[0] != generation:
            cached = (generation, LibraryRanking(lib.tracks(), self.catalog))
            cached[1].vote_index  # noqa: B018 - built here (the window: on the import thread), not when ranking
            self._library_ranking = cached
        return cached[1]

    def file_of(self, song_key: str) -> str | None:
        """The user's file for a song in the library ranking (None for songs that are not theirs)."""
        ranking = self.library_ranking(refresh=self.refresh_library_on_rank)
        return None if ranking is None else ranking.path_of.get(song_key)

    def files_of(self, song_keys) -> dict[str, str]:
        """The user's files for those of ``song_keys`` that are songs of their library (a playlist's
        entries).  A user who never added music gets {} without a library database being created."""
        if self.refresh_library_on_rank:
            from desktop.library.my_music import library_path

            if not self.has_profile or not library_path(self.data_folder).exists():
                return {}
        found = {}
        for key in song_keys:
            path = self.file_of(key)
            if path:
                found[key] = path
        return found

    def analyse_library(
        self, progress=None, cancel: threading.Event | None = None, model_of: Callable[[], EmotionModel] | None = None
    ) -> int:
        """Match or analyse the library's new songs, with this service's model session or the one
        ``model_of`` gives (the window's import thread uses a one-thread session of its own)."""
        from desktop.engine.song_analysis import analyse_pending
        from desktop.engine.topic_bridge import TopicBridge

        lib = self.my_music
        if lib is None:
            return 0
        stamp = f"{self.version}|{self.catalog.version}{TopicBridge.stamp(self.catalog)}"
        if lib.analysed_with() - {stamp}:
            lib.reset_numbers()  # another model or catalog: numbers made with it are not comparable
        return analyse_pending(
            lib,
            self.catalog,
            model_of or (lambda: self.model),
            stamp,
            progress,
            cancel,
            pause=lambda: self.give_way(cancel=cancel),
        )

    def give_way(self, quiet: float = 0.4, cancel: threading.Event | None = None) -> None:
        """Wait until no text was analysed for the user for ``quiet`` seconds (at most 5 s): the
        library's analysis steps in between the window's, so typing stays as fast as when idle."""
        deadline = time.monotonic() + 5.0
        while time.monotonic() - self.foreground_at < quiet and time.monotonic() < deadline:
            if cancel is not None and cancel.wait(0.05):
                return
            if cancel is None:
                time.sleep(0.05)

    def background_model(self, threads: int = 1) -> EmotionModel:
        """A second session of the same (already verified) model, for work that must not take the
        cores the window's own analyses need: created on the calling thread."""
        return EmotionModel(self.model_dir, threads=threads, verify=False)

    # ------------------------------------------------------------ what is installed
    def genres(self, limit: int = 40) -> list[str]:
        """The catalog's genres, most songs first (the short list of ``split_genres``)."""
        return list(self.catalog.genre_counts())[:limit]

    def year_range(self) -> tuple[int, int]:
        return self.catalog.year_range()

    def describe(self) -> tuple[str, str, int]:
        """(model version, catalog version, number of songs) for the status bar and About."""
        return self.version, self.catalog.version, len(self.catalog)

    # ------------------------------------------------------------ the profile
    # The window works through these, never through the store itself: one place holds the
    # rules (what is kept, what a missing profile means), and the CLI uses the same ones.
    @property
    def data_folder(self) -> Path | None:
        return self.store.folder

    def setting(self, key: str):
        """A setting's value, or its declared default without a profile."""
        return self.store.get(key)

    def link_service(self) -> LinkService:
        """The streaming service songs open on (the ``link_service`` setting)."""
        return link_service(self.setting("link_service"))

    def save_settings(self, values: dict) -> None:
        self.store.set_many(values)

    def latest_votes(self) -> dict[str, int]:
        return self.store.latest_votes()

    def votes(self, moods: bool = True) -> list:
        return self.store.votes(moods)

    def last_vote(self, song_key: str):
        """The song's most recent vote (``VoteRecord``), or None: what a second ♡ / ✕ takes back."""
        return self.store.last_vote(song_key)

    def delete_vote(self, vote_id: int) -> None:
        self.store.delete_vote(vote_id)

    def reset_votes(self) -> None:
        self.store.reset_votes()

    def history(self) -> list:
        return self.store.history()

    def add_history(self, text: str, probs: np.ndarray, recs: list[Recommendation]) -> None:
        self.store.add_history(clean_text(text)[:MAX_CHARS], probs, recs)

    def delete_history(self, entry_id: int) -> None:
        self.store.delete_history(entry_id)

    def clear_history(self) -> None:
        self.store.clear_history()

    def export_feedback(self, path: Path | str, fmt: str | None = None) -> int:
        from desktop.profile.feedback_export import export_feedback

        if not isinstance(self.store, UserStore):
            raise RuntimeError("no user store")
        return export_feedback(self.store, path, fmt)

    def import_feedback(self, path: Path | str, fmt: str | None = None) -> tuple[int, int]:
        """Votes from an exported CSV/JSON file: (added, already there); see ``feedback_import``."""
        from desktop.profile.feedback_import import read_votes

        return self.store.import_votes(read_votes(path, fmt))

    def remembered_filters(self) -> Filters:
        """The filters the window showed last (window state; the CLI never applies them).  Years out
        of their declared bounds read as None (a stored 100000000000 overflowed Qt's 32-bit year boxes)."""
        return Filters(
            genres=frozenset(self.store.get("filter_genres")),
            year_min=self.store.get("year_min"),
            year_max=self.store.get("year_max"),
            exclude_disliked=self.store.get("exclude_disliked"),
            unknown_year=self.store.get("filter_unknown_year"),
        )

    def remember_filters(self, f: Filters) -> None:
        self.store.set_many(
            {
                "filter_genres": sorted(f.genres),
                "year_min": f.year_min,
                "year_max": f.year_max,
                "exclude_disliked": f.exclude_disliked,
                "filter_unknown_year": f.unknown_year,
            }
        )

    def vote(self, text: str | None, probs: np.ndarray, rec: Recommendation, vote: int) -> int:
        """Save a vote; ``text`` None: a vote restored (undo) whose text was not kept."""
        # What was analysed is what is kept: at most MAX_CHARS characters, like the analysis itself.
        kept = None if text is None else clean_text(text)[:MAX_CHARS]
        return self.store.add_vote(kept, probs, rec, vote, self.version, self.catalog.version)


class PendingLoad:
    """A ``Moodtune.load`` running on a daemon thread (see ``Moodtune.start_loading``)."""

    def __init__(self, load: Callable[[], Moodtune]) -> None:
        self._load = load
        self._service: Moodtune | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="moodtune-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._service = self._load()
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that asks for the result
            self._error = exc

    def result(self) -> Moodtune:
        """The loaded service, or the exception ``load`` raised (re-raised here, in the caller's thread)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._service is not None
        return self._service
