"""Add the situation layer to ``catalog.db``: what each song is about, its tone, how familiar it is,
and the example texts a user's message is compared with (see ``desktop.situations``).

    python -m training.add_situations [--annotations DIR] [--catalog catalog.db]

Inputs, all committed (none holds lyrics):

* ``training/song_situations.tsv``: per song key, 1-3 situation codes (most central first), valence
  -2..2 and energy 1..3.  Made once by an annotation pass over the catalog: annotators read each
  song's title, artist and a lyric excerpt (``training/annotation_packets.py``) and said what the
  whole song is about, following ``training/annotation_guide.md``.  ``--annotations DIR`` merges
  their raw ``packet_*.tsv`` files into it (validated: known keys and codes, values in range).
* ``training/situation_prototypes.tsv``: example messages per situation, read here by the shipped
  model exactly as the app reads a user's text (``EmotionModel.read``), so both sides of the
  comparison come from the same encoder.

Familiarity comes from the catalog's own chart history (months on the Melon monthly chart, best rank).
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
from pathlib import Path

import numpy as np

from desktop.catalog import write_situations
from desktop.emotion_model import EmotionModel
from desktop.recommend import EMOTION_VALENCE
from desktop.situations import CODES, INDEX

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "song_situations.tsv"
PROTOTYPES = HERE / "situation_prototypes.tsv"
POSITION_WEIGHTS = (1.0, 0.7, 0.5)  # the first code is what the song is most about


def merge(folder: Path, keys: list[str]) -> dict:
    """Raw annotator files -> ``song_situations.tsv`` in catalog order; returns counts of what was kept."""
    known = set(keys)
    got: dict[str, tuple[str, int, int]] = {}
    rejected = 0
    for f in sorted(folder.glob("packet_*.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) != 4 or parts[0] not in known:
                rejected += bool(line.strip())
                continue
            codes = [c for c in parts[1].split(",") if c in INDEX][:3]
            try:
                valence, energy = int(parts[2]), int(parts[3])
            except ValueError:
                rejected += 1
                continue
            if not codes or not -2 <= valence <= 2 or not 1 <= energy <= 3:
                rejected += 1
                continue
            got[parts[0]] = (",".join(dict.fromkeys(codes)), valence, energy)
    with open(ANNOTATIONS, "w", encoding="utf-8") as out:
        out.write("song_key\tsituations\tvalence\tenergy\n")
        for k in keys:
            if k in got:
                out.write(f"{k}\t{got[k][0]}\t{got[k][1]}\t{got[k][2]}\n")
    return {"annotated": len(got), "songs": len(keys), "rejected_lines": rejected}


def read_annotations(path: Path = ANNOTATIONS) -> dict[str, tuple[list[str], int]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        key, codes, valence, _energy = line.split("\t")
        out[key] = (codes.split(","), int(valence))
    return out


def read_prototypes(path: Path = PROTOTYPES) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, text = line.split("\t", 1)
        if code not in INDEX:
            raise SystemExit(f"unknown situation code {code!r} in {path}")
        rows.append((code, text.strip()))
    return rows


def familiarity(chart_months: np.ndarray, best_rank: np.ndarray) -> np.ndarray:
    """0-1: mostly how long a song stayed on the monthly chart, partly how high it got."""
    months = np.log1p(chart_months) / math.log1p(max(1, int(chart_months.max())))
    height = np.where(best_rank > 0, 1 - (np.clip(best_rank, 1, 100) - 1) / 100, 0.0)
    return np.clip(0.75 * months + 0.25 * height * (chart_months > 0), 0, 1).astype(np.float32)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog.db")
    ap.add_argument("--annotations", type=Path, help="folder of raw annotator files to merge first")
    args = ap.parse_args(argv)
    con = sqlite3.connect(f"file:{args.catalog}?mode=ro", uri=True)
    rows = con.execute("SELECT song_key, chart_months, COALESCE(best_rank, 0) FROM songs ORDER BY id").fetchall()
    emotion = con.execute("SELECT data FROM song_arrays WHERE name = 'emotion'").fetchone()[0]
    con.close()
    keys = [r[0] for r in rows]
    report: dict = {}
    if args.annotations:
        report["merge"] = merge(args.annotations, keys)
    notes = read_annotations()
    probs = np.frombuffer(emotion, dtype="<f4").reshape(len(keys), 7)
    weights = np.zeros((len(keys), len(CODES)), dtype=np.float32)
    valence = (probs @ EMOTION_VALENCE).astype(np.float32)  # a song nobody annotated: the tone of its lyrics' emotions
    for i, k in enumerate(keys):
        if k in notes:
            codes, v = notes[k]
            for pos, c in enumerate(codes[:3]):
                weights[i, INDEX[c]] = POSITION_WEIGHTS[pos]
            valence[i] = v / 2
    fam = familiarity(np.array([r[1] for r in rows], dtype=np.float64),
                      np.array([r[2] for r in rows], dtype=np.float64))
    protos = read_prototypes()
    model = EmotionModel(ROOT / "model", threads=2)
    vectors = []
    for _code, text in protos:
        _, vec = model.read(text)
        if vec is None:
            raise SystemExit(f"an example text has no words to read: {text!r}")
        vectors.append(vec)
    vecs = np.asarray(vectors, dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    owner = np.array([INDEX[c] for c, _ in protos], dtype=np.int16)
    write_situations(args.catalog, weights, np.clip(valence, -1, 1), fam, vecs, owner, CODES)
    report.update({"songs": len(keys), "annotated": sum(k in notes for k in keys), "prototypes": len(protos),
                   "situations": len(CODES), "familiar_songs": int((fam > 0).sum()),
                   "per_situation_songs": {c: int((weights[:, j] > 0).sum()) for j, c in enumerate(CODES)}})
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
