"""moodtune(1) is generated from the CLI's parser: every command and option is in it.

Why: a hand-written man page drifts from ``--help``; packaging/linux/make_manpage.py writes it
from ``desktop.cli.build_parser`` at .deb build time (packaging/check.sh also runs groff on it).
"""

from __future__ import annotations

import argparse
import importlib.util

from desktop.cli import build_parser
from tests.helpers import ROOT

spec = importlib.util.spec_from_file_location("make_manpage", ROOT / "packaging" / "linux" / "make_manpage.py")
make_manpage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_manpage)


def test_every_command_and_option_is_in_the_man_page():
    page = make_manpage.manpage()
    assert page.startswith(".TH MOODTUNE 1 ")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        assert f".SS {make_manpage.esc(name)}\n" in page, name
        for action in p._actions:
            for flag in action.option_strings:
                assert make_manpage.esc(flag) in page, (name, flag)
    for flag in ("--self-test", "--version", "--threads"):
        assert f"\\fB{make_manpage.esc(flag)}\\fR" in page
    assert "MOODTUNE_DATA_DIR" in page


def test_roff_escaping():
    assert make_manpage.esc("--json") == "\\-\\-json"
    assert make_manpage.esc(".hidden") == "\\&.hidden"  # a leading dot would be a roff request
    assert make_manpage.esc("a\\b") == "a\\eb"


def test_reproducible_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02 00:00 UTC
    assert make_manpage.manpage().splitlines()[0].startswith('.TH MOODTUNE 1 "2025-12-02"')
