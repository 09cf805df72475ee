"""Ship the models already optimised by onnxruntime, so that start-up does not redo it.

    python -m training.preoptimise [--model-dir model] [--catalog catalog.db]

Why: creating a session runs onnxruntime's graph optimiser (operator fusion, constant
folding) every time the app starts: ~130-150 ms per model on a 2-core AVX2 machine, of which
~55-85 ms is the optimiser.  Saving the optimised graph once (level "extended": fusions into
onnxruntime's portable CPU contrib operators, no hardware-specific layout changes) and opening
it with only the basic level gives identical outputs (checked here, max |diff| must be 0
on probe texts) and a faster first frame.

The file's bytes change, its function does not: the model card's sha256 is updated, and so
is the catalog's record of which models it was built with (the catalog's vectors remain
valid because the outputs are identical).  Run by the exporters after quantisation and by
hand on already shipped models; running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import numpy as np

from desktop.engine.model_spec import EMOTION, TOKENIZER_FILE, TOPIC, ModelSpec

ROOT = Path(__file__).resolve().parents[1]
PROBES = [
    "비 오는 날 괜히 우울하다",
    "오늘 너무 행복해 ㅋㅋ",
    "시험 망쳤어 진짜 짜증나",
    "내일 발표인데 떨려서 잠이 안 와",
    "친구들이랑 바다 보러 가고 싶다",
    "그냥 평범한 하루였어",
]
CATALOG_KEYS = {EMOTION.name: "model_sha256", TOPIC.name: "topic_model_sha256"}


def optimised_bytes(path: Path) -> bytes:
    import onnxruntime as ort

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "opt.onnx"
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        opts.optimized_model_filepath = str(out)
        opts.log_severity_level = 3
        ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        return out.read_bytes()


def outputs(spec: ModelSpec, model_dir: Path) -> np.ndarray:
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.text_encoder import TextEncoder

    if spec is EMOTION:
        return EmotionModel(model_dir, threads=1, verify=False).logits_batch(PROBES)
    return TextEncoder(spec, model_dir, threads=1, verify=False).embed_batch(PROBES)


def preoptimise(spec: ModelSpec, model_dir: Path, catalog: Path | None = None) -> bool:
    """Replace ``model_dir/spec.file`` by its optimised graph; True if it changed."""
    import onnxruntime as ort

    path = model_dir / spec.file
    card_path = model_dir / spec.card
    card = json.loads(card_path.read_text(encoding="utf-8"))
    if card.get("preoptimised"):
        return False  # (the tokenizer stamp is main's, run every time)
    data = optimised_bytes(path)
    with tempfile.TemporaryDirectory() as tmp:  # compare before touching the shipped files
        trial = Path(tmp)
        for name in (spec.card, TOKENIZER_FILE):
            shutil.copy(model_dir / name, trial / name)
        (trial / spec.file).write_bytes(data)
        before, after = outputs(spec, model_dir), outputs(spec, trial)
    if not np.array_equal(before, after):
        raise SystemExit(f"{spec.file}: the optimised graph's outputs differ (max {np.abs(before - after).max()})")
    old_sha, old_size = card.get("sha256"), path.stat().st_size
    path.write_bytes(data)
    card["preoptimised"] = {"onnxruntime": ort.__version__, "level": "extended"}
    card["sha256"] = hashlib.sha256(data).hexdigest()
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if catalog is not None and catalog.exists():
        with sqlite3.connect(catalog) as con:
            con.execute(
                "UPDATE meta SET value = ? WHERE key = ? AND value = ?",
                (card["sha256"], CATALOG_KEYS[spec.name], old_sha),
            )
    print(f"{spec.file}: pre-optimised, outputs identical, {old_size / 1e6:.1f} -> {len(data) / 1e6:.1f} MB")
    return True


def stamp_tokenizer(spec: ModelSpec, model_dir: Path) -> None:
    """Record the shared tokenizer's sha256 in the card: the app verifies it at start (cached like
    the model's) and parses the file only when the model is first used."""
    card_path = model_dir / spec.card
    card = json.loads(card_path.read_text(encoding="utf-8"))
    stamps = {"tokenizer_sha256": model_dir / TOKENIZER_FILE}
    if (model_dir / "topic_index.onnx").is_file():  # the app refuses a card without it (D11)
        stamps["topic_index_sha256"] = model_dir / "topic_index.onnx"
    shas = {field: hashlib.sha256(path.read_bytes()).hexdigest() for field, path in stamps.items()}
    if any(card.get(field) != sha for field, sha in shas.items()):
        card.update(shas)
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, default=ROOT / "model")
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog.db")
    a = ap.parse_args(argv)
    for spec in (EMOTION, TOPIC):
        preoptimise(spec, a.model_dir, a.catalog)
        stamp_tokenizer(spec, a.model_dir)


if __name__ == "__main__":
    main()
