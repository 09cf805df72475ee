"""Percentiles of timing samples, shared by the benchmark scripts so they report alike."""

from __future__ import annotations

import statistics


def percentiles_ms(times_ms: list[float]) -> dict[str, float]:
    """p50 and p99 (nearest rank) of millisecond samples, rounded for printing."""
    ordered = sorted(times_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)], 2),
    }
