"""Merge, clean, de-duplicate, balance and split the Korean emotion datasets.

Why a script of its own: the split must be reproducible (fixed seed) and a sentence
must never sit in both train and test, so de-duplication happens on the normalised
text *before* splitting.  Output (never committed: AI-Hub terms forbid it)::

    training/cache/data/{train,val,test}.tsv      label<TAB>text, header row
    training/cache/data/extra.tsv                 texts beyond the per-label cap (train --resample)
    training/cache/data/{train,val,test}.sources  the dataset each row came from, one per line
    training/cache/data/stats.json                counts per source, label and split

Sources (see ../shared/data/emotion/SOURCES.md):
  * AI-Hub 단발성 (38,594 chat sentences, 7 labels)
  * AI-Hub 연속적 (55,628 utterances, 79% 중립)
  * AI-Hub 감정 분류 대화 음성 transcripts 4차/5차/5차_2차 (label = 상황, the scripted emotion)
GoEmotions-Korean (machine-translated Reddit) and KOTE (44 multi-labels, no train split
here) are left out: both map poorly onto the 7 labels.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from desktop.core.labels import LABELS

SITUATION = {
    "sad": "슬픔",
    "sadness": "슬픔",
    "anger": "분노",
    "angry": "분노",
    "happiness": "행복",
    "fear": "공포",
    "disgust": "혐오",
    "surprise": "놀람",
    "neutral": "중립",
}
# Label typos reported for raw 연속적 copies ('ㅈ중립', '분ㄴ', ...): keep the label whose
# letters are contained in the typo.
TYPO = {"ㅈ중립": "중립", "중림": "중립", "분ㄴ": "분노", "분": "분노", "ㅍ": "공포", "줄": "중립", "슬": "슬픔"}

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
OUT = Path(__file__).resolve().parent / "cache" / "data"


def normalise(text: str) -> str:
    """NFKC, one space between words, no stray trailing digit after end punctuation."""
    t = unicodedata.normalize("NFKC", str(text))
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"([?!.~])\d$", r"\1", t)
    return t


def fix_label(raw) -> str | None:
    lab = str(raw).strip()
    lab = TYPO.get(lab, lab)
    lab = SITUATION.get(lab.lower(), lab)
    return lab if lab in LABELS else None


def load(shared: Path) -> list[tuple[str, str, str]]:
    """(source, label, text) rows from every source."""
    import pandas as pd

    emo = shared / "data" / "emotion"
    rows: list[tuple[str, str, str]] = []
    single = pd.read_excel(emo / "aihub_single_turn" / "한국어_단발성_대화_데이터셋.xlsx", usecols=[0, 1])
    rows += [("single", r.Emotion, r.Sentence) for r in single.itertuples()]
    cont = pd.read_excel(emo / "aihub_continuous" / "한국어_연속적_대화_데이터셋.xlsx", usecols=[1, 2])
    rows += [("continuous", lab, txt) for txt, lab in cont.itertuples(index=False)]
    for name in ("4차년도", "5차년도", "5차년도_2차"):
        sp = pd.read_csv(emo / "aihub_speech_emotion_text" / f"{name}.csv", encoding="cp949")
        rows += [(f"speech_{name}", lab, txt) for txt, lab in zip(sp["발화문"], sp["상황"])]
    out = []
    for src, lab, txt in rows:
        if not isinstance(txt, str):
            continue
        label, text = fix_label(lab), normalise(txt)
        if label and text:
            out.append((src, label, text))
    return out


def dedupe(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One row per normalised text; conflicting labels resolved by majority, ties dropped."""
    by_text: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for src, lab, text in rows:
        by_text[text].append((src, lab))
    out = []
    for text, items in by_text.items():
        votes = Counter(lab for _, lab in items).most_common()
        if len(votes) > 1 and votes[0][1] == votes[1][1]:
            continue
        out.append((items[0][0], votes[0][0], text))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--per-label", type=int, default=9000, help="balance: at most this many per label")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--val", type=float, default=0.1)
    ap.add_argument("--test", type=float, default=0.1)
    a = ap.parse_args(argv)

    raw = load(a.shared)
    rows = dedupe(raw)
    rng = random.Random(a.seed)
    by_label: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r[2]):
        by_label[r[1]].append(r)
    splits: dict[str, list[tuple[str, str, str]]] = {"train": [], "val": [], "test": [], "extra": []}
    for lab in LABELS:
        pool = by_label[lab]
        rng.shuffle(pool)
        splits["extra"] += pool[a.per_label :]  # beyond the balance cap: never in val/test
        pool = pool[: a.per_label]
        n_test, n_val = round(len(pool) * a.test), round(len(pool) * a.val)
        splits["test"] += pool[:n_test]
        splits["val"] += pool[n_test : n_test + n_val]
        splits["train"] += pool[n_test + n_val :]
    OUT.mkdir(parents=True, exist_ok=True)
    stats = {
        "raw_rows": len(raw),
        "unique_texts": len(rows),
        "available_per_label": {lab: len(by_label[lab]) for lab in LABELS},
    }
    for name, items in splits.items():
        rng.shuffle(items)
        with open(OUT / f"{name}.tsv", "w", encoding="utf-8") as f:
            f.write("label\ttext\n")
            for _, lab, text in items:
                f.write(f"{lab}\t{text}\n")
        # Row-aligned source names, so metrics can be broken down by dataset.
        (OUT / f"{name}.sources").write_text("".join(f"{src}\n" for src, _, _ in items), encoding="utf-8")
        stats[name] = {
            "n": len(items),
            "labels": dict(Counter(r[1] for r in items)),
            "sources": dict(Counter(r[0] for r in items)),
        }
    held_out = {r[2] for r in splits["test"]} | {r[2] for r in splits["val"]}
    assert not ({r[2] for r in splits["train"]} | {r[2] for r in splits["extra"]}) & held_out
    (OUT / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    print(json.dumps(stats, ensure_ascii=False))


if __name__ == "__main__":
    main()
