"""The profile of a session that keeps none (``moodtune recommend --no-feedback``, a store that
could not be opened): every read answers "nothing yet", every setting its declared default.

Why an object rather than ``if store is None`` in every method of the service: the rule "no
profile means no votes, no history and the defaults" is written once, here, and a new store
method that the null store lacks fails the test that compares the two classes.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, NoReturn

from desktop.engine.recommend import FeedbackSignals, KeyedVotes
from desktop.library.catalog import Catalog
from desktop.profile.settings import option


class NoStore:
    """Stands in for ``UserStore``: reads are empty, settings are defaults, removals do nothing,
    and what would have to be kept (a vote, an import, an export) raises."""

    folder: Path | None = None
    read_only = True

    def get(self, key: str) -> Any:
        return copy.deepcopy(option(key).default)

    def set(self, key: str, value: Any) -> None:
        option(key)  # a misspelt name still fails

    def set_many(self, values: dict[str, object]) -> None:
        for key in values:
            option(key)

    def signals(self, catalog: Catalog) -> FeedbackSignals:
        return FeedbackSignals()

    def keyed_votes(self) -> KeyedVotes:
        return KeyedVotes()

    def latest_votes(self) -> dict[str, int]:
        return {}

    def votes(self, moods: bool = True) -> list:
        return []

    def last_vote(self, song_key: str) -> None:
        return None

    def history(self, limit: int = 200) -> list:
        return []

    def add_history(self, *args: object, **kwargs: object) -> None:
        """Nothing is kept without a profile (the window has one; the CLI never adds history)."""

    def delete_vote(self, vote_id: int) -> None:
        pass

    def reset_votes(self) -> None:
        pass

    def delete_history(self, entry_id: int) -> None:
        pass

    def clear_history(self) -> None:
        pass

    def use_short_busy_timeout(self, ms: int = 0) -> None:
        pass

    def close(self) -> None:
        pass

    def add_vote(self, *args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("no user store")

    def import_votes(self, rows: list[dict]) -> NoReturn:
        raise RuntimeError("no user store")
