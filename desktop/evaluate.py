"""Accuracy and macro-F1 of the emotion model on a labelled TSV (``label<TAB>text``).

Shared by ``moodtune eval``, the model card numbers and the training loop, so the
metric the card reports is the metric training selected on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop.errors import MoodtuneError
from desktop.labels import LABELS


def read_labelled_tsv(path: Path | str) -> tuple[list[str], list[int]]:
    """Read ``label<TAB>text`` rows after a header; unknown labels are an error, not skipped."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise MoodtuneError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if not lines or lines[0].split("\t")[:2] != ["label", "text"]:
        raise MoodtuneError(f"{path} must start with the header 'label<TAB>text'.")
    texts, labels = [], []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in LABELS:
            raise MoodtuneError(f"{path}:{n}: label must be one of {', '.join(LABELS)}; got {label!r}.")
        texts.append(text)
        labels.append(LABELS.index(label))
    return texts, labels


def per_label_scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, dict[str, float]]:
    out = {}
    for k, name in enumerate(LABELS):
        tp = int(((y_pred == k) & (y_true == k)).sum())
        fp = int(((y_pred == k) & (y_true != k)).sum())
        fn = int(((y_pred != k) & (y_true == k)).sum())
        out[name] = {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
            "support": int((y_true == k).sum()),
        }
    return out


def scores(y_true: Sequence[int], y_pred: Sequence[int]) -> dict:
    """n, accuracy, macro-F1, per-label precision/recall/F1 and the confusion matrix."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    per = per_label_scores(t, p)
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    np.add.at(confusion, (t, p), 1)
    return {
        "n": int(len(t)),
        "accuracy": float((t == p).mean()) if len(t) else 0.0,
        "macro_f1": float(np.mean([v["f1"] for v in per.values()])),
        "per_label": per,
        "confusion": confusion.tolist(),
    }


def evaluate_file(model, path: Path | str) -> dict:
    texts, labels = read_labelled_tsv(path)
    if not texts:
        raise MoodtuneError(f"{path} has no rows to evaluate.")
    pred = model.analyze_batch(texts).argmax(axis=1)
    return scores(labels, pred)
