"""How many inference threads to use: ``--threads`` or ``MOODTUNE_THREADS``, checked once.

Why a module of its own: onnxruntime starts one spinning thread per requested thread, so
``--threads 9999`` ran 9,998 busy threads for minutes, and a value such as ``²`` (a digit to
``str.isdigit`` but not to ``int``) or ``99999999999999999999`` ended in a traceback.  Every
front end (window, CLI, self-test) resolves the count here, clamped to 1..os.cpu_count(), and
always hands onnxruntime an explicit number, so the model code never parses the variable itself.
"""

from __future__ import annotations

import logging
import os

from desktop.core.errors import OptionError

log = logging.getLogger("moodtune")

ENV = "MOODTUNE_THREADS"
_MAX_DIGITS = 6  # more digits than any machine has cores: clamped without converting huge numbers


def max_threads() -> int:
    return max(1, os.cpu_count() or 1)


def parse_threads(value: str | int, source: str = "--threads") -> int:
    """A thread count from text or an int, clamped to 1..cpu_count; OptionError for anything else.

    Only ASCII digits count (``isascii() and isdigit()``): 0, -1, ``²`` and ``٣`` are refused."""
    top = max_threads()
    text = str(value).strip()
    digits = text.lstrip("0")
    if not (text.isascii() and text.isdigit()) or not digits:
        raise OptionError(f"{source} must be a whole number from 1 to {top}, not {str(value)[:40]!r}.")
    if len(digits) > _MAX_DIGITS or int(digits) > top:
        log.info("%s=%s is more than this computer's %d cores; using %d", source, digits[:20], top, top)
        return top
    return int(digits)


def resolve_threads(requested: int | None = None) -> int:
    """``requested`` (already parsed) or ``MOODTUNE_THREADS``; 0 means onnxruntime's default
    (every core).  Never None, so the model never reads the variable again on its own."""
    if requested is not None:
        return parse_threads(requested)
    raw = os.environ.get(ENV)
    if raw is None or raw == "":
        return 0
    return parse_threads(raw, ENV)
