"""One encoder, two outputs: emotion logits and an e5 "query" embedding distilled from raw e5.

Why: the app runs two 12-layer encoders per text (the fine-tuned classifier and raw e5 for
topic retrieval), which puts text -> list above its 15 ms budget on two cores.  Fine-tuning
for emotion alone erases e5's retrieval geometry; here the student keeps it by regressing
a projection of its pooled vector onto the frozen raw encoder's L2-normalised query
embedding (cosine loss, weight ``--lam``), while the head learns the 7 emotions.  Song
vectors in the catalog stay raw e5 "passage" embeddings, untouched.

``--qat-from E`` fakes onnxruntime's dynamic int8 quantisation in every encoder Linear from
epoch E on (activations: uint8 asymmetric per text; weights: int8 symmetric per output
channel; straight-through gradients), so the exported int8 model keeps the float model's
decisions.

Runs on a GPU machine (``python -m training.train_joint --packed carry/e5ko.npz ...``); the
encoder travels as raw Q4_0 blocks (``training.pack_e5``).  Each epoch logs val/test
accuracy, macro-F1 and the mean cosine to the teacher; the best epoch by val macro-F1 is
saved in fp16 (``best.pt``).
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import math
import random
import time
import types
from collections import Counter
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 - the usual alias
from tokenizers import Tokenizer
from torch import nn
from transformers import BertModel

from desktop.core.labels import LABELS
from desktop.core.text_input import clean_text, topic_text
from desktop.engine.evaluate import scores
from training.train import batches, epoch_rows
from training.train import collate as collate_cpu


def read_tsv(path: Path) -> tuple[list[str], list[int]]:
    opener = gzip.open if path.suffix == ".gz" else open
    texts, labels = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            if text:
                texts.append(text)
                labels.append(LABELS.index(label))
    return texts, labels


def words_of(text: str) -> str:
    """What the app reads a text's topic vector from (its words), or the text when it has none."""
    return topic_text(clean_text(text)) or text


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


class JointModel(nn.Module):
    """Encoder -> masked mean pool -> (7 logits, 384-d query embedding before L2 norm)."""

    def __init__(self, encoder: BertModel, dropout: float = 0.1) -> None:
        super().__init__()
        hidden = encoder.config.hidden_size
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(LABELS))
        self.proj = nn.Linear(hidden, hidden)
        with torch.no_grad():  # starts as the identity: the student begins equal to the teacher
            self.proj.weight.copy_(torch.eye(hidden))
            self.proj.bias.zero_()

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        pooled = mean_pool(self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state, mask)
        return self.head(self.dropout(pooled)), self.proj(pooled)


# ------------------------------------------------------------------ fake int8 (QAT)
def _ste(x: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    return x + (q - x).detach()


def fake_act(x: torch.Tensor) -> torch.Tensor:
    """uint8 asymmetric, range from each text's own min/max (ORT dynamic quantisation, batch 1)."""
    flat = x.reshape(x.shape[0], -1).float()
    lo = flat.amin(1).clamp(max=0.0)
    hi = flat.amax(1).clamp(min=0.0)
    scale = ((hi - lo) / 255.0).clamp(min=1e-8)
    zp = torch.round(-lo / scale)
    shape = (-1,) + (1,) * (x.dim() - 1)
    s, z = scale.view(shape), zp.view(shape)
    q = (torch.clamp(torch.round(x.float() / s) + z, 0, 255) - z) * s
    return _ste(x, q.to(x.dtype))


def fake_weight(w: torch.Tensor) -> torch.Tensor:
    scale = (w.abs().amax(1, keepdim=True) / 127.0).clamp(min=1e-8)
    return _ste(w, torch.clamp(torch.round(w / scale), -127, 127) * scale)


def _qat_forward(self: nn.Linear, x: torch.Tensor) -> torch.Tensor:
    return F.linear(fake_act(x), fake_weight(self.weight), self.bias)


def enable_qat(encoder: nn.Module) -> int:
    n = 0
    for mod in encoder.modules():
        if isinstance(mod, nn.Linear):
            mod.forward = types.MethodType(_qat_forward, mod)
            n += 1
    return n


# ------------------------------------------------------------------ data
class Encoder:
    """[bos] + "query: " ids + text ids (truncated) + [eos]: the app's query window."""

    def __init__(self, tokenizer: Path, query_ids: list[int], max_len: int) -> None:
        self.tok = Tokenizer.from_file(str(tokenizer))
        self.tok.no_padding()
        self.tok.no_truncation()
        self.bos, self.eos = self.tok.token_to_id("<s>"), self.tok.token_to_id("</s>")
        self.pad = self.tok.token_to_id("<pad>")
        self.head = [self.bos, *query_ids]
        self.span = max_len - 2 - len(query_ids)

    def __call__(self, texts: list[str]) -> list[list[int]]:
        out = []
        for i in range(0, len(texts), 4096):
            for e in self.tok.encode_batch(texts[i : i + 4096], add_special_tokens=False):
                out.append(self.head + e.ids[: self.span] + [self.eos])
        return out


def collate(ids: list[list[int]], idx: list[int], pad: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    x, m = collate_cpu(ids, idx, pad)
    return x.to(device), m.to(device)


@torch.no_grad()
def evaluate(model: JointModel, teacher: BertModel, ids, labels, pad, device) -> dict:
    model.eval()
    pred = np.zeros(len(ids), dtype=np.int64)
    cos = np.zeros(len(ids), dtype=np.float32)
    for idx in batches(ids, 256, None):
        x, m = collate(ids, idx, pad, device)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits, emb = model(x, m)
            ref = mean_pool(teacher(input_ids=x, attention_mask=m).last_hidden_state, m)
        pred[idx] = logits.float().argmax(1).cpu().numpy()
        cos[idx] = F.cosine_similarity(emb.float(), ref.float(), dim=-1).cpu().numpy()
    model.train()
    res = scores(labels, pred)
    return {
        "acc": res["accuracy"],
        "macro_f1": res["macro_f1"],
        "cos_mean": float(cos.mean()),
        "cos_p05": float(np.quantile(cos, 0.05)),
    }


class TopicProbe:
    """Topic-only retrieval: share of each query's top-10 songs (centred cosine minus the song's hub
    bias, as the app's topic fit) whose lyrics match the query's topic pattern.  The masks are
    precomputed from the lyrics (booleans only); songs are the catalog's raw e5 passage vectors."""

    def __init__(self, path: Path, enc: Encoder | None = None, device=None) -> None:
        """``enc``/``device``: for ``__call__`` (a torch model); ``score`` needs neither."""
        z = np.load(path)
        n = int(z["n"])
        self.hits = np.unpackbits(z["hits"], axis=1)[:, :n].astype(bool)
        self.dev = z["split"]
        self.topics, self.bias, self.mean = z["topics"].astype(np.float32), z["bias"], z["query_mean"]
        self.texts: list[str] = json.loads(bytes(z["texts"]).decode())
        self.ids = enc(self.texts) if enc else None
        self.pad, self.device = (enc.pad if enc else None), device

    def score(self, embeddings: np.ndarray) -> dict:
        """Hit rates for the queries' embeddings (one row per text, any length: made unit, then centred)."""
        q = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True) - self.mean
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        top = np.argsort(-(q @ self.topics.T - self.bias), axis=1)[:, :10]
        rate = np.array([self.hits[i, top[i]].mean() for i in range(len(top))])
        return {"dev": round(float(rate[self.dev].mean()), 4), "held": round(float(rate[~self.dev].mean()), 4)}

    @torch.no_grad()
    def __call__(self, embed) -> dict:
        x, m = collate(self.ids, list(range(len(self.ids))), self.pad, self.device)
        return self.score(embed(x, m).float().cpu().numpy())


def main(argv: list[str] | None = None) -> None:
    from training.pack_e5 import unpack

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packed", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True, help="train/val/test/extra .tsv(.gz)")
    ap.add_argument("--tokenizer", type=Path, default=Path("model/tokenizer.json"))
    ap.add_argument("--query-ids", default="39,689,12")
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--lam", type=float, default=1.0, help="weight of the distillation (1 - cos) loss")
    ap.add_argument("--qat-from", type=int, default=-1, help="epoch from which Linear layers fake int8")
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--deadline", type=float, default=1e9, help="seconds; stop training after it")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--probe", type=Path, default=None, help="topic probe (TopicProbe) .npz")
    ap.add_argument("--keep-layers", default="", help="e.g. 0,2,4,6,8,10: a shallower student (half the compute)")
    ap.add_argument(
        "--topic-from-words",
        action="store_true",
        help="distil the teacher's vector of each text's words (desktop.core.text_input.topic_text: "
        "no ㅋㅋ/ㅠㅠ, emoji, punctuation) from the whole text, so the app can read both "
        "outputs from one window",
    )
    a = ap.parse_args(argv)

    t_start = time.time()
    torch.manual_seed(a.seed)
    a.run.mkdir(parents=True, exist_ok=True)
    log = open(a.run / "train.log", "a", encoding="utf-8")

    def say(msg: str) -> None:
        line = f"{time.time() - t_start:7.1f}s {msg}"
        print(f"[{a.run.name}] {line}", flush=True)
        log.write(line + "\n")
        log.flush()

    device = torch.device(a.device)
    enc_dir = unpack(a.packed, Path(f"/tmp/e5ko-{a.run.name}"))
    teacher = BertModel.from_pretrained(enc_dir, add_pooling_layer=False).to(device).eval()
    for p in teacher.parameters():
        p.requires_grad_(False)
    student = copy.deepcopy(teacher).train()
    if a.keep_layers:  # a shallower student starts from some of the teacher's layers
        keep = [int(i) for i in a.keep_layers.split(",")]
        student.encoder.layer = nn.ModuleList([student.encoder.layer[i] for i in keep])
        student.config.num_hidden_layers = len(keep)
    model = JointModel(student).to(device)
    for p in model.encoder.parameters():
        p.requires_grad_(True)

    enc = Encoder(a.tokenizer, [int(i) for i in a.query_ids.split(",")], a.max_len)
    find = lambda stem: next(p for p in (a.data / f"{stem}.tsv.gz", a.data / f"{stem}.tsv") if p.exists())  # noqa: E731
    tr_x, tr_y = read_tsv(find("train"))
    quota = Counter(tr_y)
    ex_x, ex_y = read_tsv(find("extra"))
    tr_x, tr_y = tr_x + ex_x, tr_y + ex_y
    va_x, va_y = read_tsv(find("val"))
    te_x, te_y = read_tsv(find("test"))
    tr_ids, va_ids, te_ids = enc(tr_x), enc(va_x), enc(te_x)
    # The distillation target: the teacher's vector of the same text, or of its words only.  Why the
    # words: the app reads the topic from the words (a trailing "ㅋㅋ" or "!!" must not move the list),
    # which takes a second window for 87 % of real lines; a student that maps the whole text onto the
    # words' vector needs one.
    ref_ids = enc([words_of(t) for t in tr_x]) if a.topic_from_words else tr_ids
    y_all = torch.tensor(tr_y, device=device)

    no_decay = ("bias", "LayerNorm.weight")
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [
            {"params": [p for n, p in params if not n.endswith(no_decay)], "weight_decay": 0.01},
            {"params": [p for n, p in params if n.endswith(no_decay)], "weight_decay": 0.0},
        ],
        lr=a.lr,
        fused=device.type == "cuda",
    )
    steps_per_epoch = math.ceil(sum(quota.values()) / a.batch_size)
    total = steps_per_epoch * a.epochs
    warmup = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(1, warmup), max(0.0, (total - s) / max(1, total - warmup)))
    )
    ce = nn.CrossEntropyLoss(label_smoothing=0.05)
    say(
        f"train pool {len(tr_ids)} (epoch {sum(quota.values())}, {steps_per_epoch} steps) val {len(va_ids)} "
        f"test {len(te_ids)}; lam {a.lam} qat_from {a.qat_from} topic_from_words {a.topic_from_words}"
    )
    probe = TopicProbe(a.probe, enc, device) if a.probe else None

    def student_topic() -> dict:
        if probe is None:
            return {}
        model.eval()
        out = probe(lambda x, m: model(x, m)[1])
        model.train()
        return out

    if probe:
        raw = probe(lambda x, m: mean_pool(teacher(input_ids=x, attention_mask=m).last_hidden_state, m))
        say(f"teacher topic hit@10 {raw}")
    base = evaluate(model, teacher, va_ids, va_y, enc.pad, device)
    say(f"epoch 0 val {json.dumps(base)} topic {student_topic()}")
    history, best, step = [], -1.0, 0
    for epoch in range(a.epochs):
        if epoch == a.qat_from:
            say(f"QAT on: {enable_qat(model.encoder)} Linear layers fake int8")
        rng = random.Random(a.seed + epoch)
        rows = epoch_rows(tr_y, quota, rng)
        plan = [[rows[j] for j in b] for b in batches([tr_ids[i] for i in rows], a.batch_size, rng)]
        run_ce = run_d = 0.0
        for k, idx in enumerate(plan):
            x, m = collate(tr_ids, idx, enc.pad, device)
            xr, mr = (x, m) if ref_ids is tr_ids else collate(ref_ids, idx, enc.pad, device)
            with torch.autocast("cuda", dtype=torch.bfloat16):
                with torch.no_grad():
                    ref = mean_pool(teacher(input_ids=xr, attention_mask=mr).last_hidden_state, mr)
                logits, emb = model(x, m)
                loss_ce = ce(logits.float(), y_all[idx])
                loss_d = (1.0 - F.cosine_similarity(emb.float(), ref.float(), dim=-1)).mean()
                loss = loss_ce + a.lam * loss_d
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            run_ce += loss_ce.item() if k % 20 == 0 else 0.0
            run_d += loss_d.item() if k % 20 == 0 else 0.0
            if k % 200 == 199:
                say(f"epoch {epoch + 1} step {k + 1}/{len(plan)} ce {run_ce / 10:.4f} distil {run_d / 10:.4f}")
                run_ce = run_d = 0.0
            if time.time() - t_start > a.deadline:
                break
        va = evaluate(model, teacher, va_ids, va_y, enc.pad, device)
        te = evaluate(model, teacher, te_ids, te_y, enc.pad, device)
        topic = student_topic()
        history.append({"epoch": epoch + 1, "step": step, "val": va, "test": te, "topic": topic})
        say(f"epoch {epoch + 1} val {json.dumps(va)} test {json.dumps(te)} topic {topic}")
        if va["macro_f1"] > best:
            best = va["macro_f1"]
            torch.save({k: v.detach().half().cpu() for k, v in model.state_dict().items()}, a.run / "best.pt")
        if time.time() - t_start > a.deadline:
            say("deadline reached")
            break
    (a.run / "history.json").write_text(
        json.dumps({"args": {k: str(v) for k, v in vars(a).items()}, "history": history}, indent=1)
    )
    say(f"done: best val macro-F1 {best:.4f}")


if __name__ == "__main__":
    main()
