"""The domain facade every front end uses: model + catalog + recommender + user data.

Why: the window, the CLI and ``--self-test`` must rank exactly the same way, with
the same feedback and settings applied; keeping that wiring here keeps the UI thin.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop.catalog import Catalog
from desktop.emotion_model import EmotionModel
from desktop.recommend import Filters, Recommendation, Recommender
from desktop.user_store import UserStore


class Moodtune:
    def __init__(self, model: EmotionModel, catalog: Catalog, store: UserStore | None = None) -> None:
        self.model = model
        self.catalog = catalog
        self.recommender = Recommender.from_catalog(catalog)
        self.store = store

    @classmethod
    def load(cls, model_dir: Path | None = None, catalog_path: Path | None = None,
             data_dir: Path | None = None, with_store: bool = True, threads: int | None = None) -> Moodtune:
        model = EmotionModel(model_dir, threads=threads)
        catalog = Catalog.open(catalog_path)
        store = UserStore(data_dir) if with_store else None
        return cls(model, catalog, store)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def analyze(self, text: str) -> np.ndarray:
        return self.model.analyze(text)

    def saved_filters(self) -> Filters:
        if self.store is None:
            return Filters()
        return Filters(genres=frozenset(self.store.get("filter_genres") or ()),
                       year_min=self.store.get("year_min"), year_max=self.store.get("year_max"),
                       exclude_disliked=bool(self.store.get("exclude_disliked")))

    def recommend(self, probs: np.ndarray, top: int = 20, filters: Filters | None = None) -> list[Recommendation]:
        """Rank with the user's feedback and preferred genres applied."""
        if filters is None:
            filters = self.saved_filters()
        feedback = self.store.signals(self.catalog) if self.store else None
        preferred = frozenset(self.store.get("preferred_genres") or ()) if self.store else frozenset()
        return self.recommender.rank(probs, top=top, filters=filters, feedback=feedback, preferred_genres=preferred)

    def vote(self, text: str, probs: np.ndarray, rec: Recommendation, vote: int) -> int:
        if self.store is None:
            raise RuntimeError("no user store")
        return self.store.add_vote(text, probs, rec, vote, self.model.version, self.catalog.version)
