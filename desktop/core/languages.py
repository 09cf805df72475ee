"""The languages Moodtune speaks, and how any language setting or locale name maps to one.

Why one module: the window, the CLI, error messages and explanations each had their own
``startswith("ko")`` and their own ``("ko", "en")``; a third language, or a locale such as
``KO_kr.UTF-8``, has to be handled the same way everywhere.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("ko", "en")  # every text table has exactly these keys
FALLBACK = "en"  # what any other language gets
SYSTEM = "system"  # the language setting's "follow the desktop" value
SETTING_CHOICES: tuple[str, ...] = (SYSTEM, *LANGUAGES)
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}  # each in its own language (the settings' menu)


def language_of(code: str | None) -> str:
    """'ko' or 'en' from a setting or locale name such as 'ko_KR.UTF-8', 'en-GB' or 'system'."""
    text = (code or "").strip().lower()
    for lang in LANGUAGES:
        if text.startswith(lang):
            return lang
    return FALLBACK
