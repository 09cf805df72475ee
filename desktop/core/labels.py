"""The seven emotions, in the one order used everywhere: model output, catalog, exports."""

from __future__ import annotations

from collections.abc import Iterable

LABELS: tuple[str, ...] = ("행복", "슬픔", "공포", "중립", "분노", "혐오", "놀람")
ENGLISH: dict[str, str] = {
    "행복": "happiness",
    "슬픔": "sadness",
    "공포": "fear",
    "중립": "neutral",
    "분노": "anger",
    "혐오": "disgust",
    "놀람": "surprise",
}
# One colour per emotion, chosen to stay distinguishable on light and dark palettes.
COLORS: dict[str, str] = {
    "행복": "#F2B705",
    "슬픔": "#3B82F6",
    "공포": "#8B5CF6",
    "중립": "#94A3B8",
    "분노": "#EF4444",
    "혐오": "#22A06B",
    "놀람": "#F97316",
}


def dominant_index(probs: Iterable[float]) -> int:
    """The index of the strongest emotion (the first one on a tie, as ``numpy.argmax``).

    Why here, without numpy: the window, the history list, exports and the ranking all name a
    text's or a vote's main emotion, and must agree on ties; the CLI imports this module before
    numpy may be loaded (see ``desktop.core.bootstrap``)."""
    values = [float(p) for p in probs]
    if len(values) != len(LABELS):
        raise ValueError(f"expected {len(LABELS)} emotion values, got {len(values)}")
    return max(range(len(values)), key=values.__getitem__)


def dominant(probs: Iterable[float]) -> str:
    """The name (Korean key) of the strongest emotion."""
    return LABELS[dominant_index(probs)]
