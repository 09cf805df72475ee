"""Curated songs for everyday scenarios: the offline half of the catalog's scenario layer.

    python -m training.scenario_curation packets --scenarios a.json b.json --out /tmp/cur --curators 8
    python -m training.scenario_curation collect --packets /tmp/cur /tmp/cur2 --scenarios a.json b.json

Why: listeners press play on songs *about* their moment, in its tone, and a human curator picking
from this catalog finds 8 of 10 that fit where the ranking finds 4 (docs/BENCHMARKS.md, "The
curator ceiling").  The ranking reads a text's situation well enough (its first situation is an
acceptable one for about 70 % of new messages) but ranks poorly *within* a situation: songs about
money are flex rap and struggle songs alike, songs about family are a child's thanks and a parent's
pride alike.  So scenarios (a moment with a perspective and a tone: "a friend's wedding, as a
guest", "broke before payday") are written with example messages each, and curators pick the
catalog songs that fit each one; at run time a text near a scenario's examples brings its picks up
(``desktop.library.catalog.ScenarioLayer``).

Scenario files (``training/scenarios/*.json``) hold the scenarios: id, names, tone, situation codes,
eight example messages and the curator's brief.  The writers never saw the listener panel's
messages (``benchmarks/data/listener_dev.tsv``); those are how the layer is judged.

``packets`` gives each curator a share of the scenarios, each with a shortlist of candidates (what
the ranking already lists for the example messages, and songs annotated with the scenario's
situations, most familiar first), and a searchable index of the whole catalog (titles, artists,
situations; excerpts in a separate file), all written outside the repository (lyrics are
copyrighted and never committed).  ``collect`` validates the curators' picks (known keys, one
version of a song; at least 5 per scenario, the first 15 kept) into ``training/scenario_picks.json``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from training.build_catalog import ROOT

PICKS = ROOT / "training" / "scenario_picks.json"
SITUATIONS_TSV = ROOT / "training" / "song_situations.tsv"
SHORTLIST_RANKED = 45  # candidates from the ranking's lists for the example messages
SHORTLIST_TAGGED = 35  # candidates annotated with the scenario's situations
PER_MESSAGE = 60  # how deep each example message's list is read
MIN_PICKS, MAX_PICKS = 5, 15
EXCERPT_CHARS = 80

CURATOR_BRIEF = """\
You are a music curator for Korean listeners. For each scenario below (a moment in someone's day,
with example messages they might post and a short brief), pick the 10-15 songs from this catalog
that the person would most want to press play on right now, best first. A song fits only if what
the WHOLE song is about and its mood suit the moment and the person's perspective (a parent proud of
a child is not a child thanking a parent; a guest at a friend's wedding is not the couple; a card
bill is not a flex). A shared word with another meaning or the opposite feeling does not count, and a
generic love song does not fit a moment that has nothing to do with love. Songs listeners would
recognise are a plus, never a reason on their own. Prefer variety (not one artist three times, one
version of a song).

Each scenario comes with a shortlist of candidates (key | title - artist (year, genre) | situations
| excerpt). You may and should also pick songs that are not on the shortlist: search the whole
catalog in the index file named below (tab-separated: key, title, artist, year, genre, situations,
tone -2..2) with grep, and read a song's excerpt in the excerpts file (key, excerpt). Use what you
know of the songs too. Never invent a key: every key you write must be in the index.

Write one JSON object to the output file named in the packet: {"<scenario id>": ["<key>", ...], ...}
with 10-15 keys per scenario, best first (at least 5 where the catalog truly has no more).
Validate it with python3 before you finish (json.load, keys in the index).
"""


def read_scenarios(paths: list[Path]) -> list[dict]:
    """Scenarios from the writers' files, checked: unique ids, known codes, 4+ messages."""
    from desktop.library.situations import CODES

    out: list[dict] = []
    seen: set[str] = set()
    for path in paths:
        for s in json.loads(path.read_text(encoding="utf-8")):
            sid = str(s["id"])
            if sid in seen:
                raise SystemExit(f"{path}: scenario {sid} twice")
            seen.add(sid)
            codes = [c for c in s.get("codes", []) if c in CODES]
            messages = [str(m).strip() for m in s.get("messages", []) if str(m).strip()]
            if not codes or len(messages) < 4:
                raise SystemExit(f"{path}: scenario {sid} needs known codes and 4+ messages")
            out.append(
                {
                    "id": sid,
                    "title_ko": str(s["title_ko"]),
                    "title_en": str(s["title_en"]),
                    "valence": max(-2, min(2, int(s["valence"]))),
                    "codes": codes,
                    "messages": messages,
                    "brief": str(s.get("brief", "")),
                }
            )
    return out


def _song_situations() -> dict[str, tuple[list[str], int]]:
    rows: dict[str, tuple[list[str], int]] = {}
    for line in SITUATIONS_TSV.read_text(encoding="utf-8").splitlines()[1:]:
        key, codes, valence, _energy = line.split("\t")
        rows[key] = (codes.split(","), int(valence))
    return rows


def shortlists(scenarios: list[dict]) -> dict[str, list[str]]:
    """Per scenario: the songs the ranking lists for its example messages (reciprocal ranks summed)
    and songs annotated with its situations (first situation first, then the closest tone and the
    most familiar), without duplicates."""
    from desktop.service import Moodtune

    service = Moodtune.load(with_store=False)
    familiarity = dict(zip(service.catalog.songs.keys, service.catalog.situations.familiarity.tolist()))
    tags = _song_situations()
    out: dict[str, list[str]] = {}
    for s in scenarios:
        votes: dict[str, float] = defaultdict(float)
        for text in s["messages"]:
            recs = service.recommend(service.analyze(text), top=PER_MESSAGE)
            for r in recs:
                votes[r.song.key] += 1.0 / (10 + r.rank)
        ranked = sorted(votes, key=lambda k: -votes[k])[:SHORTLIST_RANKED]
        wanted, tone = set(s["codes"]), s["valence"]

        def tagged_order(key: str, wanted: set[str] = wanted, tone: int = tone) -> tuple[float, ...]:
            codes, valence = tags[key]
            return (-float(codes[0] in wanted), abs(valence - tone), -familiarity.get(key, 0.0))

        tagged = sorted((k for k, (codes, _) in tags.items() if wanted & set(codes)), key=tagged_order)
        taken = set(ranked)
        out[s["id"]] = ranked + [k for k in tagged if k not in taken][:SHORTLIST_TAGGED]
    return out


def make_packets(scenarios: list[dict], out: Path, curators: int, seed: int) -> None:
    from benchmarks.listener_panel import _songs_by_key

    songs = _songs_by_key()
    tags = _song_situations()
    out.mkdir(parents=True, exist_ok=True)
    (out / "picked").mkdir(exist_ok=True)
    index, excerpts = out / "catalog_index.tsv", out / "excerpts.tsv"
    with index.open("w", encoding="utf-8") as f:
        for k, s in songs.items():
            codes, valence = tags.get(k, ([], 0))
            fields = [k, s["title"], s["artist"], s["year"] or "", s["genre"] or "", ",".join(codes), valence]
            f.write("\t".join(map(str, fields)) + "\n")
    from training.annotation_packets import excerpt
    from training.build_catalog import SONGS, load_songs

    lines = {s["song_key"]: s["lines"] for s in load_songs(SONGS, with_genre_crawls=True)[0]}
    with excerpts.open("w", encoding="utf-8") as f:
        for k in songs:
            f.write(f"{k}\t{excerpt(lines.get(k, []), 400)}\n")
    lists = shortlists(scenarios)
    rng = random.Random(seed)
    order = list(scenarios)
    rng.shuffle(order)
    for c in range(curators):
        name = f"curator_{c:02d}"
        parts = [
            CURATOR_BRIEF,
            f"Index file: {index}\nExcerpts file: {excerpts}\nOutput file: {out / 'picked'}/{name}.json\n",
        ]
        for s in order[c::curators]:
            parts.append(f"\n## Scenario {s['id']}: {s['title_ko']} ({s['title_en']}), tone {s['valence']:+d}")
            parts.append("Example messages: " + " / ".join(s["messages"]))
            parts.append(f"Brief: {s['brief']}")
            parts.append("Shortlist:")
            cand = list(lists[s["id"]])
            rng.shuffle(cand)  # the ranking's order is not a hint
            for k in cand:
                m = songs[k]
                codes, valence = tags.get(k, ([], 0))
                parts.append(
                    f"  {k} | {m['title']} - {m['artist']} ({m['year'] or '?'}, {m['genre'] or '?'})"
                    f" | {','.join(codes)} {valence:+d} | {m['excerpt'][:EXCERPT_CHARS]}"
                )
        (out / f"{name}.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"{len(scenarios)} scenarios for {curators} curators -> {out}")


def collect(packets: list[Path], scenarios: list[dict], out: Path = PICKS) -> dict[str, list[str]]:
    """The curators' picks, validated: known keys, one version of a song, MIN..MAX per scenario."""
    from benchmarks.listener_panel import _songs_by_key
    from desktop.engine.recommend import title_key

    songs = _songs_by_key()
    ids = {s["id"] for s in scenarios}
    picks: dict[str, list[str]] = {}
    for f in sorted(f for folder in packets for f in (folder / "picked").glob("*.json")):
        for sid, keys in json.loads(f.read_text(encoding="utf-8")).items():
            if sid not in ids:
                print(f"{f.name}: unknown scenario {sid}, skipped")
                continue
            kept, titles = [], set()
            for k in map(str, keys):
                if k not in songs:
                    print(f"{f.name}: {sid}: unknown key {k}, dropped")
                    continue
                t = title_key(songs[k]["title"])
                if t not in titles:
                    titles.add(t)
                    kept.append(k)
            if len(kept) < MIN_PICKS:
                print(f"{f.name}: {sid}: only {len(kept)} picks, skipped")
                continue
            picks[sid] = kept[:MAX_PICKS]
    missing = sorted(ids - picks.keys())
    out.write_text(json.dumps(picks, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(picks)} scenarios with picks ({sum(map(len, picks.values()))} songs) -> {out}; missing: {missing}")
    return picks


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("packets")
    p.add_argument("--scenarios", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True, help="a folder outside the repository")
    p.add_argument("--curators", type=int, default=8)
    p.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("collect")
    c.add_argument("--packets", type=Path, nargs="+", required=True, help="every round's packet folder")
    c.add_argument("--scenarios", type=Path, nargs="+", required=True)
    c.add_argument("--out", type=Path, default=PICKS)
    args = ap.parse_args(argv)
    scenarios = read_scenarios(args.scenarios)
    if args.cmd == "packets":
        make_packets(scenarios, args.out, args.curators, args.seed)
    else:
        collect(args.packets, scenarios, args.out)


if __name__ == "__main__":
    main()
