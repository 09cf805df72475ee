"""Packets for the offline situation annotation of the catalog (``training/song_situations.py``).

Each packet lists catalog songs with a short lyric excerpt (the opening lines, the most repeated
line, a few from the middle) so an annotator can say what the *whole* song is about.  Lyrics
are copyrighted: packets are written outside the repository (``--out``, e.g. /tmp) and never
committed; only the annotations (codes and tone, no lyrics) are.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections import Counter
from pathlib import Path

from training.build_catalog import ROOT, SONGS, load_songs

EXCERPT_CHARS = 260


def excerpt(lines: list[str], limit: int = EXCERPT_CHARS) -> str:
    """Opening lines, the chorus (most repeated line) and the middle, as one ' / '-joined line."""
    lines = [ln.replace("\t", " ").strip() for ln in lines if ln.strip()]
    unique = list(dict.fromkeys(lines))
    picks: list[str] = unique[:5]
    repeated = [ln for ln, n in Counter(lines).most_common(3) if n > 1 and ln not in picks]
    picks += repeated[:2]
    mid = len(unique) // 2
    picks += [ln for ln in unique[mid:mid + 3] if ln not in picks]
    out = ""
    for ln in picks:
        if len(out) + len(ln) + 3 > limit:
            break
        out = f"{out} / {ln}" if out else ln
    return out


def catalog_songs(catalog: Path) -> list[tuple[str, str, str, int | None, str]]:
    con = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        return list(con.execute("SELECT song_key, title, artist, year, genre FROM songs ORDER BY id"))
    finally:
        con.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder outside the repository")
    ap.add_argument("--packets", type=int, default=12)
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog.db")
    args = ap.parse_args(argv)
    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    lines_of = {s["song_key"]: s["lines"] for s in songs}
    rows = catalog_songs(args.catalog)
    args.out.mkdir(parents=True, exist_ok=True)
    size = -(-len(rows) // args.packets)
    missing = 0
    for p in range(args.packets):
        with open(args.out / f"packet_{p:02d}.tsv", "w", encoding="utf-8") as f:
            f.write("key\ttitle\tartist\tyear\tgenre\tlyrics\n")
            for key, title, artist, year, genre in rows[p * size:(p + 1) * size]:
                lines = lines_of.get(key)
                missing += lines is None
                text = excerpt(lines) if lines else ""
                clean = [str(x or "").replace("\t", " ").replace("\n", " ") for x in (key, title, artist, year, genre)]
                f.write("\t".join(clean + [text]) + "\n")
    print(f"{len(rows)} songs in {args.packets} packets of <= {size}; {missing} without lyrics found")


if __name__ == "__main__":
    main()
