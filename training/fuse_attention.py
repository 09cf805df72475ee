"""Fuse each layer's self-attention into one ``MultiHeadAttention`` node, with Q, K and V from one
packed projection, in the optimised fp32 graph of the joint encoder (before quantisation).

    python -m training.fuse_attention SRC.onnx DST.onnx

Why by hand: onnxruntime's transformer optimiser fuses no attention layer of this export (it
does not recognise the padding-mask subgraph), so every layer ran ~15 small nodes (three
projections, reshapes, transposes, two batched products, scale, mask add, softmax) where one
fused kernel does the same arithmetic.  Packing Q/K/V makes one 384 x 1152 projection of the
three: quantised to 8-bit blocks along K, its blocks are exactly the three matrices' blocks.

The mask: the export adds a large negative number to padded keys' scores; ``MultiHeadAttention``
takes the 0/1 attention mask itself (``key_padding_mask``, int32) and does the same.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

LAYER = "/model/encoder/encoder/layer.{}/attention/self/"
MASK = "attention_mask"


def _by_name(graph) -> dict:
    return {n.name: n for n in graph.node}


def _init(graph, name: str) -> np.ndarray:
    from onnx import numpy_helper

    return numpy_helper.to_array(next(t for t in graph.initializer if t.name == name))


def _constant(graph, name: str) -> np.ndarray:
    """A Constant node's value, or an initializer's."""
    from onnx import numpy_helper

    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return numpy_helper.to_array(n.attribute[0].t)
    return _init(graph, name)


def _projection(graph, nodes: dict, prefix: str, part: str) -> tuple[str, np.ndarray, np.ndarray]:
    """(input tensor, weight (in, out), bias) of the query, key or value projection."""
    mm, add = nodes[prefix + f"{part}/MatMul"], nodes[prefix + f"{part}/Add"]
    inits = {t.name for t in graph.initializer}
    bias = next(i for i in add.input if i in inits)
    return mm.input[0], _init(graph, mm.input[1]), _init(graph, bias)


def fuse(src: Path, dst: Path, heads: int = 12) -> int:
    """Write the fused graph; returns how many layers were fused."""
    import onnx
    from onnx import helper, numpy_helper

    from training.requantise_emotion import topological_sort

    model = onnx.load(str(src))
    graph = model.graph
    nodes = _by_name(graph)
    mask32 = MASK + "_int32"
    graph.node.append(helper.make_node("Cast", [MASK], [mask32], to=onnx.TensorProto.INT32, name="mask_to_int32"))
    layer = 0
    while LAYER.format(layer) + "query/MatMul" in nodes:
        pre = LAYER.format(layer)
        (x, wq, bq), (xk, wk, bk), (xv, wv, bv) = (_projection(graph, nodes, pre, p) for p in ("query", "key", "value"))
        if not x == xk == xv:
            raise ValueError(f"layer {layer}: Q, K and V read different inputs")
        hidden = wq.shape[1]
        scale = float(_constant(graph, nodes[pre + "Mul"].input[1]))
        if not np.isclose(scale, 1 / np.sqrt(hidden // heads), rtol=1e-6):
            raise ValueError(f"layer {layer}: attention scale {scale} is not 1/sqrt(head size)")
        context = nodes[pre + "Reshape_3"].output[0]
        name = pre + "fused/"
        graph.initializer.extend(
            [
                numpy_helper.from_array(np.concatenate([wq, wk, wv], axis=1), name + "qkv_weight"),
                numpy_helper.from_array(np.concatenate([bq, bk, bv]), name + "qkv_bias"),
                numpy_helper.from_array(np.array([hidden] * 3, dtype=np.int64), name + "split"),
            ]
        )
        fused = name + "context"
        graph.node.extend(
            [
                helper.make_node("MatMul", [x, name + "qkv_weight"], [name + "qkv"], name=name + "qkv/MatMul"),
                helper.make_node(
                    "Split",
                    [name + "qkv", name + "split"],
                    [name + "q", name + "k", name + "v"],
                    axis=-1,
                    name=name + "Split",
                ),
                helper.make_node(
                    "MultiHeadAttention",
                    [name + "q", name + "k", name + "v", name + "qkv_bias", mask32],
                    [fused],
                    domain="com.microsoft",
                    num_heads=heads,
                    scale=scale,
                    name=name + "MultiHeadAttention",
                ),
            ]
        )
        for n in graph.node:
            for k, i in enumerate(n.input):
                if i == context:
                    n.input[k] = fused
        layer += 1
    if not layer:
        raise ValueError(f"no attention layer named like {LAYER.format(0)} in {src}")
    topological_sort(graph)  # the new nodes were appended after their consumers
    _prune(graph)
    onnx.save(model, str(dst))
    return layer


def _prune(graph) -> None:
    """Drop the nodes and initializers no output depends on any more (the unfused attention);
    the nodes must be in topological order."""
    needed = {o.name for o in graph.output}
    keep = []
    for n in reversed(list(graph.node)):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(n.input)
    del graph.node[:]
    graph.node.extend(reversed(keep))
    unused = [t for t in graph.initializer if t.name not in needed]
    for t in unused:
        graph.initializer.remove(t)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    a = ap.parse_args(argv)
    print(f"fused {fuse(a.src, a.dst)} attention layers into {a.dst}")


if __name__ == "__main__":
    main()
