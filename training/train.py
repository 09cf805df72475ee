"""Fine-tune the Korean-pruned e5-small encoder as a 7-emotion classifier.

Designed for 2 CPU cores in the background: length-bucketed batches (little padding),
checkpoints at every evaluation, ``--resume`` continues from the last one with the
same data order, progress lines go to ``<run>/train.log``.  Early stopping watches
validation macro-F1.  ``--folds K --fold i`` trains on K-fold cross-validation splits
of train+val instead of the fixed split.

    python -m training.train --run training/runs/main          # start or resume
    tail -f training/runs/main/train.log
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn
from transformers import BertModel

from desktop.core.labels import LABELS
from desktop.engine.evaluate import read_labelled_tsv, scores

HERE = Path(__file__).resolve().parent
DATA = HERE / "cache" / "data"
ENCODER = HERE / "cache" / "e5-ko"


class EmotionClassifier(nn.Module):
    """Encoder + masked mean pooling (how e5 was pre-trained) + dropout + linear head."""

    def __init__(self, encoder: BertModel, n_labels: int = len(LABELS), dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def encode(tok: Tokenizer, texts: list[str], max_len: int) -> list[list[int]]:
    tok.no_padding()
    tok.enable_truncation(max_len)
    return [e.ids for e in tok.encode_batch(texts)]


def batches(ids: list[list[int]], batch_size: int, rng: random.Random | None) -> list[list[int]]:
    """Index batches of similar length; shuffled (train) or in order (eval)."""
    order = list(range(len(ids)))
    if rng is not None:
        rng.shuffle(order)
        chunk = batch_size * 50
        order = [
            i for s in range(0, len(order), chunk) for i in sorted(order[s : s + chunk], key=lambda i: len(ids[i]))
        ]
    else:
        order.sort(key=lambda i: len(ids[i]))
    out = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]
    if rng is not None:
        rng.shuffle(out)
    return out


def collate(ids: list[list[int]], idx: list[int], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids[i]) for i in idx)
    x = torch.full((len(idx), width), pad_id, dtype=torch.long)
    m = torch.zeros((len(idx), width), dtype=torch.long)
    for r, i in enumerate(idx):
        x[r, : len(ids[i])] = torch.tensor(ids[i])
        m[r, : len(ids[i])] = 1
    return x, m


@torch.no_grad()
def predict(model: nn.Module, ids: list[list[int]], pad_id: int, batch_size: int = 128) -> np.ndarray:
    model.eval()
    probs = np.zeros((len(ids), len(LABELS)), dtype=np.float32)
    for idx in batches(ids, batch_size, None):
        x, m = collate(ids, idx, pad_id)
        probs[idx] = torch.softmax(model(x, m), -1).numpy()
    model.train()
    return probs


def epoch_rows(labels: list[int], quota: Counter, rng: random.Random) -> list[int]:
    """One epoch's rows: for each label, ``quota[label]`` rows drawn afresh from every train-eligible
    text of that label, so the large classes (중립, 분노, 슬픔) show new texts each epoch while
    every epoch stays balanced."""
    by_label: dict[int, list[int]] = {}
    for i, y in enumerate(labels):
        by_label.setdefault(y, []).append(i)
    rows: list[int] = []
    for y, idx in sorted(by_label.items()):
        rows += rng.sample(idx, min(quota[y], len(idx)))
    return rows


def load_split(args) -> tuple[tuple, tuple]:
    train, val = read_labelled_tsv(DATA / "train.tsv"), read_labelled_tsv(DATA / "val.tsv")
    if not args.folds:
        return train, val
    texts, labels = train[0] + val[0], train[1] + val[1]
    fold_of = [i % args.folds for i in range(len(texts))]
    pick = lambda keep: (  # noqa: E731
        [t for t, f in zip(texts, fold_of) if keep(f)],
        [y for y, f in zip(labels, fold_of) if keep(f)],
    )
    return pick(lambda f: f != args.fold), pick(lambda f: f == args.fold)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, default=HERE / "runs" / "main")
    ap.add_argument("--encoder", type=Path, default=ENCODER)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--evals-per-epoch", type=int, default=2)
    ap.add_argument("--patience", type=int, default=3, help="evaluations without val macro-F1 gain")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--folds", type=int, default=0, help="K-fold cross-validation over train+val")
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument(
        "--resample",
        action="store_true",
        help="each epoch, draw the balanced train set afresh from train.tsv + extra.tsv",
    )
    ap.add_argument("--init", type=Path, default=None, help="start from these weights (e.g. a run's best.pt)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.run.mkdir(parents=True, exist_ok=True)
    log = open(args.run / "train.log", "a", encoding="utf-8")

    def say(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    tok = Tokenizer.from_file(str(args.encoder / "tokenizer.json"))
    pad_id = tok.token_to_id("<pad>")
    (tr_x, tr_y), (va_x, va_y) = load_split(args)
    base_n = len(tr_x)
    quota = Counter(tr_y)  # per-label count of one epoch: stays balanced when resampling
    if args.resample:
        ex_x, ex_y = read_labelled_tsv(DATA / "extra.tsv")
        tr_x, tr_y = tr_x + ex_x, tr_y + ex_y
    tr_ids, va_ids = encode(tok, tr_x, args.max_len), encode(tok, va_x, args.max_len)
    va_y = np.array(va_y)
    model = EmotionClassifier(BertModel.from_pretrained(args.encoder, add_pooling_layer=False), dropout=args.dropout)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": args.weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    steps_per_epoch = math.ceil(base_n / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    warmup = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(1, warmup), max(0.0, (total - s) / max(1, total - warmup)))
    )
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)
    state = {"step": 0, "best_f1": -1.0, "bad_evals": 0, "history": []}
    ckpt = args.run / "last.pt"
    if ckpt.exists():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        state = saved["state"]
        say(f"resumed at step {state['step']} (best val macro-F1 {state['best_f1']:.4f})")
    elif args.init:
        model.load_state_dict(torch.load(args.init, weights_only=True))
        say(f"initialised from {args.init}")
    say(f"train {len(tr_ids)} val {len(va_ids)} steps {total} (epoch {steps_per_epoch}) eval every {eval_every}")
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    tr_y_t = torch.tensor(tr_y)
    model.train()
    t0, seen, run_loss = time.time(), 0, 0.0
    while state["step"] < total and state["bad_evals"] < args.patience:
        epoch = state["step"] // steps_per_epoch
        rng = random.Random(args.seed + epoch)
        rows = epoch_rows(tr_y, quota, rng) if args.resample else list(range(base_n))
        plan = [[rows[j] for j in b] for b in batches([tr_ids[i] for i in rows], args.batch_size, rng)]
        for idx in plan[state["step"] - epoch * steps_per_epoch :]:
            x, m = collate(tr_ids, idx, pad_id)
            loss = loss_fn(model(x, m), tr_y_t[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            state["step"] += 1
            seen += len(idx)
            run_loss += loss.item()
            if state["step"] % 50 == 0:
                rate = seen / (time.time() - t0)
                eta = (total - state["step"]) * args.batch_size / rate / 60
                say(f"step {state['step']}/{total} loss {run_loss / 50:.4f} {rate:.1f} ex/s eta {eta:.0f} min")
                run_loss = 0.0
            if state["step"] % eval_every == 0 or state["step"] == total:
                pred = predict(model, va_ids, pad_id).argmax(1)
                res = scores(va_y, pred)
                f1, acc = res["macro_f1"], res["accuracy"]
                state["history"].append({"step": state["step"], "val_acc": acc, "val_macro_f1": f1})
                if f1 > state["best_f1"]:
                    state["best_f1"], state["bad_evals"] = f1, 0
                    torch.save(model.state_dict(), args.run / "best.pt")
                else:
                    state["bad_evals"] += 1
                torch.save(
                    {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "state": state},
                    ckpt,
                )
                say(f"eval step {state['step']}: val acc {acc:.4f} macro-F1 {f1:.4f} (best {state['best_f1']:.4f})")
                if state["bad_evals"] >= args.patience:
                    say("early stop")
                    break
            if state["step"] >= total:
                break
    (args.run / "history.json").write_text(json.dumps(state["history"], indent=1))
    say(f"done: best val macro-F1 {state['best_f1']:.4f}")


if __name__ == "__main__":
    main()
