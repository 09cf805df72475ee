"""Why a song is in the list, in the user's language (Korean or English).

Why not Qt's translator: the CLI and exports explain rankings (and notes on how a text was
read) too and must not load Qt;
the window passes its UI language.  Every message exists in both languages (a test
checks the two tables have the same keys).  Explanations never quote lyrics: they name
the parts of the ranking (emotion, topic, feedback, mode) and their figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.labels import ENGLISH
from desktop.core.languages import language_of
from desktop.core.text_input import MAX_CHARS
from desktop.engine.modes import mode_spec
from desktop.library.situations import by_code

if TYPE_CHECKING:
    from desktop.engine.recommend import Recommendation

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "lead.feedback": "you liked it for a similar mood",
        "lead.topic": "close to what your text is about",
        "lead.emotion": "close to your mood",
        "lead.lift": "chosen to lift your mood",
        "lead.situation": "a song about your situation ({0})",
        "lead.scenario": "curators picked it for moments like “{0}”",
        "situation_fit": "situation fit {0}%",
        "tone_fit": "tone fit {0}%",
        "message_fit": "listeners' messages fit {0}%",
        "emotion_fit": "emotion fit {0}%",
        "topic_fit": "topic fit {0}%",
        "song_mostly": "the song is mostly {0}",
        "both_mostly": "both are mostly {0}",
        "similar": "{0}% similar emotions",
        "genre": "a genre you prefer",
        "year_unknown": "year unknown",
        "note.truncated": "Only the first {0} characters are analysed.",
        "note.other": "Moodtune understands Korean best; results for other text are rough.",
        "note.symbols": "Only emoji or symbols: the mood is a rough guess. A few words help.",
        "note.jamo": "Only ㅋㅋ/ㅠㅠ-style letters: the mood is read from them, and with no words the songs "
        "are chosen by mood alone.",
    },
    "ko": {
        "lead.feedback": "비슷한 기분일 때 좋아요를 누른 곡",
        "lead.topic": "글의 주제와 가까운 곡",
        "lead.emotion": "지금 기분과 가까운 곡",
        "lead.lift": "기분을 끌어올려 줄 곡",
        "lead.situation": "지금 상황과 닮은 노래({0})",
        "lead.scenario": "‘{0}’ 같은 순간에 큐레이터가 고른 곡",
        "situation_fit": "상황 일치 {0}%",
        "tone_fit": "분위기 일치 {0}%",
        "message_fit": "사연 일치 {0}%",
        "emotion_fit": "감정 일치 {0}%",
        "topic_fit": "주제 일치 {0}%",
        "song_mostly": "노래는 주로 {0}",
        "both_mostly": "둘 다 주로 {0}",
        "similar": "감정 유사도 {0}%",
        "genre": "선호 장르",
        "year_unknown": "연도 미상",
        "note.truncated": "앞의 {0}자만 분석해요.",
        "note.other": "Moodtune은 한국어를 가장 잘 이해해요. 다른 언어로 쓴 글은 결과가 대략적이에요.",
        "note.symbols": "이모지나 기호만 있어서 기분을 대략 짐작했어요. 몇 마디 적어 주면 더 정확해요.",
        "note.jamo": "ㅋㅋ·ㅠㅠ만 있어서 기분만 읽었어요. 단어가 없어 노래는 기분으로만 골랐어요.",
    },
}


def emotion_name(label: str, lang: str) -> str:
    return label if language_of(lang) == "ko" else ENGLISH[label]


def message(key: str, lang: str, *args: object) -> str:
    return MESSAGES[language_of(lang)][key].format(*args)


def text_notes(script: str, truncated: bool, lang: str) -> list[str]:
    """What to know about how a text was read (the window's message line, the CLI's stderr):
    cut to its first ``MAX_CHARS`` characters, not Korean, only emoji/symbols, or only ㅋㅋ/ㅠㅠ
    (no words: no topic, so the list follows the mood alone)."""
    notes = [message("note.truncated", lang, f"{MAX_CHARS:,}")] if truncated else []
    if script in ("other", "symbols", "jamo"):
        notes.append(message(f"note.{script}", lang))
    return notes


def explain(rec: Recommendation, lang: str = "en") -> str:
    """One line: what placed the song first, then the figures behind it."""
    lang = language_of(lang)
    name = emotion_name(rec.song.dominant, lang)
    if not mode_spec(rec.mode).blended:
        parts = [
            message("both_mostly" if rec.same_dominant else "song_mostly", lang, name),
            message("similar", lang, round(100 * rec.similarity)),
        ]
        if rec.liked_before:
            parts.append(message("lead.feedback", lang))
    elif rec.situation_fit is not None or rec.tone_fit is not None:
        parts = [message(f"lead.{rec.main_reason}", lang)] if rec.main_reason in ("feedback", "lift") else []
        if rec.scenario is not None:
            parts.append(message("lead.scenario", lang, rec.scenario[0] if lang == "ko" else rec.scenario[1]))
        if rec.situation is not None:
            parts.append(message("lead.situation", lang, by_code(rec.situation).name(lang)))
        elif not parts:
            parts.append(message("lead.emotion", lang))
        if rec.situation_fit is not None:
            parts.append(message("situation_fit", lang, round(100 * rec.situation_fit)))
        if rec.tone_fit is not None:
            parts.append(message("tone_fit", lang, round(100 * rec.tone_fit)))
        if rec.message_fit:  # a share of the blend as large as the situation's: say so when it counted
            parts.append(message("message_fit", lang, round(100 * rec.message_fit)))
        parts.append(message("emotion_fit", lang, round(100 * rec.emotion_fit)))
    else:
        parts = [message(f"lead.{rec.main_reason}", lang), message("emotion_fit", lang, round(100 * rec.emotion_fit))]
        if rec.topic_fit is not None:
            parts.append(message("topic_fit", lang, round(100 * rec.topic_fit)))
        parts.append(message("song_mostly", lang, name))
    if rec.preferred_genre:
        parts.append(message("genre", lang))
    return ", ".join(parts)
