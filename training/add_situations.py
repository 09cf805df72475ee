"""Add the situation layer to ``catalog.db``: what each song is about, its tone, how familiar it is,
and the example texts a user's message is compared with (see ``desktop.library.situations``).

    python -m training.add_situations [--annotations DIR] [--catalog catalog.db]

Inputs, all committed (none holds lyrics):

* ``training/song_situations.tsv``: per song key, 1-3 situation codes (most central first), valence
  -2..2 and energy 1..3.  Made once by an annotation pass over the catalog: annotators read each
  song's title, artist and a lyric excerpt (``training/annotation_packets.py``) and said what the
  whole song is about, following ``training/annotation_guide.md``.  ``--annotations DIR`` merges
  their raw ``packet_*.tsv`` files into it (validated: known keys and codes, values in range).
  ``--second-pass DIR`` folds in a later pass that asked only about situations added after the
  first listener panel (food, health, boredom, gratitude, small joys), put to the songs whose
  words suggest them (``annotation_packets --second-pass``).
* ``training/situation_prototypes.tsv``: example messages per situation, read here by the shipped
  model exactly as the app reads a user's text (``EmotionModel.read``), so both sides of the
  comparison come from the same encoder.
* ``training/song_messages.tsv``: per song key, up to 3 status messages a listener might post at a
  moment this song answers (writers read title, artist and a lyric excerpt from
  ``annotation_packets --messages`` and wrote about the listener's life, in the song's tone; never
  lyrics).  A user's text is compared with these messages text to text, which is what the encoder
  does best, instead of with the song's words.  ``--messages DIR`` merges the writers' raw
  ``msg_*.tsv`` files into it (validated: known keys, short plain lines); ``--scrub-messages``
  drops any message that quotes its song's lyrics.

Familiarity comes from the catalog's own chart history (months on the Melon monthly chart, best rank).
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
from pathlib import Path

import numpy as np

from desktop.engine.emotion_model import EmotionModel
from desktop.engine.recommend import EMOTION_VALENCE
from desktop.library.catalog import write_situations
from desktop.library.situations import CODES, INDEX
from desktop.profile.feedback_export import write_atomic

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "song_situations.tsv"
PROTOTYPES = HERE / "situation_prototypes.tsv"
MESSAGES = HERE / "song_messages.tsv"
MESSAGE_CACHE = HERE / "cache" / "message_vectors.npz"  # vectors of messages already read (re-runs are quick)
MAX_MESSAGES_PER_SONG = 3
MESSAGE_CHARS = (4, 80)
# A message that repeats the song's own words is a lyric quote (not ours to commit) and a word match
# (what listeners punish): one that equals a lyric line or shares this many letters in a row with
# the lyrics (spaces and punctuation ignored) is dropped.
ECHO_LETTERS = 10
POSITION_WEIGHTS = (1.0, 0.7, 0.5, 0.5)  # the first code is what the song is most about
MAX_CODES = len(POSITION_WEIGHTS)
HUB_CAP = 0.008  # reference lists one song may sit in: below the 2 % bar on unseen texts
HUB_ROUNDS = 12  # situations concentrate lists more than topics did: more rounds to bring every song under the cap


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
            codes = [c for c in parts[1].split(",") if c in INDEX][:MAX_CODES]
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


def merge_second_pass(folder: Path) -> dict:
    """Fold a second pass (situations added later, asked only of candidate songs) into
    ``song_situations.tsv``: a song's central new situation goes first, other new ones second."""
    known = read_annotations()
    lines = ANNOTATIONS.read_text(encoding="utf-8").splitlines()
    rows = {ln.split("\t")[0]: ln.split("\t") for ln in lines[1:]}
    changed = rejected = 0
    for f in sorted(folder.glob("second_*.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) != 3 or parts[0] not in known:
                rejected += bool(line.strip())
                continue
            new = [c for c in parts[1].split(",") if c in INDEX]
            main = parts[2] if parts[2] in new else None
            if not new:
                continue
            old = rows[parts[0]][1].split(",")
            rest = [c for c in new if c != main]
            codes = ([main] if main else []) + old[:1] + rest + old[1:]
            rows[parts[0]][1] = ",".join(list(dict.fromkeys(codes))[:MAX_CODES])
            changed += 1
    with open(ANNOTATIONS, "w", encoding="utf-8") as out:
        out.write(lines[0] + "\n" + "\n".join("\t".join(rows[ln.split("\t")[0]]) for ln in lines[1:]) + "\n")
    return {"songs_given_new_situations": changed, "rejected_lines": rejected}


def merge_messages(folder: Path, keys: list[str]) -> dict:
    """Writers' raw ``msg_*.tsv`` files -> ``song_messages.tsv`` in catalog order (one line per song:
    key and up to MAX_MESSAGES_PER_SONG messages); returns counts of what was kept."""
    import unicodedata

    known = set(keys)
    got: dict[str, list[str]] = {}
    rejected = 0
    for f in sorted(folder.glob("msg_*.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) < 2 or parts[0] not in known:
                rejected += bool(line.strip())
                continue
            msgs = [
                m
                for m in parts[1:]
                if MESSAGE_CHARS[0] <= len(m) <= MESSAGE_CHARS[1]
                and not any(unicodedata.category(c)[0] == "C" for c in m)
            ]
            rejected += len(parts) - 1 - len(msgs)
            if msgs:
                got[parts[0]] = list(dict.fromkeys(msgs))[:MAX_MESSAGES_PER_SONG]
    with open(MESSAGES, "w", encoding="utf-8") as out:
        out.write("song_key\tmessages\n")
        for k in keys:
            if k in got:
                out.write(k + "\t" + "\t".join(got[k]) + "\n")
    return {"songs_with_messages": len(got), "messages": sum(map(len, got.values())), "rejected": rejected}


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def echoes_lyrics(message: str, lyric_lines: list[str], run: int = ECHO_LETTERS) -> bool:
    """Whether ``message`` quotes the lyrics: equal to a line, or ``run`` letters in a row shared."""
    m = _letters(message)
    if not m:
        return False
    if m in {_letters(x) for x in lyric_lines}:
        return True
    body = _letters("".join(lyric_lines))
    return len(m) >= run and any(m[i : i + run] in body for i in range(len(m) - run + 1))


def scrub_messages(lyrics: dict[str, list[str]], path: Path = MESSAGES) -> dict:
    """Drop the messages of ``path`` that quote their own song's lyrics (``echoes_lyrics``), in place.

    Lyrics come from ``../shared`` in memory; the file keeps only the writers' own lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept_lines, dropped, emptied = [lines[0]], 0, 0
    for line in lines[1:]:
        key, *msgs = line.split("\t")
        keep = [m for m in msgs if m and not echoes_lyrics(m, lyrics.get(key, []))]
        dropped += len([m for m in msgs if m]) - len(keep)
        if keep:
            kept_lines.append("\t".join([key, *keep]))
        else:
            emptied += 1
    write_atomic(path, ("\n".join(kept_lines) + "\n").encode("utf-8"))
    return {"dropped_quotes": dropped, "songs_left_without_messages": emptied}


def read_messages(path: Path = MESSAGES) -> list[tuple[str, str]]:
    """(song key, message) pairs, in file order."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        key, *msgs = line.split("\t")
        out += [(key, m) for m in msgs if m]
    return out


def message_vectors(model: EmotionModel, texts: list[str], cache: Path = MESSAGE_CACHE) -> np.ndarray:
    """Query vectors of ``texts`` as the app reads a user's text, re-reading only texts not in the cache."""
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            known = dict(zip(z["texts"].tolist(), z["vectors"]))
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    for start in range(0, len(todo), 512):
        chunk = todo[start : start + 512]
        _, vecs = model.read_batch(chunk)
        known.update(zip(chunk, np.asarray(vecs, dtype=np.float32)))
        print(f"messages read: {start + len(chunk)} of {len(todo)}", flush=True)
    if todo:
        cache.parent.mkdir(parents=True, exist_ok=True)
        names = list(known)
        np.savez(cache, texts=np.array(names), vectors=np.stack([known[t] for t in names]))
    return np.stack([known[t] for t in texts]).astype(np.float32)


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


def reference_texts(model: EmotionModel, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Emotions and query vectors of ``n`` AI-Hub training texts (``training/cache/data/train.tsv``, made
    by ``python -m training.prepare_data``), read as the app reads a user's text."""
    from desktop.engine.evaluate import read_labelled_tsv

    texts, _ = read_labelled_tsv(HERE / "cache" / "data" / "train.tsv")
    rng = np.random.default_rng(seed)
    pick = [texts[i] for i in rng.choice(len(texts), size=min(n, len(texts)), replace=False)]
    both = [(p, t) for p, t in (model.read(x) for x in pick) if t is not None]
    return np.stack([p for p, _ in both]), np.stack([t for _, t in both])


def compact_prototypes(
    vectors: np.ndarray, owner: np.ndarray, mean: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """One unit vector per situation whose centred direction is the centroid the ranking computes from
    all that situation's examples (``Recommender``: the mean of the examples centred by the topic
    calibration's ``query_mean``, made unit), so the ranking reads texts as before (to half precision's
    rounding, which the stored vectors carry) while the catalog stores 43 vectors instead of 1,776
    (1.3 MB, which the bundle's size bar needs).

    A vector p = mean + t c of unit length, t > 0, has unit(p - mean) = c: t solves
    |mean|^2 + 2 t (mean . c) + t^2 = 1."""
    v = np.asarray(vectors, dtype=np.float64)
    m = np.zeros(v.shape[1]) if mean is None else np.asarray(mean, dtype=np.float64)
    centred = v - m
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    situations = np.unique(owner)
    out = np.zeros((len(situations), v.shape[1]))
    for i, s in enumerate(situations):
        c = centred[owner == s].sum(axis=0)
        c /= np.linalg.norm(c)
        mc = float(m @ c)
        t = -mc + np.sqrt(mc * mc - float(m @ m) + 1.0)
        out[i] = m + t * c
    return out.astype(np.float32), situations.astype(np.int16)


def compact_catalog(path: Path) -> dict:
    """Rewrite an existing catalog's situation examples as one vector per situation
    (``compact_prototypes``), leaving everything else as it is."""
    from desktop.library.catalog import Catalog as _Catalog

    cat = _Catalog.open(path)
    layer = cat.situations
    if layer is None:
        raise SystemExit(f"{path} has no situation layer")
    mean = cat.topic_calibration().get("query_mean")
    protos, owner = compact_prototypes(layer.prototypes, layer.prototype_situation, mean)
    write_situations(
        path,
        layer.weights,
        layer.valence,
        layer.familiarity,
        protos,
        owner,
        CODES,
        messages=layer.messages,
        message_song=layer.message_song,
    )
    return {"examples": len(layer.prototypes), "stored": len(protos)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog.db")
    ap.add_argument("--annotations", type=Path, help="folder of raw annotator files to merge first")
    ap.add_argument("--second-pass", type=Path, help="folder of second-pass files (second_*.tsv) to merge")
    ap.add_argument("--messages", type=Path, help="folder of the writers' raw msg_*.tsv files to merge first")
    ap.add_argument(
        "--scrub-messages",
        action="store_true",
        help="first drop messages that quote their song's lyrics (reads ../shared in memory)",
    )
    ap.add_argument(
        "--reference-texts", type=int, default=3000, help="training texts the hub penalties are measured on"
    )
    ap.add_argument(
        "--compact-only",
        action="store_true",
        help="only rewrite the catalog's situation examples as one vector per situation (no rebuild)",
    )
    args = ap.parse_args(argv)
    if args.compact_only:
        print(json.dumps(compact_catalog(args.catalog)))
        return
    con = sqlite3.connect(f"file:{args.catalog}?mode=ro", uri=True)
    rows = con.execute("SELECT song_key, chart_months, COALESCE(best_rank, 0) FROM songs ORDER BY id").fetchall()
    emotion = con.execute("SELECT data FROM song_arrays WHERE name = 'emotion'").fetchone()[0]
    con.close()
    keys = [r[0] for r in rows]
    report: dict = {}
    if args.annotations:
        report["merge"] = merge(args.annotations, keys)
    if args.second_pass:
        report["second_pass"] = merge_second_pass(args.second_pass)
    if args.messages:
        report["messages_merge"] = merge_messages(args.messages, keys)
    if args.scrub_messages:
        from training.build_catalog import SONGS, load_songs

        lyrics = {s["song_key"]: s["lines"] for s in load_songs(SONGS, with_genre_crawls=True)[0]}
        report["messages_scrub"] = scrub_messages(lyrics)
    notes = read_annotations()
    probs = np.frombuffer(emotion, dtype="<f4").reshape(len(keys), 7)
    weights = np.zeros((len(keys), len(CODES)), dtype=np.float32)
    valence = (probs @ EMOTION_VALENCE).astype(np.float32)  # a song nobody annotated: the tone of its lyrics' emotions
    for i, k in enumerate(keys):
        if k in notes:
            codes, v = notes[k]
            for pos, c in enumerate(codes[:MAX_CODES]):
                weights[i, INDEX[c]] = POSITION_WEIGHTS[pos]
            valence[i] = v / 2
    fam = familiarity(
        np.array([r[1] for r in rows], dtype=np.float64), np.array([r[2] for r in rows], dtype=np.float64)
    )
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
    row_of = {k: i for i, k in enumerate(keys)}
    pairs = sorted(((row_of[k], m) for k, m in read_messages() if k in row_of), key=lambda x: x[0])
    messages = message_song = None
    if pairs:
        from desktop.library.catalog import Catalog as _Catalog

        mean = _Catalog.open(args.catalog).topic_calibration().get("query_mean")
        m = message_vectors(model, [t for _, t in pairs])
        if mean is not None:  # centred as the ranking centres a user's text
            m = m - np.asarray(mean, dtype=np.float32)
        messages = m / np.linalg.norm(m, axis=1, keepdims=True)
        message_song = np.array([r for r, _ in pairs], dtype=np.int64)
        report["messages"] = {"messages": len(pairs), "songs": int(len(set(message_song.tolist())))}
    layer = dict(messages=messages, message_song=message_song)
    from desktop.library.catalog import Catalog as _Cat

    stored, stored_owner = compact_prototypes(
        vecs, owner, _Cat.open(args.catalog).topic_calibration().get("query_mean")
    )
    write_situations(args.catalog, weights, np.clip(valence, -1, 1), fam, stored, stored_owner, CODES, **layer)
    # Hub penalties for the ranking with the layer: a song that fits many situations' tone (valence 0,
    # a well-known hit) must not sit in every list.  Measured on AI-Hub *training* texts, never the
    # test split or the listener panel's messages.
    from desktop.engine.recommend import Recommender
    from desktop.library.catalog import Catalog
    from training.song_aggregate import hub_penalties

    probs_ref, topics_ref = reference_texts(model, args.reference_texts)
    rec = Recommender.from_catalog(Catalog.open(args.catalog))
    penalty, hub_report = hub_penalties(rec, probs_ref, topics_ref, rounds=HUB_ROUNDS, cap=HUB_CAP)
    write_situations(
        args.catalog, weights, np.clip(valence, -1, 1), fam, vecs, owner, CODES, hub_penalty=penalty, **layer
    )
    report["hub"] = hub_report
    report.update(
        {
            "songs": len(keys),
            "annotated": sum(k in notes for k in keys),
            "prototypes": len(protos),
            "situations": len(CODES),
            "familiar_songs": int((fam > 0).sum()),
            "per_situation_songs": {c: int((weights[:, j] > 0).sum()) for j, c in enumerate(CODES)},
        }
    )
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
