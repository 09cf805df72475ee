"""Latency of the whole path, text → ranked list, on realistic texts, against this machine's floor.

    python -m benchmarks.model_latency [--json] [--runs 300] [--flip-texts 0]

Why realistic texts: status messages and diary lines are longer than the 6-14-token
examples that flatter a model.  The texts timed here are drawn with the token-length
distribution of the AI-Hub test split (``benchmarks/data/test_token_lengths.json``: p50 14,
p90 26, p99 46 tokens; counts only, no text), each built from our own committed status
messages (``benchmarks/data/topical_queries.tsv``) cut to its drawn length.

Prints one JSON object (``--json``) or the same indented:

- ``p50_ms`` / ``p99_ms``: ``Moodtune.analyze`` + ``recommend(top=10)`` on one thread: the
  model's one run (emotions + topic vector) and the ranking of every catalog song;
  ``stages_p50_ms`` splits it;
- ``p50_ms_20tok``: the same for 20-token texts; ``floor_ms_20tok``: the multiply-adds the
  shipped graphs do on a 20-token text (``mflop_20tok``, counted from the graphs) divided by
  the int8 GEMM rate onnxruntime reaches on this machine in this run (``int8_gemm_gops``,
  u8s8 ``MatMulInteger`` at the FFN's shape, one thread); the shipped model computes in fp32, so
  ``fp32_gemm_gflops`` and ``floor_fp32_ms_20tok`` give the same floor at its own arithmetic's rate;
- ``model_mb``: every shipped model file, and each encoder;
- ``flip_rate``: share of validation texts whose top emotion differs between the shipped
  model and its own fp32 export (``training.export_joint``); ``null`` with the reason when the
  validation split or the export is not on this machine;
- ``rss_mb``: resident memory before and after analysing a 10,000-character text;
- ``texts_per_s``: batched emotion analysis on 1 and 2 threads (the catalog build's path);
- ``p50_ms_app_threads`` / ``p99_ms_app_threads``: the whole path as the window runs it
  (onnxruntime's default: every core, spinning threads), for comparison with the one-thread bar;
- ``two_windows``: the share of the timed texts whose topic vector is read from a second window
  (their words differ from the text: ㅋㅋ/ㅠㅠ, emoji, punctuation) and the model's p50 with and
  without that window, i.e. what the stability of the topic vector costs;
- ``test_split``: the same whole path and ``two_windows`` on 300 real AI-Hub test-split lines,
  when the split is on this machine (``python -m training.prepare_data``): the committed texts
  above have the split's lengths but rarely its punctuation, so they take the second window less often.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does, before numpy

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import percentiles_ms  # noqa: E402
from desktop.core import paths  # noqa: E402
from desktop.engine.model_spec import EMOTION  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
CACHE = ROOT / "training" / "cache"


def realistic_texts(tokenizer, n: int, seed: int = 0, length: int | None = None) -> list[str]:
    """``n`` texts whose token counts follow the test split's (or all equal ``length``)."""
    counts = json.loads((DATA / "test_token_lengths.json").read_text(encoding="utf-8"))["counts"]
    lengths = np.array([int(k) for k in counts])
    weights = np.array(list(counts.values()), dtype=np.float64)
    pool = [line.split("\t")[1] for line in (DATA / "topical_queries.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rng = np.random.default_rng(seed)
    texts = []
    for _ in range(n):
        target = length or int(rng.choice(lengths, p=weights / weights.sum()))
        text = ""
        while len(tokenizer.encode(text, add_special_tokens=False).ids) < target:
            text = (text + " " + pool[rng.integers(len(pool))]).strip()
        lo, hi = 1, len(text)  # shortest prefix with the target token count
        while lo < hi:
            mid = (lo + hi) // 2
            if len(tokenizer.encode(text[:mid], add_special_tokens=False).ids) >= target:
                hi = mid
            else:
                lo = mid + 1
        texts.append(text[:lo].strip() or text)
    return texts


def graph_cost(path: Path) -> tuple[int, int, int]:
    """(weight multiply-adds per token, attention layers, hidden width) of a shipped graph."""
    import onnx
    from onnx import helper

    model = onnx.load(str(path), load_external_data=False)
    shapes = {t.name: tuple(t.dims) for t in model.graph.initializer}
    for node in model.graph.node:  # weights stored as fp16 reach their MatMul through a Cast
        if node.op_type == "Cast" and node.input[0] in shapes:
            shapes[node.output[0]] = shapes[node.input[0]]
    per_token = layers = hidden = 0
    for node in model.graph.node:
        if node.op_type == "MatMulNBits":
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            per_token += attrs["K"] * attrs["N"]
            hidden = hidden or attrs["K"]
        elif (
            node.op_type in ("MatMul", "MatMulInteger", "MatMulIntegerToFloat", "DynamicQuantizeMatMul", "Gemm")
            and len(shapes.get(node.input[1], ())) == 2
        ):  # a weight, not activations
            k, n = shapes[node.input[1]]
            per_token += k * n
            hidden = hidden or k
        elif node.op_type in ("Softmax", "MultiHeadAttention", "Attention"):  # one per attention layer
            layers += 1
    return per_token, layers, hidden


def graph_mflop(path: Path | tuple[int, int, int], tokens: int) -> float:
    """Multiply-adds ×2 of one window of ``tokens`` tokens: every weight matrix (K×N per token)
    plus attention's two L×L products per layer (one Softmax or fused attention node per layer)."""
    per_token, layers, hidden = graph_cost(path) if isinstance(path, Path) else path
    return (2 * tokens * per_token + layers * 2 * 2 * tokens * tokens * hidden) / 1e6


def int8_gemm_gops(tokens: int = 22, k: int = 384, n: int = 1536, repeats: int = 300) -> float:
    """Best one-thread rate of onnxruntime's u8s8 MatMulInteger at the FFN's shape."""
    return _gemm_rate("int8", tokens, k, n, repeats)


def fp32_gemm_gflops(tokens: int = 22, k: int = 384, n: int = 1536, repeats: int = 300) -> float:
    """Best one-thread rate of onnxruntime's fp32 MatMul (the shipped model's arithmetic) at the FFN's shape."""
    return _gemm_rate("fp32", tokens, k, n, repeats)


def _gemm_rate(kind: str, tokens: int, k: int, n: int, repeats: int) -> float:
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    if kind == "int8":
        inits = [
            numpy_helper.from_array(rng.integers(-127, 128, size=(k, n), dtype=np.int8), "w"),
            numpy_helper.from_array(np.array(128, np.uint8), "az"),
        ]
        node, a_type, y_type = (
            helper.make_node("MatMulInteger", ["a", "w", "az"], ["y"]),
            TensorProto.UINT8,
            TensorProto.INT32,
        )
        a = rng.integers(0, 256, size=(tokens, k), dtype=np.uint8)
    else:
        inits = [numpy_helper.from_array(rng.standard_normal((k, n)).astype(np.float32), "w")]
        node, a_type, y_type = helper.make_node("MatMul", ["a", "w"], ["y"]), TensorProto.FLOAT, TensorProto.FLOAT
        a = rng.standard_normal((tokens, k)).astype(np.float32)
    graph = helper.make_graph(
        [node],
        "gemm",
        [helper.make_tensor_value_info("a", a_type, [None, k])],
        [helper.make_tensor_value_info("y", y_type, [None, n])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        sess.run(None, {"a": a})
        best = min(best, time.perf_counter() - t0)
    return 2 * tokens * k * n / best / 1e9


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_path(app, texts: list[str], model_alone: bool = True) -> tuple[list[float], dict[str, list[float]]]:
    """Whole-path times per text and its ranking stage; with ``model_alone``, a second pass times the
    model by itself (only the main report splits the path, so the other runs skip it)."""
    whole, stages = [], {"model": [], "ranking": []}
    for text in texts:
        t0 = time.perf_counter()
        analysis = app.analyze(text)
        t1 = time.perf_counter()
        app.recommend(analysis, top=10)
        t2 = time.perf_counter()
        whole.append((t2 - t0) * 1000)
        stages["ranking"].append((t2 - t1) * 1000)
    for text in texts if model_alone else ():  # the model alone (one run: emotions and the topic vector)
        t0 = time.perf_counter()
        app.model.read(text)
        stages["model"].append((time.perf_counter() - t0) * 1000)
    return whole, stages


def two_window_cost(model, texts: list[str]) -> dict:
    """How many texts take a second window for their topic vector, and the model's p50 with it
    (as the app reads them) and with the text's own window only (emotions and topic from one run)."""
    from desktop.core.text_input import clean_text, topic_text

    def differs(t: str) -> bool:
        words = topic_text(clean_text(t))
        return bool(words) and words != clean_text(t)

    def own_window(t: str) -> None:
        model.run(model.preprocess([clean_text(t)], model.query_ids)[0])

    two = [t for t in texts if differs(t)]
    out: dict = {"share": round(len(two) / max(1, len(texts)), 3)}
    for name, fn in (("model_p50_ms_as_read", model.read), ("model_p50_ms_own_window_only", own_window)):
        times = []
        for t in two:
            t0 = time.perf_counter()
            fn(t)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = percentiles_ms(times)["p50_ms"] if times else None
    return out


def flip_rate(limit: int) -> dict:
    """Shipped emotion model vs its fp32 reference on the validation split (two threads: not timed)."""
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.evaluate import read_labelled_tsv

    val, ref = CACHE / "data" / "val.tsv", CACHE / "export_joint" / "F" / "joint.fp32.onnx"
    if not val.exists() or not ref.exists():
        return {
            "flip_rate": None,
            "flip_note": "needs the validation split and the fp32 export: "
            "python -m training.prepare_data && "
            "python -m training.export_joint --weights training/cache/joint/F.pt",
        }
    texts, _ = read_labelled_tsv(val)
    texts = texts[:limit] if limit else texts
    shipped = EmotionModel(threads=2).analyze_batch(texts).argmax(1)
    reference = EmotionModel(threads=2, model_file=str(ref), verify=False).analyze_batch(texts).argmax(1)
    return {"flip_rate": round(float((shipped != reference).mean()), 4), "flip_texts": len(texts)}


def main() -> None:
    from desktop.engine.emotion_model import EmotionModel
    from desktop.service import Moodtune

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="one line of JSON")
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--flip-texts", type=int, default=0, help="validation texts for flip_rate (0: all 6,291)")
    a = ap.parse_args()

    model_dir = paths.model_dir()
    files = {EMOTION.file: model_dir / EMOTION.file, "topic_index.onnx": model_dir / "topic_index.onnx"}
    report: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {cpu_flags()}",
        "threads": 1,
    }
    with tempfile.TemporaryDirectory() as tmp:
        app = Moodtune.load(data_dir=Path(tmp), threads=1)
        tok = app.model.tokenizer
        texts = realistic_texts(tok, a.runs)
        for t in texts[:20]:  # warm-up
            app.recommend(app.analyze(t), top=10)
        whole, stages = time_path(app, texts)
        report.update(percentiles_ms(whole))
        report["stages_p50_ms"] = {k: percentiles_ms(v)["p50_ms"] for k, v in stages.items()}
        report["tokens"] = {"p50": int(np.median([len(tok.encode(t, add_special_tokens=False).ids) for t in texts]))}
        whole20, _ = time_path(app, realistic_texts(tok, max(50, a.runs // 3), seed=1, length=20))
        report["p50_ms_20tok"] = percentiles_ms(whole20)["p50_ms"]
        mflop = {EMOTION.name: graph_mflop(files[EMOTION.file], 20 + 2 + len(app.model.query_ids))}
        report["mflop_20tok"] = {k: round(v) for k, v in mflop.items()}
        gops = int8_gemm_gops()
        report["int8_gemm_gops"] = round(gops, 1)
        report["floor_ms_20tok"] = round(sum(mflop.values()) / 1e3 / gops * 1e3, 2)
        report["p50_vs_floor_20tok"] = round(report["p50_ms_20tok"] / report["floor_ms_20tok"], 2)
        report["fp32_gemm_gflops"] = round(fp32_gemm_gflops(), 1)  # the shipped model computes in fp32
        report["floor_fp32_ms_20tok"] = round(sum(mflop.values()) / 1e3 / report["fp32_gemm_gflops"] * 1e3, 2)
        report["two_windows"] = two_window_cost(app.model, texts)
        split = CACHE / "data" / "test.tsv"
        if split.exists():
            from desktop.engine.evaluate import read_labelled_tsv

            lines, _ = read_labelled_tsv(split)
            real = [lines[i] for i in np.random.default_rng(3).choice(len(lines), min(300, len(lines)), replace=False)]
            real_whole, _ = time_path(app, real, model_alone=False)
            report["test_split"] = {**percentiles_ms(real_whole), "two_windows": two_window_cost(app.model, real)}
        before = rss_mb()
        app.analyze("오늘 하루를 돌아보면 " * 1000)  # 10,000+ characters: bounded windows
        report["rss_mb"] = {"before": round(before), "after_10k_chars": round(rss_mb())}
        app.close()
    with tempfile.TemporaryDirectory() as tmp:  # the window's threads (onnxruntime's default)
        app = Moodtune.load(data_dir=Path(tmp))
        for t in texts[:20]:
            app.recommend(app.analyze(t), top=10)
        whole_app, _ = time_path(app, texts, model_alone=False)
        app.close()
    report.update({f"{k}_app_threads": v for k, v in percentiles_ms(whole_app).items()})
    report["model_mb"] = {
        "all": round(sum(p.stat().st_size for p in files.values()) / 1e6, 1),
        **{k: round(p.stat().st_size / 1e6, 1) for k, p in files.items()},
    }
    report.update(flip_rate(a.flip_texts))
    batch = realistic_texts(tok, 256, seed=2)
    for threads in (1, 2):
        model = EmotionModel(threads=threads)
        model.analyze_batch(batch[:32])
        t0 = time.perf_counter()
        model.analyze_batch(batch)
        report[f"texts_per_s_{threads}_thread"] = round(len(batch) / (time.perf_counter() - t0), 1)
    print(json.dumps(report, ensure_ascii=False) if a.json else json.dumps(report, ensure_ascii=False, indent=1))


def cpu_flags() -> str:
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags"))
    except (OSError, StopIteration):
        return "unknown ISA"
    have = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f" {f}" in flags]
    return "+".join(have) or "no AVX2"


if __name__ == "__main__":
    main()
