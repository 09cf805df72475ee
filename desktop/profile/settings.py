"""Every stored setting, declared once: name, type, default, allowed values, kind and documentation.

Why (as MusicBrainz Picard's option registry and qutebrowser's ``configdata`` do): a key spelled
in one place cannot drift between the window, the dialog, the service and the store; a value of
the wrong type, out of its bounds or unreadable JSON in ``moodtune.db`` falls back to the
declared default instead of crashing the app; and the settings dialog (ranges, tooltips) and
the README's table (checked by ``tests/test_settings.py``) follow from the same line.  ``kind``
separates the user's settings (shown in the settings dialog, kept by "reset") from remembered
window state.  Choices that belong to another decision are read from its own registry (modes,
link services, languages), so adding a mode or a service needs no edit here.
"""

from __future__ import annotations

import builtins
import copy
from dataclasses import dataclass, field
from typing import Any

from desktop.core.languages import SETTING_CHOICES as LANGUAGE_CHOICES
from desktop.core.languages import language_of
from desktop.engine.modes import CODES as MODE_CODES
from desktop.engine.modes import DEFAULT as DEFAULT_MODE
from desktop.library.links import DEFAULT_SERVICE, SERVICE_CODES

SETTING = "setting"  # the user's choice: in the settings dialog (or the window's own controls)
STATE = "state"  # remembered window state


@dataclass(frozen=True)
class Option:
    name: str
    type: type | tuple[type, ...]
    default: Any
    kind: str  # SETTING | STATE
    choices: tuple | None = None  # the only values allowed
    bounds: tuple[int, int] | None = None  # an int's inclusive range
    items: builtins.type | None = None  # a list's element type
    docs: dict[str, str] = field(default_factory=dict)  # language code -> one line for users

    def valid(self, value: Any) -> bool:
        """Whether ``value`` may be stored for this option (JSON true is not a number of songs)."""
        if isinstance(value, bool) and bool not in _types(self.type):
            return False
        if not _is_a(value, self.type):  # a function: isinstance here would narrow value to object
            return False
        if self.choices is not None and value not in self.choices:
            return False
        if self.items is not None and not all(isinstance(v, self.items) for v in value):
            return False
        if self.bounds is not None and value is not None and not self.bounds[0] <= value <= self.bounds[1]:
            return False
        return True

    def coerce(self, value: Any) -> Any:
        """``value`` when it is valid for this option, else (a copy of) the default."""
        return value if self.valid(value) else copy.deepcopy(self.default)

    def doc(self, lang: str) -> str:
        return self.docs.get(language_of(lang), "")


def _is_a(value: Any, t: type | tuple[type, ...]) -> bool:
    return isinstance(value, t)


def _types(t: type | tuple[type, ...]) -> tuple[type, ...]:
    return t if isinstance(t, tuple) else (t,)


def _docs(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option(
            "store_text",
            bool,
            True,
            SETTING,
            docs=_docs("keep the text with votes and history", "투표와 기록에 글도 함께 남겨요"),
        ),
        Option(
            "exclude_disliked",
            bool,
            False,
            SETTING,
            docs=_docs("hide disliked songs for every mood", "싫어요를 누른 곡은 어떤 기분에서도 숨겨요"),
        ),
        Option(
            "preferred_genres",
            list,
            [],
            SETTING,
            items=str,
            docs=_docs("genres that get a small boost", "조금 더 위에 보여 줄 장르예요"),
        ),
        Option(
            "blocked_artists",
            list,
            [],
            SETTING,
            items=str,
            docs=_docs("artists never shown", "목록에 보이지 않을 가수예요"),
        ),
        Option(
            "prefer_liked_artists",
            bool,
            True,
            SETTING,
            docs=_docs(
                "a small boost for artists of songs you liked", "좋아요를 누른 곡의 가수를 조금 더 위에 보여 줘요"
            ),
        ),
        Option(
            "language",
            str,
            "system",
            SETTING,
            choices=LANGUAGE_CHOICES,
            docs=_docs(
                "the window's language (after a restart); system: the desktop's",
                "창의 언어예요 (다시 시작하면 바뀌어요). system은 데스크톱 설정을 따라요",
            ),
        ),
        Option(
            "theme",
            str,
            "system",
            SETTING,
            choices=("system", "light", "dark"),
            docs=_docs(
                "light or dark colours; system: whatever Qt gets from the desktop",
                "밝은 색 또는 어두운 색이에요. system은 데스크톱 설정을 따라요",
            ),
        ),
        Option(
            "top_n", int, 30, SETTING, bounds=(5, 200), docs=_docs("songs in the list", "목록에 보여 줄 노래 수예요")
        ),
        Option(
            "mode",
            str,
            DEFAULT_MODE.value,
            SETTING,
            choices=MODE_CODES,
            docs=_docs("how songs are ranked (see the mode menu)", "노래를 고르는 방식이에요 (추천 방식 메뉴 참고)"),
        ),
        Option(
            "link_service",
            str,
            DEFAULT_SERVICE,
            SETTING,
            choices=SERVICE_CODES,
            docs=_docs(
                "where a song opens: its page there, or a search",
                "노래를 열 곳이에요. 곡 페이지가 없으면 검색으로 열어요",
            ),
        ),
        Option("filter_genres", list, [], STATE, items=str, docs=_docs("the genre filter", "장르 필터예요")),
        Option(
            "filter_unknown_year",
            bool,
            True,
            STATE,
            docs=_docs("a year filter keeps songs of unknown year", "연도 필터를 써도 연도를 모르는 곡은 남겨요"),
        ),
        Option("export_folder", str, "", STATE, docs=_docs("where the last export went", "마지막으로 내보낸 폴더예요")),
        Option(
            "window_state",
            str,
            "",
            STATE,
            docs=_docs("the window's size, position, panes and docks", "창의 크기, 위치, 패널 배치예요"),
        ),
        Option(
            "year_min",
            (int, type(None)),
            None,
            STATE,
            bounds=(1, 9999),
            docs=_docs("the year filter's first year", "연도 필터의 시작 연도예요"),
        ),
        Option(
            "year_max",
            (int, type(None)),
            None,
            STATE,
            bounds=(1, 9999),
            docs=_docs("the year filter's last year", "연도 필터의 마지막 연도예요"),
        ),
        Option(
            "library_only",
            bool,
            False,
            STATE,
            docs=_docs("rank only the songs of your music folders", "내 음악 폴더의 노래만 골라요"),
        ),
        Option(
            "player_volume", int, 70, STATE, bounds=(0, 100), docs=_docs("the player's volume", "플레이어 음량이에요")
        ),
    )
}


def option(name: str) -> Option:
    try:
        return OPTIONS[name]
    except KeyError:
        raise KeyError(f"unknown setting {name!r}; declare it in desktop/profile/settings.py") from None


def defaults() -> dict[str, Any]:
    """Every option's default (copies): the settings of a session without a profile."""
    return {name: copy.deepcopy(opt.default) for name, opt in OPTIONS.items()}
