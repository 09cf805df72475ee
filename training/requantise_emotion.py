"""Re-quantise the shipped emotion classifier for speed, measured against its own fp32 form.

    python -m training.requantise_emotion [--limit 6291] [--write]

History: this studied the previous classifier (2026.11.25.2; figures in model/quantisation.json).
The joint model that replaced it has a real fp32 export, and its variants are measured by
``python -m training.export_joint --study`` (figures in model/config.json, quantisation_study).

Why this works from the shipped file: the fine-tuned fp32 checkpoint is not kept (training
runs on a lent GPU machine), but the shipped graph holds every weight as 8-bit blocks of 32
with one scale per block.  Dequantising those blocks gives an fp32 graph whose weights are
exactly the shipped ones; run in fp32 it is the reference that every variant is compared
with (``flip_rate``: share of validation texts whose top emotion differs from it).

Variants measured (validation split, through the run-time engine, one thread):

- ``nbits``: the shipped graph (MatMulNBits, 8-bit blocks, accuracy_level 4).
- ``dynamic``: every weight MatMul as u8s8 ``MatMulInteger`` with per-channel weight scales
  (onnxruntime's fastest int8 kernel family; one activation scale per tensor).
- ``mixed``: ``dynamic`` except the FFN-down projections, whose inputs carry outliers 100x
  their RMS and lose most when one scale covers a whole activation tensor; those stay in
  8-bit blocks (``MatMulNBits``).
- ``mixed-smooth``: ``mixed`` with SmoothQuant scaling folded into the LayerNorm in front of
  the Q/K/V and FFN-up projections (per-channel activation ranges moved into the weights,
  alpha 0.5), so the activations quantise with less error.

``--write`` copies the fastest variant whose flip rate is <= 0.5 % into model/ and updates
the card (sha256, quantisation) and model/quantisation.json with every variant's figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np

from desktop.engine.model_spec import EMOTION, TOKENIZER_FILE

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(__file__).resolve().parent / "cache" / "requant"
DATA = Path(__file__).resolve().parent / "cache" / "data"
FLIP_BAR = 0.005


def dequantise(src: Path, dst: Path) -> None:
    """Every ``MatMulNBits`` (8-bit, symmetric: zero point 128) back to ``MatMul`` with fp32 weights."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    for pos, node in enumerate(list(graph.node)):
        if node.op_type != "MatMulNBits":
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attrs["bits"] != 8 or len(node.input) > 3 and node.input[3]:
            raise ValueError(f"{node.name}: only 8-bit symmetric blocks are handled")
        k, n, block = attrs["K"], attrs["N"], attrs["block_size"]
        q = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32).reshape(n, -1)[:, :k]
        scales = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32).reshape(n, -1)
        w = (q - 128.0) * np.repeat(scales, block, axis=1)[:, :k]
        name = node.input[1].removesuffix("_Q8")
        for t in (node.input[1], node.input[2]):
            graph.initializer.remove(inits[t])
        graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(w.T), name))
        graph.node.remove(node)
        graph.node.insert(
            pos,
            helper.make_node("MatMul", [node.input[0], name], list(node.output), name=node.name.removesuffix("_Q8")),
        )
    onnx.save(model, str(dst))


def weight_matmuls(path: Path) -> dict[str, tuple[str, tuple[int, int]]]:
    """MatMul node name -> (weight initializer, its shape), for MatMuls with a constant weight."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    shapes = {t.name: numpy_helper.to_array(t).shape for t in model.graph.initializer}
    return {
        n.name: (n.input[1], shapes[n.input[1]])
        for n in model.graph.node
        if n.op_type == "MatMul" and n.input[1] in shapes
    }


def role(name: str) -> str:
    for r in ("query", "key", "value", "attention/output", "intermediate", "output"):
        if f"/{r}/" in name:
            return {"attention/output": "attn_out", "intermediate": "ffn_up", "output": "ffn_down"}.get(r, r)
    return "other"


def smooth(src: Path, dst: Path, texts: list[str], alpha: float = 0.5) -> None:
    """SmoothQuant, folded into the weights so the graph computes the same function in exact
    arithmetic and only the quantisation error changes.  s_j = max|x_j|^a / max|W_j|^(1-a) for
    each input channel j of a weight MatMul; x_j / s_j is what gets quantised:

    - before Q/K/V and FFN-up: the LayerNorm's gamma and beta are divided by s (the residual
      branch, which reads the same LayerNorm, gets s back through one elementwise Mul);
    - before the attention output projection: the value projection's columns and bias are
      divided by s (attention mixes tokens, not channels, so the scale passes through).

    FFN-down's input comes out of GELU, which no scale passes through, so it is left alone."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    nodes = {n.name: n for n in graph.node}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)

    def weight_users(tensor: str) -> list:
        return [u for u in consumers.get(tensor, []) if u.op_type == "MatMul" and u.input[1] in inits]

    norms = [
        (n, n.output[0], weight_users(n.output[0]))
        for n in graph.node
        if n.op_type in ("LayerNormalization", "SkipLayerNormalization") and weight_users(n.output[0])
    ]
    values = []  # (value MatMul, its bias, attention output MatMul)
    for name, node in nodes.items():
        if name.endswith("/attention/output/dense/MatMul"):
            layer = name.split("/attention/")[0]
            v_mm, v_add = nodes[layer + "/attention/self/value/MatMul"], nodes[layer + "/attention/self/value/Add"]
            values.append((v_mm, next(i for i in v_add.input if i in inits), node))
    amax = calibrate(src, [out for _, out, _ in norms] + [o.input[0] for _, _, o in values], texts)

    def scales(x: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
        wmax = np.max([np.abs(w).max(axis=1) for w in weights], axis=0)
        return (np.clip(x, 1e-5, None) ** alpha / np.clip(wmax, 1e-5, None) ** (1 - alpha)).astype(np.float32)

    def update(name: str, fn) -> None:
        inits[name].CopyFrom(numpy_helper.from_array(fn(numpy_helper.to_array(inits[name])), name))

    for node, out, mms in norms:
        s = scales(amax[out], [numpy_helper.to_array(inits[m.input[1]]) for m in mms])
        for pname in node.input[1:3] if node.op_type == "LayerNormalization" else node.input[2:4]:
            update(pname, lambda t, s=s: t / s)
        for m in mms:
            update(m.input[1], lambda t, s=s: t * s[:, None])
        others = [u for u in consumers.get(out, []) if u not in mms]  # e.g. the residual branch
        if others:  # gets the unscaled activations back through one elementwise Mul
            graph.initializer.append(numpy_helper.from_array(s, out + "_smooth_s"))
            graph.node.append(
                onnx.helper.make_node("Mul", [out, out + "_smooth_s"], [out + "_unsmoothed"], name=out + "_unsmooth")
            )
            for u in others:
                for k, i in enumerate(u.input):
                    if i == out:
                        u.input[k] = out + "_unsmoothed"
    for v_mm, v_bias, o_mm in values:
        s = scales(amax[o_mm.input[0]], [numpy_helper.to_array(inits[o_mm.input[1]])])
        update(v_mm.input[1], lambda t, s=s: t / s[None, :])
        update(v_bias, lambda t, s=s: t / s)
        update(o_mm.input[1], lambda t, s=s: t * s[:, None])
    topological_sort(graph)
    onnx.save(model, str(dst))


def calibrate(src: Path, tensors: list[str], texts: list[str]) -> dict[str, np.ndarray]:
    """Largest |value| per channel of each tensor over ``texts`` (padding excluded)."""
    import onnx

    from desktop.engine.emotion_model import EmotionModel

    probe = onnx.load(str(src))
    for t in tensors:
        probe.graph.output.append(onnx.helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None))
    tmp = src.with_name("calib.onnx")
    onnx.save(probe, str(tmp))
    engine = EmotionModel(src.parent, threads=1, model_file=tmp.name, verify=False)
    amax: dict[str, np.ndarray] = {}
    windows, _ = engine.preprocess(texts)
    for s in range(0, len(windows), 32):
        batch = windows[s : s + 32]
        width = max(map(len, batch))
        ids = np.full((len(batch), width), engine._pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, w in enumerate(batch):
            ids[r, : len(w)], mask[r, : len(w)] = w, 1
        for t, a in zip(tensors, engine.session.run(tensors, {"input_ids": ids, "attention_mask": mask})):
            a = np.abs(a.reshape(len(batch), width, -1)[mask.astype(bool)]).max(axis=0)
            amax[t] = np.maximum(amax.get(t, a), a)
    del engine
    tmp.unlink()
    return amax


def topological_sort(graph) -> None:
    """Nodes appended at the end must move before their consumers (ONNX requires sorted nodes)."""
    produced = {i.name for i in graph.input} | {t.name for t in graph.initializer} | {""}
    nodes, ordered = list(graph.node), []
    while nodes:
        rest = []
        for n in nodes:
            (ordered if all(i in produced for i in n.input) else rest).append(n)
            if ordered and ordered[-1] is n:
                produced.update(n.output)
        if len(rest) == len(nodes):
            raise ValueError("graph has a cycle or a missing input")
        nodes = rest
    del graph.node[:]
    graph.node.extend(ordered)


def quantise(src: Path, dst: Path, keep: list[str], reduce_range: bool = False, keep_as: str = "nbits") -> None:
    """u8s8 dynamic for every weight MatMul except ``keep``, which become 8-bit blocks (MatMulNBits)
    or stay fp32 (``keep_as``).  ``reduce_range``: 7-bit weights, so that AVX2's u8 x s8 pair sums
    (vpmaddubsw, int16) cannot saturate on machines without VNNI."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    tmp = dst.with_suffix(".tmp.onnx")
    weights = weight_matmuls(src)
    quantize_dynamic(
        str(src),
        str(tmp),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=reduce_range,
        nodes_to_quantize=[n for n in weights if n not in keep],
        op_types_to_quantize=["MatMul"],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    model = onnx.load(str(tmp))
    if keep and keep_as == "nbits":
        config = DefaultWeightOnlyQuantConfig(
            block_size=32, is_symmetric=True, accuracy_level=4, bits=8, op_types_to_quantize=("MatMul",)
        )
        quantiser = MatMulNBitsQuantizer(
            model,
            algo_config=config,
            nodes_to_exclude=[n.name for n in model.graph.node if n.op_type == "MatMul" and n.name not in keep],
        )
        quantiser.process()
        model = quantiser.model.model
    onnx.save(model, str(dst))
    tmp.unlink()


def evaluate(fname: str, texts: list[str], ref: np.ndarray | None) -> tuple[np.ndarray, dict]:
    from desktop.engine.emotion_model import EmotionModel

    engine = EmotionModel(WORK, threads=1, model_file=fname, verify=False)
    t0 = time.perf_counter()
    probs = engine.analyze_batch(texts)
    batch_s = time.perf_counter() - t0
    single = []
    for t in texts[:200]:
        t1 = time.perf_counter()
        engine.analyze(t)
        single.append((time.perf_counter() - t1) * 1000)
    res = {
        "size_mb": round((WORK / fname).stat().st_size / 1e6, 1),
        "p50_ms_single_1thread": round(float(np.median(single)), 2),
        "texts_per_s_batch": round(len(texts) / batch_s, 1),
    }
    if ref is not None:
        res["flip_rate"] = round(float((probs.argmax(1) != ref.argmax(1)).mean()), 4)
        res["max_abs_prob_diff"] = round(float(np.abs(probs - ref).max()), 4)
    return probs, res


def main(argv: list[str] | None = None) -> None:
    from desktop.engine.evaluate import read_labelled_tsv

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="validation texts (0: all)")
    ap.add_argument("--variants", default="dynamic,dynamic-7bit,mixed-7bit,mixed-smooth50,mixed-smooth50-7bit")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)

    WORK.mkdir(parents=True, exist_ok=True)
    for name in (EMOTION.card, TOKENIZER_FILE):
        shutil.copy(ROOT / "model" / name, WORK / name)
    shutil.copy(ROOT / "model" / EMOTION.file, WORK / "nbits.onnx")
    texts, labels = read_labelled_tsv(DATA / "val.tsv")
    if a.limit:
        texts, labels = texts[: a.limit], labels[: a.limit]
    fp32 = WORK / "fp32.onnx"
    if not fp32.exists():
        dequantise(WORK / "nbits.onnx", fp32)
    ffn_down = [n for n in weight_matmuls(fp32) if role(n) == "ffn_down"]
    ref, res = evaluate(fp32.name, texts, None)
    report = {"reference": {**res, "accuracy": round(float((ref.argmax(1) == np.array(labels)).mean()), 4)}}
    print("fp32", json.dumps(report["reference"]), flush=True)
    probs, res = evaluate("nbits.onnx", texts, ref)
    report["nbits"] = {**res, "accuracy": round(float((probs.argmax(1) == np.array(labels)).mean()), 4)}
    print("nbits", json.dumps(report["nbits"]), flush=True)
    for v in a.variants.split(","):
        out = WORK / f"{v}.onnx"
        src = fp32
        if "smooth" in v:
            alpha = int(v.split("smooth")[1][:2] or 50) / 100 if v.split("smooth")[1][:2].isdigit() else 0.5
            src = WORK / f"fp32-smooth{int(alpha * 100)}.onnx"
            if not src.exists():
                smooth(fp32, src, texts[:512], alpha)
        base, *extra = v.split("+")  # "+role": also keep that projection (query, key, value, attn_out, ffn_up)
        keep = ffn_down if base.startswith("mixed") else []
        keep = keep + [n for n in weight_matmuls(fp32) if role(n) in extra]
        quantise(src, out, keep=keep, reduce_range="7bit" in v, keep_as="fp32" if "fp32down" in v else "nbits")
        probs, res = evaluate(out.name, texts, ref)
        res["accuracy"] = round(float((probs.argmax(1) == np.array(labels)).mean()), 4)
        report[v] = res
        print(v, json.dumps(res), flush=True)
    (WORK / "report.json").write_text(json.dumps(report, indent=1))
    if a.write:
        ok = [v for v in report if v != "reference" and report[v]["flip_rate"] <= FLIP_BAR]
        best = min(ok, key=lambda v: report[v]["p50_ms_single_1thread"])
        write(best, report)


def write(variant: str, report: dict) -> None:
    model_dir = ROOT / "model"
    shutil.copy(WORK / f"{variant}.onnx", model_dir / EMOTION.file)
    card = json.loads((model_dir / EMOTION.card).read_text(encoding="utf-8"))
    card["sha256"] = hashlib.sha256((model_dir / EMOTION.file).read_bytes()).hexdigest()
    card["quantisation"] = QUANTISATION[variant]
    (model_dir / EMOTION.card).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (model_dir / "quantisation.json").write_text(json.dumps({"shipped": variant, **report}, indent=1) + "\n")
    print(f"wrote model/{EMOTION.file} ({variant})")


QUANTISATION = {
    "nbits": "int8: MatMulNBits (8-bit symmetric weights, blocks of 32, accuracy_level 4 = int8 compute); "
    "word embeddings int8 with one scale per row",
    "dynamic": "int8: u8s8 dynamic (MatMulInteger, per-channel weights); word embeddings int8 per row",
    "mixed": "int8: u8s8 dynamic (MatMulInteger, per-channel weights) except FFN-down, which keeps 8-bit blocks "
    "of 32 (MatMulNBits, accuracy_level 4); word embeddings int8 per row",
    "mixed-smooth": "int8: SmoothQuant (alpha 0.5) folded into the LayerNorms before Q/K/V and FFN-up, then u8s8 "
    "dynamic except FFN-down (8-bit blocks, MatMulNBits); word embeddings int8 per row",
}


if __name__ == "__main__":
    main()
