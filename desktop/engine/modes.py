"""The ranking modes, declared once: code, names in both languages, and what each one does.

Why a registry: the list of modes used to be spelled in the ranking, the settings, the CLI's
``--mode`` choices and the window's menu, so adding one meant four edits that could drift.
Now the CLI's choices, the stored setting's allowed values, the window's menu and its tooltip
are all read from ``MODES``; the ranking (``desktop.engine.recommend``) and the explanation
(``desktop.engine.explain``) branch on the flags below, not on the mode's name.  Names are
plain Python strings in both languages (like ``desktop.engine.explain``): the CLI uses them
without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop.core.languages import language_of


class Mode(str, Enum):
    MATCH = "match"
    LIFT = "lift"
    EMOTION = "emotion"


@dataclass(frozen=True)
class ModeSpec:
    mode: Mode
    names: dict[str, str]  # language code -> the name in the window's menu
    docs: dict[str, str]  # language code -> one line for the tooltip and ``--help``
    blended: bool = True  # emotion + topic (+ situations); False: dominant emotion first, no topic
    lifts: bool = False  # a low mood is steered toward comfort and happiness

    @property
    def code(self) -> str:
        return self.mode.value

    def name(self, lang: str) -> str:
        return self.names[language_of(lang)]

    def doc(self, lang: str) -> str:
        return self.docs[language_of(lang)]


MODES: tuple[ModeSpec, ...] = (
    ModeSpec(
        Mode.MATCH,
        {"en": "Match my mood", "ko": "지금 기분에 맞게"},
        {
            "en": "songs that feel like your text and are about the same things.",
            "ko": "내 글과 느낌이 같고 같은 이야기를 하는 노래예요.",
        },
    ),
    ModeSpec(
        Mode.LIFT,
        {"en": "Lift my mood", "ko": "기분이 나아지게"},
        {
            "en": "for a low mood, songs that move toward comfort and happiness, still on topic.",
            "ko": "가라앉은 기분일 때 위로와 행복 쪽으로 이끄는 노래예요 (주제는 그대로).",
        },
        lifts=True,
    ),
    ModeSpec(
        Mode.EMOTION,
        {"en": "Match the emotion only", "ko": "감정만 맞추기"},
        {
            "en": "songs with the same main emotion first, whatever they are about.",
            "ko": "무슨 이야기인지와 상관없이 주된 감정이 같은 노래를 먼저 보여 줘요.",
        },
        blended=False,
    ),
)
DEFAULT = Mode.MATCH
CODES: tuple[str, ...] = tuple(spec.code for spec in MODES)
_BY_MODE = {spec.mode: spec for spec in MODES}


def mode_spec(mode: Mode | str) -> ModeSpec:
    """The declaration of ``mode`` (a ``Mode`` or its code); ValueError for an unknown code."""
    return _BY_MODE[Mode(mode)]


def tooltip(lang: str) -> str:
    """Every mode, one line each: the window's tooltip over the mode menu."""
    return "\n".join(f"{spec.name(lang)}: {spec.doc(lang)}" for spec in MODES)
