"""int8 rows with one scale per row: how song topic vectors, listener messages and the topic index
are stored, written once.

Why one function: the catalog writer and the topic index each rounded and clipped on their own,
and a change to one (a level, the zero-row guard) silently desynchronised what was written from
what was read.  ``levels`` is 127 for storage and 63 for the topic index (see
``desktop.engine.topic_index``: 7-bit weights avoid int16 saturation in AVX2 u8s8 kernels).
"""

from __future__ import annotations

import numpy as np

STORAGE_LEVELS = 127


def quantise_rows(vectors: np.ndarray, levels: int = STORAGE_LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """(int8 matrix, per-row scale) with ``vectors ~= q * scale[:, None]``; an all-zero row gets
    a tiny scale instead of a division by zero.  The scale keeps the input's float type."""
    v = np.asarray(vectors)
    scale = np.maximum(np.abs(v).max(axis=1), 1e-12) / levels
    q = np.clip(np.round(v / scale[:, None]), -levels, levels).astype(np.int8)
    return q, scale
