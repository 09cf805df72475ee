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
    picks += [ln for ln in unique[mid : mid + 3] if ln not in picks]
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
    ap.add_argument("--second-pass", action="store_true", help="candidates for the situations added later")
    ap.add_argument(
        "--messages",
        action="store_true",
        help="packets for writing listener messages per song (most familiar songs first)",
    )
    args = ap.parse_args(argv)
    if args.second_pass:
        second_pass(args.out, args.catalog)
        return
    if args.messages:
        message_packets(args.out, args.catalog)
        return
    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    lines_of = {s["song_key"]: s["lines"] for s in songs}
    rows = catalog_songs(args.catalog)
    args.out.mkdir(parents=True, exist_ok=True)
    size = -(-len(rows) // args.packets)
    missing = 0
    for p in range(args.packets):
        with open(args.out / f"packet_{p:02d}.tsv", "w", encoding="utf-8") as f:
            f.write("key\ttitle\tartist\tyear\tgenre\tlyrics\n")
            for key, title, artist, year, genre in rows[p * size : (p + 1) * size]:
                lines = lines_of.get(key)
                missing += lines is None
                text = excerpt(lines) if lines else ""
                clean = [str(x or "").replace("\t", " ").replace("\n", " ") for x in (key, title, artist, year, genre)]
                f.write("\t".join(clean + [text]) + "\n")
    print(f"{len(rows)} songs in {args.packets} packets of <= {size}; {missing} without lyrics found")


# Second pass (situations added after the first listener panel): songs whose title or lyrics use a
# situation's words are candidates, and annotators say which of the new situations each is about.
SECOND_PASS = {
    "food": r"치킨|라면|떡볶이|피자|햄버거|짜장|삼겹살|고기|야식|배달|배고|맛있|밥 먹|밥을|먹고|먹어|먹자|김치|국밥"
    r"|커피|빵",
    "health": r"병원|아파|아프|다이어트|운동|헬스|살 빼|건강|감기|수술|입원|약을|몸이|담배|마라톤|달리",
    "boredom": r"심심|지루|할 일이 없|뒹굴|빈둥|멍하니|똑같은 하루|무료해|집에만|하루 종일",
    "gratitude": r"고마워|고맙|감사|덕분에",
    "small_joy": r"소확행|작은 행복|소소|기분 좋|산책|햇살|바람이 좋|커피 한 잔|오늘 하루",
}


def second_pass(out: Path, catalog: Path, per_packet: int = 450) -> None:
    import re

    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    lines_of = {s["song_key"]: s["lines"] for s in songs}
    patterns = {code: re.compile(p) for code, p in SECOND_PASS.items()}
    rows = []
    for key, title, artist, year, genre in catalog_songs(catalog):
        lines = lines_of.get(key, [])
        text = title + "\n" + "\n".join(lines)
        hits = {code: len(p.findall(text)) for code, p in patterns.items()}
        hits = {c: n for c, n in hits.items() if n >= 2 or patterns[c].search(title)}
        if not hits:
            continue
        matching = [ln for ln in dict.fromkeys(lines) if any(patterns[c].search(ln) for c in hits)][:4]
        excerpt_text = excerpt(lines, 180) + " // " + " / ".join(matching)
        clean = [str(x or "").replace("\t", " ").replace("\n", " ") for x in (key, title, artist, year, genre)]
        rows.append("\t".join(clean + [",".join(sorted(hits)), excerpt_text[:420]]))
    out.mkdir(parents=True, exist_ok=True)
    for p in range(0, len(rows), per_packet):
        with open(out / f"second_{p // per_packet:02d}.tsv", "w", encoding="utf-8") as f:
            f.write("key\ttitle\tartist\tyear\tgenre\twords_of\tlyrics\n" + "\n".join(rows[p : p + per_packet]) + "\n")
    print(f"{len(rows)} candidate songs in {-(-len(rows) // per_packet)} packets")


MESSAGE_EXCERPT_CHARS = 360


def message_packets(out: Path, catalog: Path, per_packet: int = 150) -> None:
    """Packets for the listener-message pass (``training/song_messages.tsv``): per song, writers imagine
    the people who would press play on it and write the status messages they would post.  Songs go
    most familiar first (chart months, best rank), so the songs listeners recognise are covered first
    if the pass is cut short.  Each row carries the song's annotated situations and tone as a hint."""
    from desktop.library.situations import by_code

    songs, _ = load_songs(SONGS, with_genre_crawls=True)
    lines_of = {s["song_key"]: s["lines"] for s in songs}
    notes: dict[str, tuple[str, str]] = {}
    ann = Path(__file__).resolve().parent / "song_situations.tsv"
    for line in ann.read_text(encoding="utf-8").splitlines()[1:]:
        key, codes, valence, _energy = line.split("\t")
        notes[key] = (", ".join(by_code(c).ko for c in codes.split(",")), valence)
    con = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        rows = list(
            con.execute(
                "SELECT song_key, title, artist, year, genre FROM songs "
                "ORDER BY chart_months DESC, COALESCE(best_rank, 999), id"
            )
        )
    finally:
        con.close()
    out.mkdir(parents=True, exist_ok=True)
    for p in range(0, len(rows), per_packet):
        with open(out / f"msg_{p // per_packet:02d}.tsv", "w", encoding="utf-8") as f:
            f.write("key\ttitle\tartist\tyear\tgenre\tabout\ttone\tlyrics\n")
            for key, title, artist, year, genre in rows[p : p + per_packet]:
                lines = lines_of.get(key)
                about, tone = notes.get(key, ("", ""))
                text = excerpt(lines, MESSAGE_EXCERPT_CHARS) if lines else ""
                clean = [
                    str(x or "").replace("\t", " ").replace("\n", " ")
                    for x in (key, title, artist, year, genre, about, tone)
                ]
                f.write("\t".join(clean + [text]) + "\n")
    print(f"{len(rows)} songs in {-(-len(rows) // per_packet)} packets of <= {per_packet}")


if __name__ == "__main__":
    main()
