"""The topic bridge: a user's own song, analysed at run time, on the catalog's topic scale, and
ranked with the catalog's situation layer (situations taken from its catalog neighbours).

Lyrics here are written for the tests (``tests.test_my_music``); nothing reads ../shared."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from desktop.core.errors import CatalogError
from desktop.engine.topic_bridge import TopicBridge, neighbours, transfer
from desktop.library.catalog import Catalog, write_topic_bridge
from desktop.library.situations import CODES
from tests.helpers import TOPIC_DIM, make_catalog, one_hot_mix, song_row, topic_axis
from tests.test_my_music import PARTY_SONG, RAIN_SONG, _by_name, my_service  # noqa: F401 - the fixture


@pytest.fixture(scope="module")
def real() -> Catalog:
    return Catalog.open()


def _bridged_catalog(tmp_path, bridge: np.ndarray | None):
    path = make_catalog(
        tmp_path / "bridged.db", [song_row(str(i), f"곡 {i}", one_hot_mix(0), topic=topic_axis(i)) for i in range(3)]
    )
    if bridge is not None:
        write_topic_bridge(path, bridge)
    return path


def test_the_shipped_catalog_has_a_small_valid_bridge(real):
    bridge = real.topic_bridge
    assert bridge is not None, "catalog.db has no topic bridge (training/fit_topic_bridge.py --write)"
    assert bridge.shape[1] == real.topics.shape[1] and bridge.shape[0] % 2 == 1
    assert bridge.size * 2 <= 64_000  # bytes in the file: the bundle has little room
    assert np.all(np.isfinite(bridge))
    # the map moves a vector (it is not the identity) and gives unit vectors
    x = real.topics[:5] / np.linalg.norm(real.topics[:5], axis=1, keepdims=True)
    y = TopicBridge(bridge)(x)
    np.testing.assert_allclose(np.linalg.norm(y, axis=1), 1, atol=1e-5)
    assert (x * y).sum(1).max() < 0.99


def test_a_bridge_round_trips_and_a_catalog_without_one_still_opens(tmp_path):
    good = np.arange(5 * TOPIC_DIM, dtype=np.float32).reshape(5, TOPIC_DIM) / 100
    opened = Catalog.open(_bridged_catalog(tmp_path, good))
    np.testing.assert_allclose(opened.topic_bridge, good, atol=1e-3)
    bridge = TopicBridge.of(opened)
    assert bridge is not None and bridge.rank == 2 and TopicBridge.stamp(opened).startswith("|bridge:")
    write_topic_bridge(tmp_path / "bridged.db", None)
    plain = Catalog.open(tmp_path / "bridged.db")
    assert plain.topic_bridge is None and TopicBridge.of(plain) is None and TopicBridge.stamp(plain) == ""


@pytest.mark.parametrize("shape", [(4, TOPIC_DIM), (5, TOPIC_DIM + 1), (2 * TOPIC_DIM + 3, TOPIC_DIM)])
def test_the_writer_refuses_a_bridge_of_the_wrong_shape(tmp_path, shape):
    path = _bridged_catalog(tmp_path, None)
    with pytest.raises(ValueError, match="topic bridge"):
        write_topic_bridge(path, np.zeros(shape, dtype=np.float32))


@pytest.mark.parametrize(
    "sql, args",
    [
        (
            "UPDATE text_arrays SET rows = 4, data = ? WHERE name = 'topic_bridge'",
            (np.zeros(4 * TOPIC_DIM, "<f2").tobytes(),),
        ),
        ("UPDATE text_arrays SET cols = 4, rows = 10 WHERE name = 'topic_bridge'", ()),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'topic_bridge'",
            (np.full(5 * TOPIC_DIM, np.nan, "<f2").tobytes(),),
        ),
        (
            "UPDATE text_arrays SET data = ? WHERE name = 'topic_bridge'",
            (np.full(5 * TOPIC_DIM, np.inf, "<f2").tobytes(),),
        ),
        (
            "UPDATE text_arrays SET dtype = '<f4', data = ? WHERE name = 'topic_bridge'",
            (np.zeros(5 * TOPIC_DIM, "<f4").tobytes(),),
        ),
        ("UPDATE text_arrays SET data = ? WHERE name = 'topic_bridge'", (b"\x00" * 7,)),
    ],
    ids=["even-rows", "mis-shaped", "nan", "inf", "float32", "short"],
)
def test_a_damaged_bridge_is_refused_with_a_clear_message(tmp_path, sql, args):
    path = _bridged_catalog(tmp_path, np.zeros((5, TOPIC_DIM), dtype=np.float32))
    assert Catalog.open(path).topic_bridge is not None
    con = sqlite3.connect(path)
    con.execute(sql, args)
    con.commit()
    con.close()
    with pytest.raises(CatalogError, match="damaged.*topic bridge"):
        Catalog.open(path)


def test_a_local_song_is_stored_bridged_and_lands_among_catalog_songs(my_service, model, real):  # noqa: F811
    """The rain and party songs written for the tests, analysed by the service as the user's files:
    the stored topic is the bridged run-time vector, and on the catalog's scale: as near its nearest
    catalog songs as a catalog song is to its own nearest (the unbridged vector is not)."""
    from desktop.engine.song_analysis import analyse_lyrics, topic_centre

    names = _by_name(my_service)
    topics = real.topics
    sample = topics[::20]
    catalog_near = np.median(np.sort(sample @ topics.T, axis=1)[:, -11:-1].mean(1))  # skip the song itself
    bridge = TopicBridge.of(real)
    assert bridge is not None
    for name, lyrics in (("rain.mp3", RAIN_SONG), ("party.mp3", PARTY_SONG)):
        stored = names[name].topic
        ((_, raw),) = analyse_lyrics(model, [lyrics], topic_centre(real))
        np.testing.assert_allclose(stored, bridge(raw), atol=2e-3)
        assert float(stored @ raw) < 0.95  # the bridge moved it
        near = np.sort(topics @ stored)[-10:].mean()
        assert near > catalog_near + 0.02, (name, near, catalog_near)
    assert "|bridge:" in next(iter(my_service.my_music.analysed_with()))


def test_a_local_song_takes_situations_from_its_catalog_neighbours(my_service, real):  # noqa: F811
    names = _by_name(my_service)
    rain, party = names["rain.mp3"], names["party.mp3"]
    near, w = neighbours(real, np.stack([rain.topic, party.topic]))
    assert np.allclose(w.sum(1), 1) and np.all(np.diff(w, axis=1) <= 1e-6)
    sit, valence = transfer(real, near, w)
    assert CODES[int(sit[0].argmax())] == "rain" and CODES[int(sit[1].argmax())] == "party"
    assert sit.max(1).tolist() == [1.0, 1.0] and valence[0] < 0 < valence[1]


def test_my_music_ranks_local_songs_with_the_situation_layer(my_service):  # noqa: F811
    ranking = my_service.library_ranking()
    assert ranking is not None and ranking.situated
    recs = my_service.recommend(my_service.analyze("비 오는 날 우울해"), top=5, library_only=True)
    assert recs[0].song.title == "빗속의 산책" and recs[0].situation == "rain"
    assert all(r.situation_fit is not None and r.tone_fit is not None and r.message_fit is not None for r in recs)
    happy = my_service.recommend(my_service.analyze("오늘 너무 신나서 춤추고 싶어"), top=5, library_only=True)
    assert happy[0].song.title == "파티 타임" and happy[0].situation == "party"


def test_without_a_bridge_local_songs_are_ranked_by_emotion_and_topic(my_service):  # noqa: F811
    import copy

    from desktop.engine.library_ranking import LibraryRanking

    old = copy.copy(my_service.catalog)
    old.topic_bridge = None  # an older catalog: local vectors are not on its scale
    ranking = LibraryRanking(my_service.my_music.tracks(), old)
    assert not ranking.situated and ranking.recommender is not None
    recs = ranking.recommender.rank(*my_service.model.read("비 오는 날 우울해")[:1], top=3)
    assert all(r.situation is None and r.situation_fit is None for r in recs)
