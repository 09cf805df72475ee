"""Write moodtune(1) from the CLI's own argparse parser, so the man page cannot drift from --help.

python packaging/linux/make_manpage.py moodtune.1      (build_deb.sh gzips it into the .deb)
man -l moodtune.1
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop import __version__  # noqa: E402
from desktop.cli import build_parser  # noqa: E402

ENVIRONMENT = [
    (
        "MOODTUNE_DATA_DIR",
        "Use this folder for votes, history, settings, logs and cache instead of the "
        "per-user folders (a blank value is refused).",
    ),
    ("MOODTUNE_MODEL_DIR", "Read the emotion model from this folder instead of the bundled one."),
    ("MOODTUNE_CATALOG", "Read the song catalog from this file instead of the bundled one."),
]
FILES = [
    ("~/.local/share/Moodtune/", "votes, history and settings (XDG_DATA_HOME)."),
    (
        "~/.local/state/Moodtune/log/moodtune.log",
        "the log, with Qt's warnings and native crash traces (XDG_STATE_HOME).",
    ),
    ("~/.cache/Moodtune/", "files that may be deleted at any time (XDG_CACHE_HOME)."),
]


def esc(text: str) -> str:
    """Plain text for roff: backslashes, hyphens (as minus signs) and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def _flags(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"\\fI{esc(action.metavar or action.dest)}\\fR"
    names = ", ".join(f"\\fB{esc(o)}\\fR" for o in action.option_strings)
    if action.nargs == 0:
        return names
    metavar = action.metavar or (("{" + ",".join(action.choices) + "}") if action.choices else action.dest.upper())
    return f"{names} \\fI{esc(str(metavar))}\\fR"


def _options(parser: argparse.ArgumentParser) -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        out += [".TP", _flags(action), esc(action.help or "")]
    return out


def manpage() -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds: the date of the release
    when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now()
    doc = (parser.description or "").strip().splitlines()
    lines = [
        f'.TH MOODTUNE 1 "{when:%Y-%m-%d}" "moodtune {__version__}" "User Commands"',
        ".SH NAME",
        "moodtune \\- " + esc(doc[0].split(":", 1)[-1].strip().rstrip(".") if doc else "Moodtune"),
        ".SH SYNOPSIS",
        ".B moodtune",
        "[\\fIoptions\\fR]",
        ".br",
        ".B moodtune",
        "\\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]",
        ".SH DESCRIPTION",
        "Without a command, \\fBmoodtune\\fR opens the desktop window (as \\fBmoodtune\\-gui\\fR does).",
        "With a command it analyses a text, evaluates the model or recommends songs in the terminal.",
        "Everything runs offline.",
        ".SH OPTIONS",
        *_options(parser),
        ".SH COMMANDS",
    ]
    for name, p in sub.choices.items():
        usage = p.format_usage().replace("usage: ", "").strip()
        lines += [".SS " + esc(name), esc(helps.get(name) or ""), ".PP", ".nf", esc(usage), ".fi", *_options(p)]
    lines += [".SH EXAMPLES", ".nf"]
    lines += [esc(line.strip()) for line in doc[1:] if line.strip().startswith("moodtune")]
    lines += [".fi", ".SH ENVIRONMENT"]
    for var, text in ENVIRONMENT:
        lines += [".TP", f"\\fB{esc(var)}\\fR", esc(text)]
    lines += [".SH FILES"]
    for path, text in FILES:
        lines += [".TP", f"\\fI{esc(path)}\\fR", esc(text)]
    lines += [
        ".SH EXIT STATUS",
        "0 on success, 1 when the window could not start, 2 on a usage or data error.",
        ".SH SEE ALSO",
        "\\fBmoodtune \\-\\-help\\fR, \\fBmoodtune \\fIcommand\\fB \\-\\-help\\fR",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = manpage()
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
