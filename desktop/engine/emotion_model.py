"""Run-time emotion classifier: the shipped ONNX classifier through the shared text engine.

Long texts are windowed (see ``desktop.engine.text_encoder``) and the window distributions are
averaged, weighted by their token counts, so nothing is silently cut off up to
``EMOTION.max_windows`` windows; longer texts are sampled evenly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop.core.errors import ModelError
from desktop.core.labels import LABELS, dominant_index
from desktop.core.text_input import clean_text, topic_text
from desktop.engine.model_spec import EMOTION, TOKENIZER_FILE
from desktop.engine.text_encoder import OnnxTextModel, load_card

MODEL_FILE = EMOTION.file
CONFIG_FILE = EMOTION.card
__all__ = ["CONFIG_FILE", "MODEL_FILE", "TOKENIZER_FILE", "EmotionModel", "load_config"]


def load_config(model_dir: Path) -> dict:
    return _checked(load_card(model_dir, EMOTION), model_dir)


def _checked(config: dict, model_dir: Path) -> dict:
    """The card, if its model predicts our labels in our order."""
    if tuple(config.get("labels", ())) != LABELS:
        raise ModelError(f"The emotion model in {model_dir} predicts {config.get('labels')}, not {list(LABELS)}.")
    return config


class EmotionModel(OnnxTextModel):
    """The 7-emotion classifier.  Create once; ``analyze`` is cheap afterwards."""

    def __init__(
        self,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        max_length: int | None = None,
        model_file: str | None = None,
        verify: bool = True,
    ) -> None:
        super().__init__(
            EMOTION, model_dir, threads=threads, max_length=max_length, model_file=model_file, verify=verify
        )
        _checked(self.config, self.model_dir)  # the card the engine just read, not a second read
        self.labels: tuple[str, ...] = LABELS

    @property
    def query_ids(self) -> list[int]:
        """The "query: " prefix the joint model reads every text with (none for an emotion-only card)."""
        return [int(i) for i in self.config.get("query_ids", [])]

    def analyze(self, text: str) -> np.ndarray:
        """Probabilities over ``LABELS`` (shape (7,), sums to 1)."""
        return self.analyze_batch([text])[0]

    def analyze_batch(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Probabilities for many texts at once (shape (n, 7)); long texts are windowed."""
        return self.encode_batch(texts, self.query_ids, batch_size=batch_size)

    def read_batch(self, texts: Sequence[str], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray | None]:
        """Probabilities (n, 7) and, from the same run, unit e5 query vectors (n, 384), or None
        for a model without the embedding output."""
        outs = self.encode_all(texts, self.query_ids, batch_size=batch_size)
        return outs[0], (outs[1] if len(outs) > 1 else None)

    def read(self, text: str) -> tuple[np.ndarray, np.ndarray | None]:
        """A user's text as the app reads it: emotions (7,) of the whole text and the unit e5 query
        vector (384,) of its words (``topic_text``: without ㅋㅋ/ㅠㅠ, emoji and punctuation, which say
        how, not what), or None when it has no words ("ㅋㅋㅋ": a mood, no topic; songs are then
        ranked by emotion) or the model has no embedding output.

        Why the words: the vector of the whole text moved with a trailing "ㅋㅋ" or emoji, and trivial
        variants kept fewer of their songs than they do this way.  When the two differ they run in one
        batch.  A text longer than one window (123 tokens) takes its topic from its own windows: a
        trailing emoji barely moves a long text's vector, and reading the words as well would double
        its cost (four windows instead of two)."""
        text = clean_text(text)
        words = topic_text(text)
        windows, owner = self.preprocess([text], self.query_ids)
        n = len(windows)  # the text's own windows: its emotions, and its topic when it is longer than one
        if self.has_embedding and words and words != text and n == 1:
            windows += self.preprocess([words], self.query_ids)[0]
        raw = self.run(windows)
        probs = self.postprocess(raw[0][:n], windows[:n], owner, 1, "probabilities")[0]
        if not self.has_embedding or not words:
            return probs, None
        rows = slice(n, None) if len(windows) > n else slice(0, n)
        return probs, self.postprocess(raw[1][rows], windows[rows], [0] * len(windows[rows]), 1, "embedding")[0]

    def logits_batch(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Raw logits of each text's first window (lyric chunks fit one window); for offline aggregation."""
        windows, owner = self.preprocess([clean_text(t) for t in texts], self.query_ids)
        out = self.run(windows, batch_size)[0]
        first = {}  # the first window of each text
        for k, i in enumerate(owner):
            first.setdefault(i, k)
        return out[[first[i] for i in range(len(texts))]]

    def label_of(self, probs: np.ndarray) -> str:
        return self.labels[dominant_index(probs)]
