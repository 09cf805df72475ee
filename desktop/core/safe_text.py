"""Text from data files made safe to show: no control or bidi characters, one line.

Why: catalog titles, artists and meta values come from a file anyone can edit.  Printed raw,
an ESC or BEL sequence drives the user's terminal (window title, clear screen, OSC 8 links,
OSC 52 clipboard writes), a newline breaks the one-line-per-song format of the CLI and of
M3U8/TXT playlists, and bidi overrides (U+202E) make a title read backwards.  The catalog is
cleaned once when it is loaded (``display_text``); the CLI escapes what it prints as a second
line of defence (``escape_controls``), for strings that did not come through the catalog.
"""

from __future__ import annotations

import html
import re

# C0 controls, DEL, C1 controls, the line/paragraph separators (they break lines like \n).
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
# Bidi embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}]")
_CONTROL_RE = re.compile(f"[{_CONTROL}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")


def display_text(text: str) -> str:
    """``text`` as one clean line: controls become a space, bidi characters are removed, runs of
    blanks collapse.  A string without any of them is returned unchanged (the shipped catalog keeps
    its exact spelling, double spaces included)."""
    if not UNSAFE.search(text):
        return text
    return " ".join(_CONTROL_RE.sub(" ", _BIDI_RE.sub("", text)).split())


def escape_controls(text: str) -> str:
    r"""Control and bidi characters as visible escapes (``\x1b``, ``\u202e``) for terminal output."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def plain_rich_text(text: str) -> str:
    """``text`` for a Qt widget that auto-detects rich text (tooltips): escaped, inside ``<qt>``, so
    Qt renders it as rich text whose content is literally ``text`` (no tags, links or images)."""
    return "<qt>" + html.escape(str(text)).replace("\n", "<br>") + "</qt>"
