"""Life situations: the shared vocabulary between what a text is about and what a song is about.

Why: the topic vector matches *words* (one "시험" line put BTS "Danger" in an exam-stress list,
"고양이" put an upbeat cat song under a pet's death).  Listeners judge whether a song is about the
*situation* of the message, in the right *tone*.  So each catalog song carries a small weight per
situation (what the whole song is about, read offline from its lyrics; see
``training/song_situations.py``) and a tone (valence), and each text is placed among the same
situations by its nearness to example messages written for each one (``training/situation_prototypes.py``).

This module is the one declaration of the situations: their codes (stored in the catalog), their
names in both UI languages (explanations) and the tone a situation usually carries (a prior that
helps when the emotion head reads a short text as neutral).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Situation:
    code: str
    ko: str
    en: str
    valence: float  # the situation's usual tone, -1 (sad) .. +1 (bright); 0 when it can go either way
    romantic: bool = False  # about a love relationship (a text about anything else should not get these)

    def name(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


SITUATIONS: tuple[Situation, ...] = (
    Situation("breakup", "이별의 아픔", "a breakup", -0.8, True),
    Situation("missing_ex", "떠난 사랑에 대한 그리움", "missing a past love", -0.6, True),
    Situation("crush", "짝사랑", "a crush or unrequited love", -0.2, True),
    Situation("flutter", "설렘과 썸", "new love and butterflies", 0.8, True),
    Situation("in_love", "사랑하는 사이", "being in love", 0.7, True),
    Situation("waiting", "멀리 있는 사람을 기다림", "waiting for someone far away", -0.3, True),
    Situation("wedding", "결혼과 청혼", "weddings and proposals", 0.7, True),
    Situation("grief", "세상을 떠난 이를 그리워함", "grieving someone who died", -0.9),
    Situation("family", "가족과 부모님", "family and parents", 0.2),
    Situation("homesick", "고향과 집 생각", "homesickness", -0.4),
    Situation("friends", "친구와 우정", "friends and friendship", 0.5),
    Situation("lonely", "외로움", "loneliness", -0.6),
    Situation("self_doubt", "비교와 자존감", "self-doubt and comparing yourself", -0.5),
    Situation("comfort", "위로와 응원", "comfort and encouragement", 0.3),
    Situation("work", "일과 직장 생활", "work and office life", -0.3),
    Situation("study", "공부와 시험", "studying and exams", -0.3),
    Situation("success", "합격과 성취", "passing and achieving", 0.9),
    Situation("dream", "꿈과 도전", "dreams and new challenges", 0.5),
    Situation("bad_day", "일이 안 풀리는 날", "a day when everything goes wrong", -0.4),
    Situation("anger", "화와 배신감", "anger and betrayal", -0.7),
    Situation("party", "신나게 노는 날", "partying and having fun", 0.9),
    Situation("drinking", "술 한잔", "a drink", 0.0),
    Situation("rest", "여유와 휴식", "a slow, restful day", 0.6),
    Situation("travel", "여행과 드라이브", "trips and drives", 0.7),
    Situation("summer", "여름과 바다", "summer and the sea", 0.8),
    Situation("rain", "비 오는 날", "a rainy day", -0.2),
    Situation("winter", "겨울과 눈, 크리스마스", "winter, snow and Christmas", 0.3),
    Situation("spring", "봄과 꽃", "spring and blossoms", 0.6),
    Situation("autumn", "가을의 쓸쓸함", "autumn's wistfulness", -0.3),
    Situation("night", "잠 못 드는 밤", "sleepless late nights", -0.2),
    Situation("nostalgia", "추억과 지난 청춘", "memories and youth gone by", -0.1),
    Situation("celebrate", "생일과 기념일", "birthdays and celebrations", 0.9),
    Situation("confidence", "자신감과 당당함", "confidence and swagger", 0.6),
    Situation("farewell", "떠남과 새 출발", "leaving, moving on, a fresh start", -0.1),
    Situation("army", "입대와 군 생활", "the army", -0.3),
    Situation("tired", "지침과 무기력", "exhaustion and burnout", -0.5),
    Situation("money", "돈과 먹고살기", "money and making a living", -0.2),
    Situation("pets", "반려동물", "pets", 0.3),
    # Added after the first listener panel: everyday messages that no situation above covered.
    Situation("food", "먹는 즐거움과 야식", "food and late-night snacks", 0.5),
    Situation("health", "몸과 건강", "health, sickness and exercise", -0.2),
    Situation("boredom", "심심함과 집콕", "boredom and staying in", -0.2),
    Situation("gratitude", "고마운 마음", "gratitude", 0.7),
    Situation("small_joy", "소소한 행복", "small everyday joys", 0.7),
)
CODES: tuple[str, ...] = tuple(s.code for s in SITUATIONS)
INDEX: dict[str, int] = {c: i for i, c in enumerate(CODES)}
VALENCE = tuple(s.valence for s in SITUATIONS)
ROMANTIC = tuple(s.romantic for s in SITUATIONS)


def by_code(code: str) -> Situation:
    return SITUATIONS[INDEX[code]]
