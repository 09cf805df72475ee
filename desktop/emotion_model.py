"""Run-time emotion classifier: onnxruntime + HF ``tokenizers`` + numpy, no torch.

Layout follows fastembed's ONNX models: load the tokenizer and the session once,
pre-process (tokenise, pad per batch), run, post-process (softmax).  Texts longer
than the model's window are split into windows of ``max_length`` tokens and the
window distributions are averaged, weighted by their token counts, so nothing is
silently cut off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop import paths
from desktop.errors import InputTextError, ModelError
from desktop.labels import LABELS

MODEL_FILE = "emotion.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "config.json"


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def load_config(model_dir: Path) -> dict:
    path = model_dir / CONFIG_FILE
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"The emotion model's settings are missing: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"The emotion model's settings cannot be read: {path} ({exc})") from exc
    if tuple(config.get("labels", ())) != LABELS:
        raise ModelError(f"The emotion model in {model_dir} predicts {config.get('labels')}, not {list(LABELS)}.")
    return config


def _load_tokenizer(model_dir: Path):
    from tokenizers import Tokenizer

    path = model_dir / TOKENIZER_FILE
    if not path.is_file():
        raise ModelError(f"The emotion model's tokenizer is missing: {path}")
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
        raise ModelError(f"The emotion model's tokenizer is damaged: {path} ({exc})") from exc
    tok.no_padding()
    tok.no_truncation()
    return tok


def _load_session(path: Path, threads: int | None):
    import onnxruntime as ort

    if not path.is_file():
        raise ModelError(f"The emotion model file is missing: {path}")
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads or 0
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.log_severity_level = 3
    try:
        return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf types
        raise ModelError(f"The emotion model file is damaged or unreadable: {path} ({exc})") from exc


class EmotionModel:
    """The 7-emotion classifier.  Create once; ``analyze`` is cheap afterwards."""

    def __init__(self, model_dir: Path | str | None = None, threads: int | None = None,
                 max_length: int | None = None, model_file: str = MODEL_FILE) -> None:
        self.model_dir = Path(model_dir) if model_dir else paths.model_dir()
        self.config = load_config(self.model_dir)
        self.labels: tuple[str, ...] = LABELS
        self.version: str = str(self.config.get("version", "unknown"))
        self.max_length = int(max_length or self.config.get("max_length", 128))
        if self.max_length < 8:
            raise ValueError("max_length must be at least 8 tokens")
        if threads is None and os.environ.get("MOODTUNE_THREADS"):
            threads = int(os.environ["MOODTUNE_THREADS"])
        self.tokenizer = _load_tokenizer(self.model_dir)
        self.session = _load_session(self.model_dir / model_file, threads)
        self._bos = self.tokenizer.token_to_id(self.config.get("bos_token", "<s>"))
        self._eos = self.tokenizer.token_to_id(self.config.get("eos_token", "</s>"))
        self._pad = self.tokenizer.token_to_id(self.config.get("pad_token", "<pad>"))
        out = self.session.get_outputs()[0]
        if out.shape[-1] != len(LABELS):
            raise ModelError(f"The emotion model outputs {out.shape[-1]} classes, expected {len(LABELS)}.")

    # ------------------------------------------------------------------ public
    def analyze(self, text: str) -> np.ndarray:
        """Probabilities over ``LABELS`` (shape (7,), sums to 1)."""
        return self.analyze_batch([text])[0]

    def analyze_batch(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Probabilities for many texts at once (shape (n, 7)); long texts are windowed."""
        for text in texts:
            check_text(text)
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        windows: list[list[int]] = []
        owner: list[int] = []
        for i, enc in enumerate(self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            for window in self._windows(enc.ids):
                windows.append(window)
                owner.append(i)
        probs = self._run(windows, batch_size)
        weights = np.array([len(w) - 2 for w in windows], dtype=np.float32)
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        np.add.at(out, np.array(owner), probs * weights[:, None])
        out /= out.sum(axis=1, keepdims=True)
        return out.astype(np.float32)

    def label_of(self, probs: np.ndarray) -> str:
        return self.labels[int(np.argmax(probs))]

    # ----------------------------------------------------------------- private
    def _windows(self, ids: list[int]) -> list[list[int]]:
        span = self.max_length - 2
        if not ids:  # e.g. only characters the vocabulary has nothing for
            ids = [self.tokenizer.token_to_id("<unk>")]
        return [[self._bos, *ids[s:s + span], self._eos] for s in range(0, len(ids), span)]

    def _run(self, windows: list[list[int]], batch_size: int) -> np.ndarray:
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        probs = np.zeros((len(windows), len(LABELS)), dtype=np.float32)
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            width = max(len(windows[i]) for i in idx)
            input_ids = np.full((len(idx), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                input_ids[r, : len(windows[i])] = windows[i]
                mask[r, : len(windows[i])] = 1
            (logits,) = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})
            probs[idx] = _softmax(logits.astype(np.float32))
        return probs


def check_text(text: object) -> str:
    """Reject what cannot be analysed, with a message a user understands."""
    if not isinstance(text, str):
        raise InputTextError(f"Text expected, got {type(text).__name__}.")
    if not text.strip():
        raise InputTextError("The text is empty. Type how you feel, e.g. “오늘 너무 행복해”.")
    return text
