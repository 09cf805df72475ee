"""The listener panel: do people find songs in our lists that fit their message?

    python -m benchmarks.listener_panel lists --out today.json [--code DIR] [--mode match]
    python -m benchmarks.listener_panel packets --lists today.json new.json --out DIR [--seed N]
    python -m benchmarks.listener_panel score --packets DIR [--write]
    python -m benchmarks.listener_panel checks [--code DIR] [--test-texts N]
    python -m benchmarks.listener_panel order [--code DIR]
    python -m benchmarks.listener_panel recall --picks curator.json --lists a50.json b50.json --names a b

Why: keyword hit rates reward the failure listeners punish (a "시험" line in a song about something
else).  The instrument is people, or independent reviewers briefed as strict Korean listeners:

* ``lists`` ranks every message of ``benchmarks/data/listener_dev.tsv`` (top 10, no profile) with
  the code in ``--code`` (default: this checkout; another checkout's path gives "today's" ranking
  from the same messages) and writes ``{id: [song_key, ...]}``.
* ``packets`` makes blind packets: per message two systems' lists, shuffled as A/B by a seeded coin
  (the key stays in ``DIR.key.json``, outside the folder judges read), each song with title, artist,
  year, genre and a short lyric excerpt read from ``../shared`` in memory.  Packets are written
  outside the repository (lyrics are copyrighted and never committed) with ``JUDGE_BRIEF``.
* ``score`` reads the judges' JSON (``DIR/judged/*.json``), unblinds it and prints per system and
  split (tune / held): songs that fit of 10, satisfaction /100, verdicts, preference, and the two
  judges' agreement.  ``--write ROUND`` stores the aggregate under that name in
  ``benchmarks/data/listener_panel.json``.
* ``recall``: the share of a curator's picks (10 per message, chosen from the whole catalog) that
  each system's top-10 and top-50 hold.
* ``known``: a cheap proxy between panel rounds, never a substitute for one: every song that judges
  already saw for a message (all rounds in ``benchmarks/data/panel/``) carries their verdict (fits or
  not); a new list is scored by the share of its known songs that fit and how many of its songs are
  known.  A list of unseen songs can be better or worse: only a round tells.
* ``order``: a second proxy, for choosing what a round should test: per message, how well the
  ranking's score orders the songs judges already saw (those most judges said fit above the rest),
  as a mean AUC per split (and for the love messages).
* ``checks`` prints the list-shape bars for the code in ``--code`` over the dev messages and the
  topical queries (and, where ``training/cache/data/test.tsv`` exists, that many test-split texts
  for hubness): same-song duplicates (normalised title) per top-10, the most lists one song is
  in, distinct artists per top-10, the songs kept under trivial variants, and the share of
  happy or neutral songs in lift mode for texts read as low.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(__file__).resolve().parent / "data" / "listener_dev.tsv"
RESULTS = Path(__file__).resolve().parent / "data" / "listener_panel.json"
TOP = 10
EXCERPT_CHARS = 130
VERDICTS = ("good", "mixed", "generic", "poor")

JUDGE_BRIEF = """\
You are a strict Korean music listener. Someone typed a short message (a KakaoTalk status or a
diary line) and two apps each answered with 10 songs (List A and List B). For each message, judge
each list as that person would: would they press play on this song right now, given their
situation and their tone? A song fits only if what the whole song is about and its mood suit the
message - a shared word with another meaning or the opposite feeling does not count, and a generic
love song does not fit a message that has nothing to do with love. Use the excerpts and what you
know of the songs. Be strict and consistent; judge A and B independently, then say which you prefer.

Write a JSON array to the output file named in the packet, one object per message:
{"id": "<message id>",
 "A": {"fit": <0-10 songs that fit>, "fitting": [<their numbers 1-10>], "satisfaction": <0-100>,
       "verdict": "good" | "mixed" | "generic" | "poor"},
 "B": { ...the same... },
 "prefer": "A" | "B" | "same",
 "note": "<one short sentence, no lyrics>"}
"""


def read_dev(path: Path = DEV) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            mid, split, situation, text = line.split("\t")
            rows.append({"id": mid, "split": split, "situation": situation, "text": text})
    return rows


def make_lists(out: Path, code: Path | None, mode: str, top: int = TOP) -> None:
    if code is not None:
        sys.path.insert(0, str(code.resolve()))
    from desktop.service import Moodtune  # from --code when given

    service = Moodtune.load(
        with_store=False, catalog_path=(code or ROOT) / "catalog.db", model_dir=(code or ROOT) / "model"
    )
    lists = {}
    for row in read_dev():
        recs = service.recommend(service.analyze(row["text"]), top=top, mode=mode)
        lists[row["id"]] = [r.song.key for r in recs]
    out.write_text(json.dumps(lists, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(lists)} lists from {code or ROOT} -> {out}")


def _songs_by_key() -> dict[str, dict]:
    """Catalog metadata and a lyric excerpt per song key (lyrics from ../shared, in memory)."""
    import sqlite3

    from training.annotation_packets import excerpt
    from training.build_catalog import SONGS, load_songs

    lines = {s["song_key"]: s["lines"] for s in load_songs(SONGS, with_genre_crawls=True)[0]}
    con = sqlite3.connect(f"file:{ROOT / 'catalog.db'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT song_key, title, artist, year, genre FROM songs").fetchall()
    finally:
        con.close()
    return {
        k: {"title": t, "artist": a, "year": y, "genre": g, "excerpt": excerpt(lines.get(k, []), EXCERPT_CHARS)}
        for k, t, a, y, g in rows
    }


def _key_path(packets: Path) -> Path:
    """Which list is whose: beside the packet folder, not in it (judges read only the folder)."""
    return packets.with_name(packets.name + ".key.json")


def make_packets(list_files: list[Path], names: list[str], out: Path, per_packet: int, seed: int) -> None:
    if len(list_files) != 2 or len(names) != 2:
        raise SystemExit("packets compares exactly two systems: --lists A.json B.json --names a b")
    lists = [json.loads(p.read_text(encoding="utf-8")) for p in list_files]
    songs = _songs_by_key()
    dev = [r for r in read_dev() if all(r["id"] in lst for lst in lists)]  # e.g. a curator's subset
    rng = random.Random(seed)
    rng.shuffle(dev)  # packets mix situations and splits
    out.mkdir(parents=True, exist_ok=True)
    (out / "judged").mkdir(exist_ok=True)
    key: dict[str, dict[str, str]] = {}
    for p in range(0, len(dev), per_packet):
        name = f"packet_{p // per_packet:02d}"
        parts = [JUDGE_BRIEF, f"Output file: {out / 'judged'}/{name}.<your judge letter>.json\n"]
        for row in dev[p : p + per_packet]:
            flip = rng.random() < 0.5
            order = [1, 0] if flip else [0, 1]
            key[row["id"]] = {"A": names[order[0]], "B": names[order[1]], "split": row["split"]}
            parts.append(f"\n## Message {row['id']}: {row['text']}")
            for letter, which in zip("AB", order):
                parts.append(f"List {letter}:")
                for n, k in enumerate(lists[which].get(row["id"], []), 1):
                    s = songs.get(k, {"title": k, "artist": "?", "year": "", "genre": "", "excerpt": ""})
                    parts.append(
                        f"  {n}. {s['title']} - {s['artist']} ({s['year'] or '?'}, {s['genre'] or '?'})"
                        f" | {s['excerpt']}"
                    )
        (out / f"{name}.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    _key_path(out).write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(dev)} messages in {-(-len(dev) // per_packet)} packets -> {out}")


def export_judgements(packets: Path, out: Path) -> int:
    """The judges' per-message figures and notes, unblinded (system names instead of A/B): no lyrics."""
    key = json.loads(_key_path(packets).read_text(encoding="utf-8"))
    rows = []
    for f in sorted((packets / "judged").glob("*.json")):
        for j in json.loads(f.read_text(encoding="utf-8")):
            k = key.get(j.get("id"))
            if k is None:
                continue
            rows.append(
                {
                    "id": j["id"],
                    "judge": f.stem,
                    "split": k["split"],
                    **{k[x]: {f2: j[x].get(f2) for f2 in ("fit", "fitting", "satisfaction", "verdict")} for x in "AB"},
                    "preferred": k.get(j.get("prefer"), "same"),
                    "note": j.get("note", ""),
                }
            )
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(rows)


def score(packets: Path, write: str | None) -> dict:
    key = json.loads(_key_path(packets).read_text(encoding="utf-8"))
    by_msg: dict[str, list[dict]] = defaultdict(list)
    for f in sorted((packets / "judged").glob("*.json")):
        for item in json.loads(f.read_text(encoding="utf-8")):
            if item.get("id") in key:
                by_msg[item["id"]].append(item)
    figures: dict[str, dict] = {}
    systems = sorted({v for k in key.values() for v in (k["A"], k["B"])})
    for split in ("tune", "held", "all"):
        ids = [m for m in by_msg if split == "all" or key[m]["split"] == split]
        if not ids:
            continue
        out: dict[str, dict] = {"messages": len(ids), "judgements": sum(len(by_msg[m]) for m in ids)}
        for system in systems:
            fits, sats, verdicts, wins = [], [], dict.fromkeys(VERDICTS, 0), 0.0
            for m in ids:
                letter = "A" if key[m]["A"] == system else "B"
                js = by_msg[m]
                fits.append(mean(float(j[letter]["fit"]) for j in js))
                sats.append(mean(float(j[letter]["satisfaction"]) for j in js))
                for j in js:
                    v = j[letter].get("verdict")
                    if v in verdicts:
                        verdicts[v] += 1 / len(js)
                wins += mean(
                    1.0 if j.get("prefer") == letter else 0.5 if j.get("prefer") == "same" else 0.0 for j in js
                )
            out[system] = {
                "fit_of_10": round(mean(fits), 2),
                "satisfaction": round(mean(sats), 1),
                "verdicts": {v: round(n, 1) for v, n in verdicts.items()},
                "preferred_in": round(wins, 1),
            }
        pairs = [by_msg[m][:2] for m in ids if len(by_msg[m]) >= 2]
        if pairs:
            diffs = [abs(float(a[x]["fit"]) - float(b[x]["fit"])) for a, b in pairs for x in "AB"]
            same_pref = [a.get("prefer") == b.get("prefer") for a, b in pairs]
            out["agreement"] = {
                "pairs": len(pairs),
                "fit_mean_abs_diff": round(mean(diffs), 2),
                "fit_within_2": round(mean(d <= 2 for d in diffs), 2),
                "same_preference": round(mean(same_pref), 2),
            }
        figures[split] = out
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if write:
        stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        stored[write] = figures
        RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return figures


PANEL = Path(__file__).resolve().parent / "data" / "panel"


def known_labels(panel: Path = PANEL) -> dict[tuple[str, str], list[int]]:
    """(message id, song key) -> [judgements that said it fits, judgements that saw it], over every
    stored round (``rN_judgements.json`` with the lists each system gave, ``NAME_lists.json``)."""
    lists: dict[str, dict] = {}
    for f in panel.glob("*_lists.json"):
        lists[f.name.removesuffix("_lists.json")] = json.loads(f.read_text(encoding="utf-8"))
    if (panel / "curator_picks.json").exists():
        lists["curator"] = json.loads((panel / "curator_picks.json").read_text(encoding="utf-8"))
    labels: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for f in sorted(panel.glob("r*_judgements.json")):
        for j in json.loads(f.read_text(encoding="utf-8")):
            for system, got in j.items():
                if system not in lists or not isinstance(got, dict):
                    continue
                fitting = set(got.get("fitting") or [])
                for n, key in enumerate(lists[system].get(j["id"], [])[:TOP], 1):
                    lab = labels[(j["id"], key)]
                    lab[0] += n in fitting
                    lab[1] += 1
    return dict(labels)


def known(list_files: list[Path], names: list[str]) -> dict:
    labels = known_labels()
    split_of = {r["id"]: r["split"] for r in read_dev()}
    out: dict[str, dict] = {}
    for path, name in zip(list_files, names):
        lists = json.loads(path.read_text(encoding="utf-8"))
        for split in ("tune", "held"):
            known_n, fit_sum, lists_n = 0, 0.0, 0
            for mid, keys in lists.items():
                if split_of.get(mid) != split:
                    continue
                lists_n += 1
                for k in keys[:TOP]:
                    if (mid, k) in labels:
                        f, n = labels[(mid, k)]
                        known_n += 1
                        fit_sum += f / n
            out.setdefault(name, {})[split] = {
                "lists": lists_n,
                "known_of_10": round(known_n / max(lists_n, 1), 2),
                "known_fit_share": round(fit_sum / max(known_n, 1), 3),
                "known_fitting_of_10": round(fit_sum / max(lists_n, 1), 2),
            }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return out


def auc(a: list[float], b: list[float]) -> float | None:
    """The chance that a score from ``a`` (songs that fit) beats one from ``b`` (songs that do not),
    ties counting half: the Mann-Whitney form of the ROC AUC; None when either side is empty."""
    if not a or not b:
        return None
    wins = sum((x > y) + 0.5 * (x == y) for x in a for y in b)
    return wins / (len(a) * len(b))


def judged_order(code: Path | None) -> dict:
    """How well the ranking's whole-catalog score orders the songs judges have seen for a message
    (fit by most of their judges above the rest): the mean per-message AUC, per split and for the
    love messages.  Judged songs are songs some system put in a top 10, so this tells apart rankings
    of the same candidates, not whether new candidates would fit: a proxy to choose what a round
    should test, never a substitute for one."""
    if code is not None:
        sys.path.insert(0, str(code.resolve()))
    from desktop.service import Moodtune

    service = Moodtune.load(
        with_store=False, catalog_path=(code or ROOT) / "catalog.db", model_dir=(code or ROOT) / "model"
    )
    labels = known_labels()
    per: dict[str, list[float]] = defaultdict(list)
    for row in read_dev():
        judged = {k: f / n for (m, k), (f, n) in labels.items() if m == row["id"]}
        if not judged:
            continue
        recs = service.recommend(service.analyze(row["text"]), top=len(service.catalog.songs))
        score = {r.song.key: r.score for r in recs}
        fit = [score[k] for k, v in judged.items() if v >= 0.5 and k in score]
        miss = [score[k] for k, v in judged.items() if v < 0.5 and k in score]
        value = auc(fit, miss)
        if value is not None:
            per[row["split"]].append(value)
            if row["situation"].startswith("love"):
                per["love"].append(value)
    out = {name: {"messages": len(v), "mean_auc": round(mean(v), 3)} for name, v in per.items()}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return out


def _same_song(title: str) -> str:
    """The check's own idea of "the same song" (not the ranking's, which it checks): the title without
    bracketed parts, case, spaces and punctuation."""
    import re

    return re.sub(r"[\W_]+", "", re.sub(r"[(\[].*?[)\]]", "", title).lower()) or title


def checks(code: Path | None, test_texts: int) -> dict:
    if code is not None:
        sys.path.insert(0, str(code.resolve()))
    import numpy as np

    from benchmarks.rec_quality import VARIANTS, read_queries
    from desktop.engine.recommend import NEGATIVE
    from desktop.service import Moodtune

    base = code or ROOT
    app = Moodtune.load(with_store=False, catalog_path=base / "catalog.db", model_dir=base / "model")
    texts = [r["text"] for r in read_dev()] + [q["text"] for q in read_queries()]
    test_file = ROOT / "training" / "cache" / "data" / "test.tsv"
    hub_texts = list(texts)
    if test_texts and test_file.exists():
        lines = test_file.read_text(encoding="utf-8").splitlines()[1:]
        hub_texts += [ln.split("\t", 1)[1] for ln in lines[:test_texts]]
    counts: dict[str, int] = defaultdict(int)
    test_counts: dict[str, int] = defaultdict(int)  # the test-split texts alone, as rec_quality's hubness
    dupes, artists = 0, []
    for n, t in enumerate(hub_texts):
        recs = app.recommend(app.analyze(t), top=TOP)
        keys = [_same_song(r.song.title) for r in recs]
        dupes += len(keys) - len(set(keys))
        artists.append(len({r.song.artist for r in recs}))
        for r in recs:
            counts[r.song.key] += 1
            if n >= len(texts):
                test_counts[r.song.key] += 1
    overlaps = []
    for t in texts:
        first = {r.song.key for r in app.recommend(app.analyze(t), top=TOP)}
        for v in VARIANTS:
            overlaps.append(len(first & {r.song.key for r in app.recommend(app.analyze(v(t)), top=TOP)}))
    from desktop.core.labels import LABELS

    low = [a for a in (app.analyze(t) for t in texts) if LABELS[int(a.probs.argmax())] in NEGATIVE]
    bright = {LABELS.index("행복"), LABELS.index("중립")}
    lift = {}
    for mode in ("match", "lift"):
        rows = [[app.catalog.index[r.song.key] for r in app.recommend(a, top=TOP, mode=mode)] for a in low]
        dom = app.catalog.vectors.argmax(1)
        lift[mode] = round(float(np.mean([np.isin(dom[r], list(bright)).mean() for r in rows])), 4)
    top_key = max(counts, key=counts.get)
    out = {
        "texts": len(texts),
        "hub_texts": len(hub_texts),
        "duplicate_titles": dupes,
        "hub_max_share": round(counts[top_key] / len(hub_texts), 4),
        "hub_song": app.catalog.songs[app.catalog.index[top_key]].title,
        "hub_max_share_test_split": round(
            max(test_counts.values(), default=0) / max(1, len(hub_texts) - len(texts)), 4
        ),
        "mean_artists_top10": round(float(np.mean(artists)), 2),
        "variants_keep_of_10": round(float(np.mean(overlaps)), 2),
        "low_texts": len(low),
        "happy_or_neutral_share": lift,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return out


def recall(picks: Path, list_files: list[Path], names: list[str]) -> dict:
    """Share of a curator's picks found in each system's top-50 (lists made with ``lists --top 50``)."""
    chosen = json.loads(picks.read_text(encoding="utf-8"))
    out = {}
    for name, f in zip(names, list_files):
        lists = json.loads(f.read_text(encoding="utf-8"))
        for n in (10, 50):
            hits = [len(set(keys) & set(lists.get(m, [])[:n])) / len(keys) for m, keys in chosen.items() if keys]
            out[f"{name}_recall_at_{n}"] = round(mean(hits), 3)
    out["messages"] = len(chosen)
    print(json.dumps(out, indent=1))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("lists")
    a.add_argument("--out", type=Path, required=True)
    a.add_argument("--code", type=Path, help="another checkout whose desktop/ ranks the messages")
    a.add_argument("--mode", default="match")
    a.add_argument("--top", type=int, default=TOP)
    b = sub.add_parser("packets")
    b.add_argument("--lists", type=Path, nargs=2, required=True)
    b.add_argument("--names", nargs=2, required=True)
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--per-packet", type=int, default=25)
    b.add_argument("--seed", type=int, default=7)
    c = sub.add_parser("score")
    c.add_argument("--packets", type=Path, required=True)
    c.add_argument("--write", metavar="ROUND", help="store the figures under this name in listener_panel.json")
    c.add_argument("--judgements", type=Path, help="also write the unblinded per-message judgements here")
    e = sub.add_parser("recall")
    e.add_argument("--picks", type=Path, required=True, help="a curator's {id: [song_key, ...]}")
    e.add_argument("--lists", type=Path, nargs="+", required=True)
    e.add_argument("--names", nargs="+", required=True)
    d = sub.add_parser("checks")
    d.add_argument("--code", type=Path)
    d.add_argument("--test-texts", type=int, default=2000)
    k = sub.add_parser("known", help="proxy: the share of a list's already-judged songs that fit")
    k.add_argument("--lists", type=Path, nargs="+", required=True)
    k.add_argument("--names", nargs="+", required=True)
    o = sub.add_parser("order", help="proxy: how well the score orders the songs judges have seen")
    o.add_argument("--code", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "order":
        judged_order(args.code)
    elif args.cmd == "recall":
        recall(args.picks, args.lists, args.names)
    elif args.cmd == "checks":
        checks(args.code, args.test_texts)
    elif args.cmd == "lists":
        make_lists(args.out, args.code, args.mode, args.top)
    elif args.cmd == "known":
        known(args.lists, args.names)
    elif args.cmd == "packets":
        make_packets(args.lists, args.names, args.out, args.per_packet, args.seed)
    else:
        score(args.packets, args.write)
        if args.judgements:
            export_judgements(args.packets, args.judgements)


if __name__ == "__main__":
    main()
