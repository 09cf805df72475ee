"""Add the scenario layer to ``catalog.db``: everyday moments, their example messages as the shipped
model reads them, and the songs curators picked for each (``training/scenario_curation.py``).

    python -m training.add_scenarios [--catalog catalog.db] [--report training/scenario_report.json]

Why a separate step from ``add_situations``: the layer is small (a few hundred kB), built from two
committed files (``training/scenarios/*.json``, ``training/scenario_picks.json``) and the shipped
model, and rebuilding it must not re-run the hub penalties' 12 rounds.  Only scenarios with picks are
written.  The report gives the scenario reader's leave-one-out accuracy over the example messages
(a held-out example's nearest centroid is its own scenario), the figure that says whether the
examples describe their moments apart from each other.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from desktop.engine.emotion_model import EmotionModel
from desktop.library.catalog import Catalog, write_scenarios
from training.build_catalog import ROOT
from training.scenario_curation import PICKS, read_scenarios

SCENARIOS = ROOT / "training" / "scenarios"
REPORT = ROOT / "training" / "scenario_report.json"


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def leave_one_out(vectors: np.ndarray, owner: np.ndarray, mean: np.ndarray | None) -> dict:
    """How often a held-out example's nearest centroid (of the other examples) is its own scenario."""
    v = _unit(vectors - mean) if mean is not None else vectors
    s = int(owner.max()) + 1
    sums = np.zeros((s, v.shape[1]), dtype=np.float64)
    np.add.at(sums, owner, v)
    top1 = top3 = 0
    for i in range(len(v)):
        c = sums.copy()
        c[owner[i]] -= v[i]
        near = _unit(c) @ v[i]
        order = np.argsort(-near)
        top1 += order[0] == owner[i]
        top3 += owner[i] in order[:3]
    return {"examples": len(v), "scenarios": s, "top1": round(top1 / len(v), 3), "top3": round(top3 / len(v), 3)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog.db")
    ap.add_argument("--scenarios", type=Path, nargs="*", default=None)
    ap.add_argument("--picks", type=Path, default=PICKS)
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args(argv)
    files = args.scenarios or sorted(SCENARIOS.glob("*.json"))
    scenarios = read_scenarios(files)
    picks = json.loads(args.picks.read_text(encoding="utf-8"))
    catalog = Catalog.open(args.catalog)
    row_of = {k: i for i, k in enumerate(catalog.songs.keys)}
    kept = [s for s in scenarios if picks.get(s["id"])]
    model = EmotionModel(ROOT / "model", threads=2)
    texts = [m for s in kept for m in s["messages"]]
    _, vecs = model.read_batch(texts)
    examples = _unit(np.asarray(vecs, dtype=np.float32))
    example_of = np.repeat(np.arange(len(kept)), [len(s["messages"]) for s in kept])
    rows = []
    for i, s in enumerate(kept):
        seen: set[int] = set()
        for k in picks[s["id"]]:
            if k in row_of and row_of[k] not in seen:
                seen.add(row_of[k])
                rows.append((i, row_of[k]))
    names = [(s["title_ko"], s["title_en"]) for s in kept]
    cal = catalog.topic_calibration()
    mean = np.asarray(cal["query_mean"], dtype=np.float32) if "query_mean" in cal else None
    centred = _unit(examples - mean) if mean is not None else examples
    centroids = np.zeros((len(kept), centred.shape[1]), dtype=np.float32)
    np.add.at(centroids, example_of, centred)
    write_scenarios(args.catalog, _unit(centroids), np.array(rows, dtype=np.int64), names)
    report = {
        "scenarios": len(kept),
        "without_picks": [s["id"] for s in scenarios if not picks.get(s["id"])],
        "picks": len(rows),
        "distinct_songs": len({r for _, r in rows}),
        "reader_leave_one_out": leave_one_out(examples, example_of, mean),
    }
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
