"""Cosine of one query with every song's topic vector: int8 through onnxruntime.

Why: ranking time is this mat-vec, and it is bound by memory: int8 reads a quarter of the
bytes float32 does, and onnxruntime's u8s8 GEMV (``MatMulInteger``, weights prepacked once)
runs it several times faster than numpy in float32 (figures: docs/BENCHMARKS.md).

* Weights are 7-bit (±63) with one scale per song: without VNNI the u8s8 kernel adds pairs
  of u8 x s8 products in int16 and saturates with 8-bit weights (cosine errors up to 0.04,
  measured); with 7 bits the error against the dequantised vectors stays under 0.003.
* The graph is the shipped ``model/topic_index.onnx`` (652 bytes: DynamicQuantizeLinear ->
  MatMulInteger -> scales), whose placeholder initializers are replaced by this catalog's
  matrix through ``SessionOptions.add_initializer``, so no ``onnx`` package is needed at
  run time and the weights count as constants (prepacked).
* Where that graph or onnxruntime is unavailable, or the graph's sha256 differs from the card's
  ``topic_index_sha256``, numpy float32 does the same product.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from desktop.core import paths
from desktop.core.bootstrap import no_telemetry
from desktop.library.quantise import quantise_rows

log = logging.getLogger("moodtune")
LEVELS = 63  # 7-bit weights: no int16 saturation in AVX2 u8s8 kernels
GRAPH_FILE = "topic_index.onnx"


class TopicIndex:
    def __init__(self, topics: np.ndarray, graph: Path | None = None) -> None:
        topics = np.asarray(topics, dtype=np.float32)
        self.n, self.dim = topics.shape
        self.q8, scale = quantise_rows(topics, LEVELS)
        self.scale = scale.astype(np.float32)
        self._graph = graph or paths.model_dir() / GRAPH_FILE
        self._session = None
        self._float: np.ndarray | None = None  # numpy fallback, built only when needed
        self._tried = False

    @property
    def backend(self) -> str:
        """What computes the products: "int8" (onnxruntime) or "numpy" (fallback); "unused" before the first."""
        if not self._tried:
            return "unused"
        return "int8" if self._session is not None else "numpy"

    def rows(self, idx) -> np.ndarray:
        """Float vectors of some songs (for the diversity pass)."""
        return self.q8[idx].astype(np.float32) * self.scale[idx, None]

    def dot(self, query: np.ndarray) -> np.ndarray:
        """(n,) cosines of the unit ``query`` with every song's unit topic vector."""
        q = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, self.dim))
        if not self._tried:
            self._tried = True
            self._session = self._build_session()
        if self._session is not None:
            return self._session.run(None, {"q": q})[0][0]
        if self._float is None:
            self._float = self.rows(slice(None))
        return self._float @ q[0]

    def _build_session(self):
        try:
            no_telemetry()
            import onnxruntime as ort

            from desktop.engine.model_spec import EMOTION
            from desktop.engine.text_encoder import load_card, verify_file

            # Checked like the other model files (its sha256 is in the card next to it): a graph that
            # squares q still passes the one-hot probe below, and changed every ranking (D11).
            verify_file(self._graph, load_card(self._graph.parent, EMOTION)["topic_index_sha256"], "topic index")
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.log_severity_level = 3  # the placeholder's shapes differ from the real matrix's
            self._weights = ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(self.q8.T))
            self._scales = ort.OrtValue.ortvalue_from_numpy(self.scale)
            opts.add_initializer("W", self._weights)
            opts.add_initializer("S", self._scales)
            session = ort.InferenceSession(str(self._graph), opts, providers=["CPUExecutionProvider"])
            probe = np.zeros((1, self.dim), dtype=np.float32)
            probe[0, 0] = 1.0
            got = session.run(None, {"q": probe})[0][0]
            expected = self.q8[:, 0].astype(np.float32) * self.scale  # the first component of each song
            if got.shape != (self.n,) or not np.allclose(got, expected, atol=0.01):
                raise ValueError("the int8 index gave wrong numbers")
            return session
        except Exception as exc:  # noqa: BLE001 - any failure here only costs speed
            log.warning("int8 topic index unavailable (%s); using numpy", exc)
            return None
