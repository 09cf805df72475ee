"""Accuracy and macro-F1 of the emotion model on a labelled TSV (``label<TAB>text``).

Shared by ``moodtune eval``, the model card numbers and the training loop, so the
metric the card reports is the metric training selected on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from desktop.core.errors import InputTextError, MoodtuneError
from desktop.core.labels import LABELS
from desktop.core.text_input import clean_text

# Longest line read (1 MiB): far above what is analysed of a text (MAX_CHARS characters), and
# what bounds the memory a file without newlines can take.
MAX_LINE_BYTES = 1 << 20


def iter_labelled_tsv(path: Path | str) -> Iterator[tuple[int, str, int]]:
    """Stream ``(line number, text, label index)`` from a ``label<TAB>text`` file after its header.

    Lines end only at ``\n`` (``\r\n`` too): U+2028, form feeds and lone CRs inside a text stay in
    the text, unlike ``str.splitlines``.  The file is read line by line, so a million rows need
    no more memory than one; unknown labels and undecodable bytes are errors naming file and line.
    """
    path = Path(path)
    n = 0
    try:
        with open(path, "rb") as f:  # bytes split at b"\n" only; each line decoded on its own
            # readline with a limit: a file without newlines (``/dev/zero``) is never read whole
            for n, raw in enumerate(iter(lambda: f.readline(MAX_LINE_BYTES + 1), b""), start=1):
                if len(raw) > MAX_LINE_BYTES:
                    raise MoodtuneError(
                        f"{path}:{n}: the line is longer than {MAX_LINE_BYTES:,} bytes; is this a label<TAB>text file?"
                    )
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise MoodtuneError(f"{path}:{n}: not UTF-8 text ({exc.reason}). Save the file as UTF-8.") from exc
                line = line[:-1] if line.endswith("\n") else line
                line = line[:-1] if line.endswith("\r") else line
                if n == 1:
                    if line.split("\t")[:2] != ["label", "text"]:
                        raise MoodtuneError(f"{path} must start with the header 'label<TAB>text'.")
                    continue
                if not line.strip():
                    continue
                label, sep, text = line.partition("\t")
                if not sep or label not in LABELS:
                    raise MoodtuneError(f"{path}:{n}: label must be one of {', '.join(LABELS)}; got {label!r}.")
                try:
                    clean_text(text)
                except InputTextError as exc:
                    raise MoodtuneError(f"{path}:{n}: {exc}") from exc
                yield n, text, LABELS.index(label)
    except OSError as exc:
        raise MoodtuneError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if n == 0:
        raise MoodtuneError(f"{path} must start with the header 'label<TAB>text'.")


def read_labelled_tsv(path: Path | str) -> tuple[list[str], list[int]]:
    """All rows of a ``label<TAB>text`` file (see ``iter_labelled_tsv``)."""
    texts, labels = [], []
    for _, text, label in iter_labelled_tsv(path):
        texts.append(text)
        labels.append(label)
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


def evaluate_file(model, path: Path | str, chunk: int = 2048, progress=None) -> dict:
    """Scores of ``model`` on a labelled file, read and analysed ``chunk`` rows at a time;
    ``progress(rows_done)`` is called after each chunk."""
    labels: list[int] = []
    preds: list[np.ndarray] = []
    texts: list[str] = []

    def flush() -> None:
        if texts:
            preds.append(model.analyze_batch(texts).argmax(axis=1))
            texts.clear()
            if progress is not None:
                progress(len(labels))

    for _, text, label in iter_labelled_tsv(path):
        texts.append(text)
        labels.append(label)
        if len(texts) >= chunk:
            flush()
    flush()
    if not labels:
        raise MoodtuneError(f"{path} has no rows to evaluate.")
    return scores(labels, np.concatenate(preds))
