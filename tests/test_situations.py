"""The situation layer: what a song is about and its tone, shared with what a text is about."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from desktop.core.errors import CatalogError
from desktop.core.labels import LABELS
from desktop.engine.explain import explain
from desktop.engine.recommend import ROMANCE_ENOUGH, ROMANCE_NEIGHBOURS, Recommender, title_key
from desktop.library.catalog import Catalog, write_situations
from desktop.library.situations import CODES, INDEX, SITUATIONS
from tests.helpers import TOPIC_DIM, make_catalog, one_hot_mix, song_row, topic_axis

H, S = LABELS.index("행복"), LABELS.index("슬픔")


def situated(tmp_path, songs: list[tuple[str, str, list[float], int, str, float, float]]):
    """A catalog of (key, title, emotion mix, topic axis, situation code, valence, familiarity) songs,
    with two example texts per situation: axis 0 and 1 are the topics, axes 2-7 the situations'
    examples (grief on axis 2, party on 3, comfort on 4, everything else on 5-7)."""
    rows = [song_row(k, t, mix, topic=topic_axis(axis), artist=f"artist {k}") for k, t, mix, axis, *_ in songs]
    path = make_catalog(tmp_path / "catalog.db", rows)
    weights = np.zeros((len(songs), len(CODES)), dtype=np.float32)
    for i, (*_, code, _v, _f) in enumerate(songs):
        weights[i, INDEX[code]] = 1.0
    axes = {"grief": 2, "party": 3, "comfort": 4}
    protos, owner = [], []
    for j, code in enumerate(CODES):
        for k in range(2):
            v = topic_axis(axes.get(code, 5 + (j + k) % 3)) + 0.01 * k * topic_axis(0)
            protos.append(v / np.linalg.norm(v))
            owner.append(j)
    write_situations(
        path,
        weights,
        np.array([s[5] for s in songs], np.float32),
        np.array([s[6] for s in songs], np.float32),
        np.array(protos),
        np.array(owner),
        CODES,
    )
    return path


def test_title_key_folds_versions_of_one_song():
    assert title_key("여름 안에서 (Remastered)") == title_key("여름안에서") == title_key("여름 안에서 [Live]")
    assert title_key("Love Love Love (Feat. X)") == title_key("love, love, love")
    assert title_key("눈물") != title_key("눈물꽃")
    assert title_key("(비)") == "비"  # a title that is all brackets keeps its words


def test_one_version_of_a_song_per_list(tmp_path):
    rows = [
        song_row(
            str(i),
            ["여름 안에서", "여름 안에서 (Live)", "여름안에서", "summer"][i % 4],
            one_hot_mix(H, None, 0.8 - 0.01 * i),
            topic=topic_axis(0),
            artist=f"a{i}",
        )
        for i in range(12)
    ]
    rec = Recommender.from_catalog(Catalog.open(make_catalog(tmp_path / "c.db", rows)))
    probs = np.array(one_hot_mix(H), dtype=np.float32)
    for mode in ("match", "lift", "emotion"):
        titles = [title_key(r.song.title) for r in rec.rank(probs, top=10, topic=topic_axis(0), mode=mode)]
        assert sorted(titles) == ["summer", "여름안에서"], mode


def test_situation_beats_a_word_match_and_tone_decides_within_it(tmp_path):
    """A text close to the grief examples: the grief songs outrank a song that shares its words (topic)
    but is about partying, and the sad grief song outranks the bright one."""
    path = situated(
        tmp_path,
        [
            ("w", "word match party", one_hot_mix(H), 1, "party", 0.9, 0.0),
            ("g1", "grief bright", one_hot_mix(H), 0, "grief", 0.8, 0.0),
            ("g2", "grief sad", one_hot_mix(S), 0, "grief", -0.9, 0.0),
        ],
    )
    rec = Recommender.from_catalog(Catalog.open(path))
    text = (topic_axis(2) + 0.6 * topic_axis(1)).astype(np.float32)  # about grief, and shares the party song's words
    recs = rec.rank(np.array(one_hot_mix(S), np.float32), top=3, topic=text / np.linalg.norm(text))
    assert [r.song.key for r in recs] == ["g2", "g1", "w"]
    assert recs[0].situation == "grief" and recs[0].tone_fit > recs[1].tone_fit
    assert rec.text_situations(topic_axis(2))[INDEX["grief"]] > 0.5


def test_familiar_songs_win_ties(tmp_path):
    path = situated(
        tmp_path,
        [("a", "unknown", one_hot_mix(H), 0, "party", 0.9, 0.0), ("b", "hit", one_hot_mix(H), 0, "party", 0.9, 1.0)],
    )
    rec = Recommender.from_catalog(Catalog.open(path))
    assert rec.rank(np.array(one_hot_mix(H), np.float32), top=2, topic=topic_axis(3))[0].song.key == "b"


def test_lift_turns_a_low_text_toward_comfort(tmp_path):
    path = situated(
        tmp_path,
        [
            ("sad", "grief sad", one_hot_mix(S), 0, "grief", -0.9, 0.0),
            ("up", "comfort", one_hot_mix(H), 0, "comfort", 0.6, 0.0),
        ],
    )
    rec = Recommender.from_catalog(Catalog.open(path))
    probs = np.array(one_hot_mix(S), np.float32)
    assert rec.rank(probs, top=2, topic=topic_axis(2))[0].song.key == "sad"
    lifted = rec.rank(probs, top=2, topic=topic_axis(2), mode="lift")
    assert lifted[0].song.key == "up" and lifted[0].lifted


def test_explanation_names_the_situation_in_both_languages(tmp_path):
    path = situated(tmp_path, [("g", "grief sad", one_hot_mix(S), 0, "grief", -0.9, 0.0)])
    rec = Recommender.from_catalog(Catalog.open(path))
    r = rec.rank(np.array(one_hot_mix(S), np.float32), top=1, topic=topic_axis(2))[0]
    grief = SITUATIONS[INDEX["grief"]]
    assert grief.en in explain(r, "en") and "tone fit" in explain(r, "en")
    assert grief.ko in explain(r, "ko") and "분위기 일치" in explain(r, "ko")


def _corrupt(path, sql, *args):
    con = sqlite3.connect(path)
    con.execute(sql, args)
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "damage",
    [
        ("UPDATE meta SET value = 'grief,party' WHERE key = 'situations'",),
        ("UPDATE song_arrays SET data = ? WHERE name = 'situation'", bytes([200]) * len(CODES)),
        ("UPDATE song_arrays SET data = ? WHERE name = 'valence'", np.array([3.0], "<f4").tobytes()),
        ("UPDATE song_arrays SET data = ? WHERE name = 'familiarity'", np.array([np.nan], "<f4").tobytes()),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'prototype'",
            np.zeros(2 * len(CODES) * TOPIC_DIM, "<f4").tobytes(),
        ),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'prototype_situation'",
            np.full(2 * len(CODES), 99, "<i2").tobytes(),
        ),
        ("UPDATE text_arrays SET rows = 3 WHERE name = 'prototype'",),
        ("DELETE FROM text_arrays WHERE name = 'prototype'",),
    ],
)
def test_damaged_situation_numbers_are_refused(tmp_path, damage):
    path = situated(tmp_path, [("g", "grief", one_hot_mix(S), 0, "grief", -0.9, 0.5)])
    assert Catalog.open(path).situations is not None
    _corrupt(path, *damage)
    with pytest.raises(CatalogError, match="situation"):
        Catalog.open(path)


def test_committed_catalog_has_the_situation_layer():
    from tests.helpers import ROOT

    cat = Catalog.open(ROOT / "catalog.db")
    layer = cat.situations
    assert layer is not None and layer.weights.shape == (len(cat), len(CODES))
    annotated = (layer.weights.max(1) > 0).mean()
    assert annotated > 0.99  # every song says what it is about (a few may be left to the emotion tone)
    # the situations the first listeners missed have songs, those added after the first panel too
    for code, least in (("grief", 30), ("homesick", 10), ("work", 20), ("food", 20), ("gratitude", 40)):
        assert (layer.weights[:, INDEX[code]] > 0).sum() >= least, code
    # one stored vector per situation: the centroid of its example messages (training.add_situations)
    assert sorted(layer.prototype_situation.tolist()) == list(range(len(CODES)))


def test_a_love_song_is_no_answer_to_a_text_not_about_love(tmp_path):
    """Two songs equally about grief and equally sad; the one that is also a love song comes after the
    other for a grief text, and for a text the situations are unsure about; it comes first once the
    listener messages nearest the text were written for love songs (a third song's, here)."""
    path = situated(
        tmp_path,
        [
            ("love", "grief and love", one_hot_mix(S), 0, "grief", -0.9, 0.0),
            ("plain", "grief only", one_hot_mix(S), 0, "grief", -0.9, 0.0),
            ("ballad", "a breakup ballad", one_hot_mix(S), 1, "breakup", -0.9, 0.0),
        ],
    )
    con = sqlite3.connect(path)  # make the first song also a love song
    w = (
        np.frombuffer(
            con.execute("SELECT data FROM song_arrays WHERE name = 'situation'").fetchone()[0], dtype=np.uint8
        )
        .reshape(3, len(CODES))
        .copy()
    )
    w[0, INDEX["breakup"]] = 100
    con.execute("UPDATE song_arrays SET data = ? WHERE name = 'situation'", (w.tobytes(),))
    con.commit()
    con.close()
    probs = np.array(one_hot_mix(S), np.float32)
    breakup_text = topic_axis(5 + INDEX["breakup"] % 3)  # the examples of breakup sit on one of axes 5-7

    def order(rec, text):
        return [r.song.key for r in rec.rank(probs, top=3, topic=text) if r.song.key != "ballad"]

    rec = Recommender.from_catalog(Catalog.open(path))
    assert order(rec, topic_axis(2)) == ["plain", "love"]
    mix = rec.text_situations(breakup_text)
    assert 0.02 < mix[INDEX["breakup"]] and mix[rec._romantic].sum() < ROMANCE_ENOUGH  # unsure it is about love
    assert order(rec, breakup_text) == ["plain", "love"]
    rng = np.random.default_rng(0)

    def near(axis: int) -> list[np.ndarray]:
        return [topic_axis(axis) + 0.05 * rng.standard_normal(TOPIC_DIM) for _ in range(ROMANCE_NEIGHBOURS)]

    rec = Recommender.from_catalog(Catalog.open(with_messages(path, {2: near(5 + INDEX["breakup"] % 3), 1: near(2)})))
    assert rec.near_romance(rec.message_sims(breakup_text)) == 1.0
    assert rec.near_romance(rec.message_sims(topic_axis(2))) == 0.0
    assert order(rec, breakup_text) == ["love", "plain"]
    assert order(rec, topic_axis(2)) == ["plain", "love"]
    # a witness that only shares words does not overrule a classifier sure of grief: the love song's
    # messages nearest a grief text ("보고 싶다" is how love songs long too) leave it held back
    rec = Recommender.from_catalog(Catalog.open(with_messages(path, {2: near(2)})))
    assert rec.near_romance(rec.message_sims(topic_axis(2))) == 1.0
    assert rec.text_situations(topic_axis(2))[INDEX["grief"]] > 0.6
    assert order(rec, topic_axis(2)) == ["plain", "love"]


def with_messages(path, messages: dict[int, list[np.ndarray]]):
    """Rewrite the situation layer of ``situated``'s catalog with listener messages per song row."""
    cat = Catalog.open(path)
    layer = cat.situations
    rows = sorted(messages)
    vecs = [v / np.linalg.norm(v) for r in rows for v in messages[r]]
    owner = [r for r in rows for _ in messages[r]]
    write_situations(
        path,
        layer.weights,
        layer.valence,
        layer.familiarity,
        layer.prototypes,
        layer.prototype_situation,
        CODES,
        messages=np.array(vecs, np.float32),
        message_song=np.array(owner),
    )
    return path


def test_a_listener_message_places_the_song_it_was_written_for(tmp_path):
    """Two songs alike in situation, tone and emotion; the text is close to a message written for the
    second one, so it comes first, with a high message fit; the other song's fit is 0."""
    path = situated(
        tmp_path,
        [("a", "first", one_hot_mix(S), 0, "grief", -0.9, 0.0), ("b", "second", one_hot_mix(S), 0, "grief", -0.9, 0.0)],
    )
    rec = Recommender.from_catalog(Catalog.open(path))
    probs = np.array(one_hot_mix(S), np.float32)
    text = (topic_axis(2) + topic_axis(6)) / np.sqrt(2)
    assert rec.message_fit(text) is None  # no messages in this catalog yet
    with_messages(path, {0: [topic_axis(7)], 1: [topic_axis(1), topic_axis(2) + topic_axis(6)]})
    rec = Recommender.from_catalog(Catalog.open(path))
    fit = rec.message_fit(text)
    assert fit[1] > 0.9 and fit[0] == 0.0
    assert [r.song.key for r in rec.rank(probs, top=2, topic=text)] == ["b", "a"]
    with_messages(path, {0: [topic_axis(2) + topic_axis(6)], 1: [topic_axis(7)]})
    rec = Recommender.from_catalog(Catalog.open(path))
    first, second = rec.rank(probs, top=2, topic=text)
    assert [first.song.key, second.song.key] == ["a", "b"]
    # the explanation says so, in both languages, and only where the messages counted
    assert f"listeners' messages fit {round(100 * first.message_fit)}%" in explain(first, "en")
    assert f"사연 일치 {round(100 * first.message_fit)}%" in explain(first, "ko")
    assert second.message_fit == 0.0 and "messages fit" not in explain(second, "en")


@pytest.mark.parametrize(
    "damage",
    [
        ("UPDATE text_arrays SET data = ? WHERE name = 'message_song'", np.array([1, 0], "<i4").tobytes()),
        ("UPDATE text_arrays SET data = ? WHERE name = 'message_song'", np.array([0, 5], "<i4").tobytes()),
        ("UPDATE text_arrays SET data = ? WHERE name = 'message_scale'", np.array([np.nan, 1], "<f4").tobytes()),
        ("UPDATE text_arrays SET data = ? WHERE name = 'message_scale'", np.array([0.5, 1], "<f4").tobytes()),
        ("UPDATE text_arrays SET rows = 1 WHERE name = 'message'",),
        ("DELETE FROM text_arrays WHERE name = 'message_song'",),
    ],
)
def test_damaged_message_numbers_are_refused(tmp_path, damage):
    path = situated(
        tmp_path,
        [("a", "first", one_hot_mix(S), 0, "grief", -0.9, 0.0), ("b", "second", one_hot_mix(S), 0, "grief", -0.9, 0.0)],
    )
    with_messages(path, {0: [topic_axis(7)], 1: [topic_axis(1)]})
    assert Catalog.open(path).situations.messages is not None
    _corrupt(path, *damage)
    with pytest.raises(CatalogError, match="situation"):
        Catalog.open(path)


def test_messages_that_quote_their_song_are_dropped(tmp_path):
    from training.add_situations import echoes_lyrics, scrub_messages

    lyrics = ["비가 오는 날엔 난 항상", "너를 생각해 오늘도 창밖을 봐"]
    assert echoes_lyrics("비가 오는 날엔, 난 항상!", lyrics)  # a whole line, punctuation aside
    assert echoes_lyrics("퇴근길에 너를 생각해 오늘도 창밖을", lyrics)  # ten letters in a row
    assert not echoes_lyrics("우산 없이 퇴근하는 길, 비 맞고 걷는 중", lyrics)
    f = tmp_path / "m.tsv"
    f.write_text(
        "song_key\tmessages\n1\t비가 오는 날엔 난 항상\t우산 없이 퇴근하는 길\n2\t비가 오는 날엔 난 항상\n",
        encoding="utf-8",
    )
    report = scrub_messages({"1": lyrics, "2": lyrics}, f)
    assert report == {"dropped_quotes": 2, "songs_left_without_messages": 1}
    assert f.read_text(encoding="utf-8") == "song_key\tmessages\n1\t우산 없이 퇴근하는 길\n"


def test_compacted_examples_give_the_ranking_the_same_centroids(tmp_path):
    """``compact_prototypes`` stores one vector per situation; the ranking's centroids (centred by the
    topic calibration's mean, averaged, unit) come out as from all the examples."""
    from training.add_situations import compact_prototypes

    rng = np.random.default_rng(0)
    mean = 0.3 * rng.normal(size=TOPIC_DIM) / np.sqrt(TOPIC_DIM)
    examples = rng.normal(size=(12, TOPIC_DIM)).astype(np.float32)
    examples /= np.linalg.norm(examples, axis=1, keepdims=True)
    owner = np.repeat(np.arange(3), 4)

    def centroids(protos, who):
        centred = protos - mean
        centred /= np.linalg.norm(centred, axis=1, keepdims=True)
        c = np.stack([centred[who == s].sum(0) for s in range(3)])
        return c / np.linalg.norm(c, axis=1, keepdims=True)

    stored, who = compact_prototypes(examples, owner, mean)
    assert stored.shape == (3, TOPIC_DIM) and who.tolist() == [0, 1, 2]
    np.testing.assert_allclose(np.linalg.norm(stored, axis=1), 1, atol=1e-6)
    np.testing.assert_allclose(centroids(stored, who), centroids(examples, owner), atol=1e-5)
