"""What a text must be before a model sees it: one boundary for the window, the CLI and the API.

Why here: texts arrive from a clipboard, from argv (where undecodable bytes become lone
surrogates), from files; tokenizers and SQLite reject lone surrogates with tracebacks.
Cleaning once at the boundary keeps every later step on valid Unicode.
"""

from __future__ import annotations

import re

from desktop.core.errors import EmptyTextError, InputTextError

MAX_CHARS = 10_000  # what is analysed of a longer text: the first MAX_CHARS characters
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_JAMO = re.compile(r"[\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (argv with invalid UTF-8, broken clipboard data) become U+FFFD:
    tokenizers and SQLite reject them."""
    return _SURROGATE.sub("\ufffd", text)


def clean_text(text: object) -> str:
    """Valid Unicode without control characters; raises InputTextError for non-text or empty text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        raise InputTextError(f"Text expected, got {type(text).__name__}.")
    text = _CONTROL.sub(" ", without_surrogates(text))
    if not text.strip():
        raise EmptyTextError("The text is empty. Type how you feel, e.g. “오늘 너무 행복해”.")
    return text


def script_of(text: str) -> str:
    """'korean' (Hangul syllables), 'jamo' (only ㅋㅋ/ㅠㅠ-style letters), 'other' (letters of
    another language) or 'symbols' (emoji, punctuation, digits only)."""
    if _HANGUL.search(text):
        return "korean"
    if _JAMO.search(text) and not _LETTER.search(_JAMO.sub("", text)):
        return "jamo"
    if _LETTER.search(text):
        return "other"
    return "symbols"


_NOT_TOPIC = re.compile(
    r"[\u1100-\u11ff\u3130-\u318f]+"  # ㅋㅋ, ㅠㅠ, ㅎㅎ: laughter and tears say how, not what
    r"|[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+"  # emoji and pictographs
    r"|[!?.,~…·;:^*\-_=+'\"`()\[\]{}<>/\\|@#$%&]+"  # punctuation and emoticon strokes
)


def topic_text(text: str) -> str:
    """What a text's topic vector is read from: the words, without laughter/tears jamo, emoji
    and punctuation (they carry the mood, which the emotions are read from, in the full text).
    Empty when nothing else is left ("ㅠㅠ", "😀!!"): such a text has a mood but no topic."""
    return " ".join(_NOT_TOPIC.sub(" ", text).split())
