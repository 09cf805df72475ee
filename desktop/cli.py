"""``moodtune``: start the window, or analyse / evaluate / recommend / export from a shell.

moodtune                                   the desktop app
moodtune analyze "오늘 너무 행복해" --json
moodtune eval test.tsv --json               (header: label<TAB>text)
moodtune recommend "비 오는 날 우울해" --top 10 --mode lift --json
moodtune export-feedback votes.csv --format csv
moodtune import-feedback votes.csv          (votes already there are skipped)
moodtune library add ~/Music                (your own music; library list, library rescan)
moodtune recommend "비 오는 날 우울해" --library-only
moodtune --self-test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from desktop import __version__
from desktop.core.bootstrap import bootstrap
from desktop.core.errors import MoodtuneError
from desktop.core.labels import LABELS
from desktop.core.languages import LANGUAGES
from desktop.core.threads import parse_threads, resolve_threads
from desktop.engine.modes import CODES as MODE_CODES
from desktop.engine.modes import DEFAULT as DEFAULT_MODE
from desktop.engine.modes import MODES
from desktop.library.links import DEFAULT_SERVICE, SERVICE_CODES, link_service


def _print_json(obj) -> None:
    """``allow_nan=False``: a NaN would make the output invalid JSON; better a clear error."""
    print(json.dumps(obj, ensure_ascii=False, indent=1, allow_nan=False))


def _print_notes(notes: list[str]) -> None:
    """How the text was read (``explain.text_notes``: not Korean, only symbols or ㅋㅋ/ㅠㅠ, cut
    short): on stderr, so the output itself stays the same shape for scripts."""
    for note in notes:
        print(f"moodtune: note: {note}", file=sys.stderr)


def _distribution(probs) -> dict[str, float]:
    return {label: round(float(p), 4) for label, p in zip(LABELS, probs)}


def cmd_analyze(a) -> int:
    from desktop.core.text_input import clean_text, script_of
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.explain import emotion_name, text_notes

    model = EmotionModel(threads=resolve_threads(a.threads))
    probs = model.analyze(a.text)
    label = model.label_of(probs)
    notes = text_notes(script_of(clean_text(a.text)), False, a.lang)
    if a.json:
        _print_json({"label": label, "probabilities": _distribution(probs), "notes": notes})
    else:
        _print_notes(notes)
        print(emotion_name(label, a.lang))
        names = [emotion_name(name, a.lang) for name in LABELS]
        width = max(len(n) for n in names)
        for name, p in zip(names, probs):
            print(f"  {name:<{width}} {p:6.1%} {'█' * round(p * 30)}")
    return 0


def cmd_eval(a) -> int:
    from desktop.engine.emotion_model import EmotionModel
    from desktop.engine.evaluate import evaluate_file

    res = evaluate_file(EmotionModel(threads=resolve_threads(a.threads)), a.file)
    res.pop("confusion")
    if a.json:
        _print_json(res)
    else:
        print(f"n={res['n']} accuracy={res['accuracy']:.4f} macro_f1={res['macro_f1']:.4f}")
        for name, s in res["per_label"].items():
            print(f"  {name} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} n={s['support']}")
    return 0


def cmd_recommend(a) -> int:
    from desktop.core.safe_text import escape_controls
    from desktop.engine.explain import emotion_name, explain, message, text_notes
    from desktop.engine.recommend import Filters
    from desktop.service import Moodtune

    app = Moodtune.load(with_store=not a.no_feedback, threads=a.threads)
    try:
        analysis = app.analyze(a.text)
        filters = Filters(
            genres=frozenset(a.genre or ()),
            year_min=a.year_min,
            year_max=a.year_max,
            exclude_disliked=a.hide_disliked,
            unknown_year=not a.known_year_only,
        )
        recs = app.recommend(analysis, top=a.top, filters=filters, mode=a.mode, library_only=a.library_only)
        if a.library_only and not recs:
            print(
                "moodtune: note: none of your songs can be ranked yet; add them with `moodtune library add "
                "FOLDER` (songs need lyrics or a match in the catalog)",
                file=sys.stderr,
            )
        files = {r.song.key: app.file_of(r.song.key) for r in recs} if a.library_only else {}
        # The playlist points at the user's own files where a song is theirs, with or without
        # --library-only (a catalog song they have as a file plays from the file).
        own_files = app.files_of(r.song.key for r in recs) if a.playlist else {}
    finally:
        app.close()
    probs = analysis.probs
    label = app.model.label_of(probs)
    if a.playlist:
        from desktop.profile.playlist_export import export_playlist

        n = export_playlist(recs, a.playlist, title=f"Moodtune - {analysis.text[:40]}", links=a.link, files=own_files)
        mine = f" ({len(own_files)} of them your files)" if own_files else ""
        print(f"wrote {n} songs to {a.playlist}{mine}", file=sys.stderr)
    notes = text_notes(analysis.script, analysis.truncated, a.lang)
    where = link_service(a.link)
    if a.json:
        _print_json(
            {
                "text": {
                    "label": label,
                    "probabilities": _distribution(probs),
                    "mode": a.mode,
                    "truncated": analysis.truncated,
                    "notes": notes,
                },
                "songs": [
                    {
                        "rank": r.rank,
                        "title": r.song.title,
                        "artist": r.song.artist,
                        "year": r.song.year,
                        "genre": r.song.genre,
                        "match": r.match,
                        "score": round(r.score, 4),
                        "emotion_fit": round(r.emotion_fit, 4),
                        "topic_fit": None if r.topic_fit is None else round(r.topic_fit, 4),
                        "situation": r.situation,
                        "situation_fit": None if r.situation_fit is None else round(r.situation_fit, 4),
                        "tone_fit": None if r.tone_fit is None else round(r.tone_fit, 4),
                        "message_fit": None if r.message_fit is None else round(r.message_fit, 4),
                        "scenario": None if r.scenario is None else r.scenario[0 if a.lang == "ko" else 1],
                        "scenario_fit": None if r.scenario_fit is None else round(r.scenario_fit, 4),
                        "dominant": r.song.dominant,
                        "same_dominant": r.same_dominant,
                        "placed_by": r.main_reason,
                        "why": explain(r, a.lang),
                        "melon_url": r.song.melon_url,
                        "link": where.url(r.song.ref),
                        **({"file": files.get(r.song.key)} if a.library_only else {}),
                    }
                    for r in recs
                ],
            }
        )
    else:
        _print_notes(notes)
        print(
            f"{emotion_name(label, a.lang)}  "
            + "  ".join(f"{emotion_name(k, a.lang)} {v:.0%}" for k, v in _distribution(probs).items())
        )
        for r in recs:
            year = r.song.year or message("year_unknown", a.lang)
            # escaped: catalog text must not reach the terminal as control sequences (D7)
            print(
                escape_controls(
                    f"{r.rank:3d}. {r.song.title} - {r.song.artist} ({year})  "
                    f"{r.match:5.1f}  [{emotion_name(r.song.dominant, a.lang)}] {explain(r, a.lang)}"
                )
            )
    return 0


def cmd_export(a) -> int:
    from desktop.profile.feedback_export import export_feedback
    from desktop.profile.user_store import UserStore

    store = UserStore(read_only=True)  # reads only: never creates a profile, works in a read-only folder
    try:
        n = export_feedback(store, a.path, a.format)
    finally:
        store.close()
    print(f"exported {n} votes to {a.path}")
    return 0


def cmd_import(a) -> int:
    from desktop.profile.feedback_import import read_votes
    from desktop.profile.user_store import UserStore

    votes = read_votes(a.path, a.format)  # checked before the profile is opened (or created)
    store = UserStore()
    try:
        added, present = store.import_votes(votes)
    finally:
        store.close()
    print(f"imported {added} votes from {a.path} ({present} already there)")
    return 0


def _progress(label: str):
    """A progress callback that rewrites one stderr line (a new line when stderr is not a terminal,
    at most every 5 %)."""
    tty = sys.stderr.isatty()
    last = [-1]

    def show(done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        if tty:
            print(f"\r{label}: {done}/{total} ({pct}%)", end="" if done < total else "\n", file=sys.stderr, flush=True)
        elif pct // 5 != last[0] // 5 or done == total:
            print(f"{label}: {done}/{total} ({pct}%)", file=sys.stderr, flush=True)
        last[0] = pct

    return show


def cmd_library(a) -> int:
    from desktop.core.safe_text import escape_controls
    from desktop.library.my_music import REASON_PENDING, REASONS_EN
    from desktop.service import Moodtune

    app = Moodtune.load(threads=a.threads, lazy_models=True)
    try:
        lib = app.my_music
        if a.action == "list":
            tracks = lib.tracks()
            if a.json:
                _print_json(
                    {
                        "folders": [str(f) for f in lib.folders()],
                        "songs": [
                            {
                                "path": t.path,
                                "title": t.title,
                                "artist": t.artist,
                                "album": t.album,
                                "year": t.year,
                                "lyrics": t.lyrics_source or None,
                                "catalog_song": t.catalog_key,
                                "ranked": not t.reason,
                                "reason": t.reason or None,
                            }
                            for t in tracks
                        ],
                        "problems": [{"path": p, "reason": r} for p, r in lib.problems()],
                    }
                )
                return 0
            for f in lib.folders():
                print(escape_controls(f"folder: {f}"))
            for t in tracks:
                how = "catalog" if t.catalog_key else ("lyrics" if not t.reason else REASONS_EN.get(t.reason, t.reason))
                print(escape_controls(f"{t.shown_title} - {t.artist or '?'}  [{how}]  {t.path}"))
            for p, r in lib.problems():
                print(escape_controls(f"skipped: {p} ({REASONS_EN.get(r, r)})"))
            ranked = sum(1 for t in tracks if not t.reason)
            print(f"{len(tracks)} songs, {ranked} ranked", file=sys.stderr)
            return 0
        if a.action == "add":
            for folder in a.folders:
                lib.add_folder(folder)
            folders = [Path(f).expanduser().resolve() for f in a.folders]
        else:
            folders = None
        shown = _progress("reading tags")
        result = lib.scan(folders, progress=lambda p: shown(p.done, p.total))
        print(
            f"{result.seen} files: {result.read} read, {result.unchanged} unchanged, {result.dropped} gone, "
            f"{result.problems} folders skipped ({result.seconds:.1f} s)",
            file=sys.stderr,
        )
        if any(t.reason == REASON_PENDING for t in lib.tracks()):
            app.analyse_library(progress=_progress("reading lyrics"))
        tracks = lib.tracks()
        ranked = sum(1 for t in tracks if not t.reason)
        print(f"{len(tracks)} songs in your library, {ranked} ranked", file=sys.stderr)
    finally:
        app.close()
    return 0


def _default_lang() -> str:
    from desktop.core.languages import language_of

    return language_of(os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG"))


def _texts_last(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """Let a text start with a dash (``moodtune analyze "-_-;;"``): arguments that look like
    options but are none of the sub-command's are moved after ``--``.  Global options may come
    first (``moodtune --threads 1 analyze "-_-"``)."""
    top = {s: act.nargs != 0 for act in parser._actions for s in act.option_strings}
    start = 0
    while start < len(argv) and argv[start].split("=", 1)[0] in top:
        start += 2 if "=" not in argv[start] and top[argv[start]] else 1
    if start >= len(argv) or argv[start] not in ("analyze", "recommend"):
        return argv
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[argv[start]]
    takes_value = {s: act.nargs != 0 for act in sub._actions for s in act.option_strings}
    head, texts, i = argv[: start + 1], [], start + 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            texts += argv[i + 1 :]
            break
        if arg in takes_value or arg.split("=", 1)[0] in takes_value:
            head.append(arg)
            if takes_value.get(arg) and i + 1 < len(argv):
                head.append(argv[i + 1])
                i += 1
        elif arg.startswith("-") and len(arg) > 1:
            texts.append(arg)
        else:
            head.append(arg)
        i += 1
    return head + (["--", *texts] if texts else [])


def _threads_arg(value: str) -> int:
    """``--threads``: parsed and clamped by ``desktop.core.threads`` (argparse's own error on a bad value)."""
    try:
        return parse_threads(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


THREADS_HELP = "inference threads, 1 to the number of cores (default: all cores)"


def _add_threads(p: argparse.ArgumentParser) -> None:
    """``--threads`` after a sub-command too (``moodtune analyze "t" --threads 2``); SUPPRESS keeps
    a value given before the sub-command when it is not repeated after it."""
    p.add_argument("--threads", type=_threads_arg, default=argparse.SUPPRESS, help=THREADS_HELP)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="moodtune", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--version", action="version", version=f"moodtune {__version__}")
    ap.add_argument("--self-test", action="store_true", help="check model, catalog and user data, then exit")
    ap.add_argument("--threads", type=_threads_arg, default=None, help=THREADS_HELP)
    sub = ap.add_subparsers(dest="command")
    p = sub.add_parser("analyze", help="emotion distribution of a text")
    p.add_argument("text")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=_default_lang(),
        help="language of the labels and notes (--json keeps the Korean label keys)",
    )
    _add_threads(p)
    p.set_defaults(func=cmd_analyze)
    p = sub.add_parser("eval", help="accuracy and macro-F1 on a label<TAB>text file")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    _add_threads(p)
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("recommend", help="songs for a text")
    p.add_argument("text")
    p.add_argument("--top", type=int, default=10)
    p.add_argument(
        "--mode",
        choices=MODE_CODES,
        default=DEFAULT_MODE.value,
        help="; ".join(f"{s.code}: {s.doc('en')}" for s in MODES) + f" (default {DEFAULT_MODE.value})",
    )
    p.add_argument(
        "--lang", choices=LANGUAGES, default=_default_lang(), help="language of the labels and of each song's why"
    )
    p.add_argument("--hide-disliked", action="store_true", help="hide every disliked song, whatever the mood")
    p.add_argument(
        "--playlist",
        type=Path,
        help="also write the list as a playlist (.m3u8, or .txt): your own file where a song is yours, else its link",
    )
    p.add_argument(
        "--link",
        choices=SERVICE_CODES,
        default=DEFAULT_SERVICE,
        metavar="SERVICE",
        help="where the playlist's and --json's links go: "
        + ", ".join(SERVICE_CODES)
        + f" (default {DEFAULT_SERVICE}); a search there when the catalog has no ID for the song",
    )
    p.add_argument(
        "--known-year-only",
        action="store_true",
        help="with --year-min/--year-max, drop songs whose release year is unknown (kept by default)",
    )
    p.add_argument("--genre", action="append", help="only this genre (repeatable)")
    p.add_argument("--year-min", type=int)
    p.add_argument("--year-max", type=int)
    p.add_argument("--no-feedback", action="store_true", help="ignore saved likes/dislikes")
    p.add_argument("--library-only", action="store_true", help="only your own songs (see `moodtune library`)")
    p.add_argument("--json", action="store_true")
    _add_threads(p)
    p.set_defaults(func=cmd_recommend)
    p = sub.add_parser("library", help="your own music: add a folder, list it, rescan it")
    lsub = p.add_subparsers(dest="action", required=True)
    q = lsub.add_parser("add", help="add folders and read their songs (tags and lyrics; files are never changed)")
    q.add_argument("folders", nargs="+", type=Path)
    _add_threads(q)
    q.set_defaults(func=cmd_library)
    q = lsub.add_parser("list", help="your songs, whether each is ranked, and why not")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_library)
    q = lsub.add_parser("rescan", help="read new and changed files again, drop files that are gone")
    _add_threads(q)
    q.set_defaults(func=cmd_library)
    p = sub.add_parser("export-feedback", help="write likes/dislikes to CSV or JSON")
    p.add_argument("path", type=Path)
    p.add_argument("--format", choices=["csv", "json"], default=None, help="default: from the file suffix")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser(
        "import-feedback", help="add likes/dislikes from a CSV or JSON export (votes already there are skipped)"
    )
    p.add_argument("path", type=Path)
    p.add_argument("--format", choices=["csv", "json"], default=None, help="default: from the file suffix")
    p.set_defaults(func=cmd_import)
    return ap


def _as_utf8(arg: str) -> str:
    """An argument as the UTF-8 it was typed in.  Under the C locale without UTF-8 mode
    (``LC_ALL=C PYTHONUTF8=0 PYTHONCOERCECLOCALE=0``) Python decodes argv as ASCII and keeps the
    other bytes as surrogate escapes, so a Korean text reached the model as unreadable symbols and
    got a list for "only emoji or symbols" (D25).  Undecodable bytes stay escaped (and are then
    dropped by ``clean_text``)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in arg):
        return arg
    try:
        return os.fsencode(arg).decode("utf-8", errors="surrogateescape")
    except UnicodeError:
        return arg


def main(argv: list[str] | None = None) -> int:
    bootstrap()  # before anything imports numpy or onnxruntime
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = [_as_utf8(x) for x in sys.argv[1:]] if argv is None else list(argv)
    a = parser.parse_args(_texts_last(args, parser))
    try:
        return _run(a)
    except BrokenPipeError:
        # `moodtune ... | head`: the reader left; say nothing (Python docs' recipe for SIGPIPE).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # e.g. stdout on a full disk
        print(f"moodtune: error: could not write the output: {exc.strerror or exc}", file=sys.stderr)
        return 1


def gui_main() -> int:
    """``moodtune-gui`` (a gui-script: no console window on Windows): always the window."""
    return main([])


def _run(a) -> int:
    try:
        if a.self_test:
            from desktop.selftest import run_self_test

            return run_self_test()
        if a.command is None:
            from desktop.core.windows_console import hide_own_console
            from desktop.service import Moodtune

            hide_own_console()  # Windows: the console Explorer opened for the window (no-op elsewhere)

            # loads while Qt starts (cold start); the profile's check, if needed, after the first frame
            pending = Moodtune.start_loading(lazy_models=True, defer_integrity=True)
            from desktop.ui.app import run_app

            return run_app(pending=pending)
        return a.func(a)
    except MoodtuneError as exc:
        print(f"moodtune: error: {exc.user_message()}", file=sys.stderr)
        if exc.developer_hint:
            print(f"moodtune: {exc.developer_hint}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"moodtune: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
