"""The seven emotions, in the one order used everywhere: model output, catalog, exports."""

from __future__ import annotations

LABELS: tuple[str, ...] = ("행복", "슬픔", "공포", "중립", "분노", "혐오", "놀람")
ENGLISH: dict[str, str] = {
    "행복": "happiness", "슬픔": "sadness", "공포": "fear", "중립": "neutral",
    "분노": "anger", "혐오": "disgust", "놀람": "surprise",
}
# One colour per emotion, chosen to stay distinguishable on light and dark palettes.
COLORS: dict[str, str] = {
    "행복": "#F2B705", "슬픔": "#3B82F6", "공포": "#8B5CF6", "중립": "#94A3B8",
    "분노": "#EF4444", "혐오": "#22A06B", "놀람": "#F97316",
}
