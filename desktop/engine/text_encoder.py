"""ONNX text models at run time, in fastembed's three stages: preprocess → run → postprocess.

onnxruntime + HF ``tokenizers`` + numpy, no torch.  The shipped model (emotions and the e5
query vector from one run) and the offline catalog build's raw e5 topic encoder share one
tokenizer and this engine; they differ in
their :class:`~desktop.engine.model_spec.ModelSpec` and in how window outputs are combined.

Long texts: a text is split into windows of ``max_length`` tokens.  At most
``spec.max_windows`` windows are run (2 per model), spread evenly over the text (its first
and last windows), so any input, a pasted 1,000,000-character diary included, answers in
a bounded time; the window outputs are averaged, weighted by their token counts.

Integrity: the model file's sha256 must equal the one in its card.  Hashing the model at every
start would cost more than loading it, so the result is remembered per (path, size, mtime,
inode, ctime) in the user's cache folder.  The card itself is checked field by field
(``load_card``): it is unsigned input.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop.core import paths
from desktop.core.bootstrap import no_telemetry
from desktop.core.errors import ModelError
from desktop.core.text_input import clean_text
from desktop.engine.model_spec import TOKENIZER_FILE, ModelSpec


def load_card(model_dir: Path, spec: ModelSpec) -> dict:
    """The model's card, checked: it is a file anyone can edit, and each field it holds ends up in
    an onnxruntime call or an integrity check.  What the tokenizer must confirm (ids inside the
    vocabulary, special tokens present) is checked when the tokenizer is loaded (``check_vocabulary``)."""
    path = model_dir / spec.card
    try:
        card = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except FileNotFoundError as exc:
        raise ModelError(f"The {spec.name} model's settings are missing: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"The {spec.name} model's settings cannot be read: {path} ({exc})") from exc
    if not isinstance(card, dict):
        raise ModelError(f"The {spec.name} model's settings are damaged: {path}")

    def damaged(what: str) -> ModelError:
        return ModelError(f"The {spec.name} model's settings are damaged: {path} ({what})")

    max_length = card.get("max_length", spec.max_length)
    if isinstance(max_length, float) and max_length.is_integer():
        max_length = int(max_length)
    if not isinstance(max_length, int) or isinstance(max_length, bool):
        raise damaged("max_length")
    if max_length < 8:
        raise damaged("max_length below 8 tokens")
    if max_length > spec.max_positions:
        raise damaged(f"max_length {max_length} above the model's {spec.max_positions} positions")
    card["max_length"] = max_length
    for field, _ in spec.checksums:
        value = card.get(field)
        if not (isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)):
            raise damaged(f"no valid {field}: the card must carry the checksum of every file it describes")
    for field in ("bos_token", "eos_token", "pad_token"):
        if field in card and not (isinstance(card[field], str) and 0 < len(card[field]) <= 64):
            raise damaged(field)
    for field in ("query_ids", "passage_ids"):
        ids = card.get(field, [])
        if not (isinstance(ids, list) and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in ids)):
            raise damaged(f"{field} must be token ids")
        if len(ids) > max_length - 3:  # BOS, EOS and at least one token of text per window
            raise damaged(f"{field} leave no room for text in a {max_length}-token window")
    return card


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def check_vocabulary(config: dict, tokenizer, spec: ModelSpec, model_dir: Path) -> dict[str, int]:
    """Ids of the special tokens, after checking that the card's prefix ids lie inside the
    tokenizer's vocabulary (an id of 1e9 gave an onnxruntime traceback, an unknown ``bos_token``
    a TypeError)."""
    size = tokenizer.get_vocab_size()
    where = f"{model_dir / spec.card}"
    for field in ("query_ids", "passage_ids"):
        if any(i >= size for i in config.get(field, [])):
            raise ModelError(
                f"The {spec.name} model's settings are damaged: {where} ({field} outside the {size}-piece vocabulary)"
            )
    ids = {}
    for role, field, default in (
        ("bos", "bos_token", "<s>"),
        ("eos", "eos_token", "</s>"),
        ("pad", "pad_token", "<pad>"),
        ("unk", None, "<unk>"),
    ):
        token = config.get(field, default) if field else default
        ids[role] = tokenizer.token_to_id(token)
        if ids[role] is None or not 0 <= ids[role] < size:
            raise ModelError(
                f"The {spec.name} model's settings are damaged: {where} (the tokenizer has no {token!r} token)"
            )
    return ids


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_file(path: Path, expected: str | None, what: str) -> None:
    """Raise ModelError when ``path``'s sha256 differs from ``expected`` (hash cached by size, mtime,
    inode and ctime)."""
    if not expected:
        return
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise ModelError(f"The {what} file is missing: {path}") from exc
    cache_file = paths.user_cache_dir() / "verified-models.json"
    key = str(path.resolve())
    # Size and mtime alone let an in-place change with the mtime put back (or bit rot) pass forever
    # (D10).  The inode and ctime change with any write and cannot be set back by a user program.
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, st.st_ctime_ns, expected]
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, ValueError):
        cache = {}
    if cache.get(key) == stamp:
        return
    if _sha256(path) != expected:
        raise ModelError(f"The {what} file is damaged (its checksum does not match): {path}")
    cache[key] = stamp
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(cache_file.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only or full profile only costs a re-hash next time


def load_tokenizer(model_dir: Path):
    from tokenizers import Tokenizer

    path = model_dir / TOKENIZER_FILE
    if not path.is_file():
        raise ModelError(f"The models' tokenizer is missing: {path}")
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
        raise ModelError(f"The models' tokenizer is damaged: {path} ({exc})") from exc
    tok.no_padding()
    tok.no_truncation()
    return tok


def load_session(path: Path, threads: int | None, what: str, preoptimised: bool = False):
    """An onnxruntime session on one or more intra-op threads, spinning off for one thread.

    ``preoptimised``: the file was saved already optimised (``training.preoptimise``), so only
    the basic level runs here, with the same outputs."""
    no_telemetry()
    import onnxruntime as ort

    if not path.is_file():
        raise ModelError(f"The {what} file is missing: {path}")
    opts = ort.SessionOptions()
    opts.graph_optimization_level = (
        ort.GraphOptimizationLevel.ORT_ENABLE_BASIC if preoptimised else ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    )
    opts.intra_op_num_threads = threads or 0
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.log_severity_level = 3
    if threads == 1:
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf types
        raise ModelError(f"The {what} file is damaged or unreadable: {path} ({exc})") from exc


class OnnxTextModel:
    """One ONNX text model.  Create once; calls are cheap afterwards and thread-compatible
    (onnxruntime sessions may run concurrently)."""

    def __init__(
        self,
        spec: ModelSpec,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        max_length: int | None = None,
        model_file: str | None = None,
        verify: bool = True,
    ) -> None:
        self.spec = spec
        self.model_dir = Path(model_dir) if model_dir else paths.model_dir()
        self.config = load_card(self.model_dir, spec)
        self.version: str = str(self.config.get("version", "unknown"))
        self.max_length = int(max_length or self.config["max_length"])
        self.max_windows = spec.max_windows
        if self.max_length < 8 or self.max_length > spec.max_positions:
            raise ValueError(f"max_length must be 8 to {spec.max_positions} tokens")
        if len(self.config.get("query_ids", [])) > self.max_length - 3:
            raise ValueError("max_length leaves no room for text after the query prefix")
        if threads is None and os.environ.get("MOODTUNE_THREADS", "").isdigit():
            threads = int(os.environ["MOODTUNE_THREADS"])
        if verify and self.config.get("tokenizer_sha256"):  # analyze and eval check it too (D19)
            verify_file(self.model_dir / TOKENIZER_FILE, self.config["tokenizer_sha256"], "models' tokenizer")
        self.tokenizer = load_tokenizer(self.model_dir)
        special = check_vocabulary(self.config, self.tokenizer, spec, self.model_dir)
        path = self.model_dir / (model_file or spec.file)
        if verify and model_file is None and path.is_file():
            verify_file(path, self.config.get("sha256"), f"{spec.name} model")
        self.session = load_session(
            path,
            threads,
            f"{spec.name} model",
            preoptimised=model_file is None and bool(self.config.get("preoptimised")),
        )
        self._bos, self._eos, self._pad, self._unk = special["bos"], special["eos"], special["pad"], special["unk"]
        outputs = {o.name: o for o in self.session.get_outputs()}
        out = outputs.get(spec.output)
        if out is None or out.shape[-1] != spec.dim:
            raise ModelError(f"The {spec.name} model does not output {spec.dim} numbers as '{spec.output}'.")
        # (name, width, pooling) of every output one run reads: the primary one, then the embedding
        self.outputs: list[tuple[str, int, str]] = [(spec.output, spec.dim, spec.pooling)]
        emb = outputs.get(spec.embedding_output) if spec.embedding_output else None
        if emb is not None:
            if emb.shape[-1] != spec.embedding_dim:
                raise ModelError(
                    f"The {spec.name} model's '{spec.embedding_output}' output is not "
                    f"{spec.embedding_dim} numbers wide."
                )
            self.outputs.append((spec.embedding_output, spec.embedding_dim, "embedding"))

    @property
    def has_embedding(self) -> bool:
        """Whether one run also gives the text's e5 query vector (the joint model)."""
        return len(self.outputs) > 1

    # ---------------------------------------------------------------- stages
    def preprocess(self, texts: Sequence[str], prefix_ids: Sequence[int] = ()) -> tuple[list[list[int]], list[int]]:
        """Token windows (with BOS/prefix/EOS) and, for each, the index of the text it belongs to."""
        windows: list[list[int]] = []
        owner: list[int] = []
        span = self.max_length - 2 - len(prefix_ids)
        head = [self._bos, *prefix_ids]
        for i, enc in enumerate(self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            ids = enc.ids or [self._unk]  # e.g. only characters the vocabulary has nothing for
            starts = list(range(0, len(ids), span))
            if len(starts) > self.max_windows:  # spread the full windows we can afford over the whole text
                starts = np.linspace(0, len(ids) - span, self.max_windows).round().astype(int).tolist()
            for s in starts:
                windows.append([*head, *ids[s : s + span], self._eos])
                owner.append(i)
        return windows, owner

    def run(self, windows: list[list[int]], batch_size: int = 16) -> list[np.ndarray]:
        """Raw outputs per window, one array per entry of ``self.outputs``; windows are
        length-sorted so batches carry little padding."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        names = [name for name, _, _ in self.outputs]
        out = [np.zeros((len(windows), dim), dtype=np.float32) for _, dim, _ in self.outputs]
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            width = max(len(windows[i]) for i in idx)
            input_ids = np.full((len(idx), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                input_ids[r, : len(windows[i])] = windows[i]
                mask[r, : len(windows[i])] = 1
            for target, res in zip(out, self.session.run(names, {"input_ids": input_ids, "attention_mask": mask})):
                if not np.all(np.isfinite(res)):
                    # a damaged model gives NaN: refused here, not shown as "행복: NaN" or a broken list (D10)
                    raise ModelError(
                        f"The {self.spec.name} model gave numbers that are not finite; its file is probably damaged."
                    )
                target[idx] = res
        return out

    @staticmethod
    def postprocess(
        outputs: np.ndarray, windows: list[list[int]], owner: list[int], n: int, pooling: str
    ) -> np.ndarray:
        """One row per text: window rows averaged by token count (probabilities or unit vectors)."""
        if pooling == "probabilities":
            e = np.exp(outputs - outputs.max(axis=-1, keepdims=True))
            outputs = e / e.sum(axis=-1, keepdims=True)
        weights = np.array([len(w) for w in windows], dtype=np.float64)
        res = np.zeros((n, outputs.shape[1]), dtype=np.float64)
        np.add.at(res, np.array(owner, dtype=np.int64), outputs * weights[:, None])
        if pooling == "probabilities":
            res /= res.sum(axis=1, keepdims=True)
        else:
            res /= np.maximum(np.linalg.norm(res, axis=1, keepdims=True), 1e-12)
        return res.astype(np.float32)

    # ---------------------------------------------------------------- public
    def encode_all(
        self, texts: Sequence[str], prefix_ids: Sequence[int] = (), batch_size: int = 16
    ) -> list[np.ndarray]:
        """Every output of one run, one (n, width) array per entry of ``self.outputs``."""
        texts = [clean_text(t) for t in texts]
        if not texts:
            return [np.zeros((0, dim), dtype=np.float32) for _, dim, _ in self.outputs]
        windows, owner = self.preprocess(texts, prefix_ids)
        return [
            self.postprocess(raw, windows, owner, len(texts), pooling)
            for raw, (_, _, pooling) in zip(self.run(windows, batch_size), self.outputs)
        ]

    def encode_batch(self, texts: Sequence[str], prefix_ids: Sequence[int] = (), batch_size: int = 16) -> np.ndarray:
        """The primary output only."""
        return self.encode_all(texts, prefix_ids, batch_size)[0]


class TextEncoder(OnnxTextModel):
    """Raw e5-small, "query: " or "passage: " + text: the catalog build's song vectors (lyrics as
    passages).  The app itself reads a user's text with the joint model (``EmotionModel.read_batch``)."""

    def prefix_ids(self, prefix: str) -> list[int]:
        if prefix == self.spec.query_prefix:
            return list(self.config.get("query_ids", []))
        if prefix == self.spec.passage_prefix:
            return list(self.config.get("passage_ids", []))
        return self.tokenizer.encode(prefix, add_special_tokens=False).ids if prefix else []

    def embed_batch(self, texts: Sequence[str], prefix: str | None = None, batch_size: int = 16) -> np.ndarray:
        """Unit vectors (n, dim); ``prefix`` defaults to the query prefix."""
        prefix = self.spec.query_prefix if prefix is None else prefix
        return self.encode_batch(texts, self.prefix_ids(prefix), batch_size)

    def embed(self, text: str, prefix: str | None = None) -> np.ndarray:
        return self.embed_batch([text], prefix)[0]
