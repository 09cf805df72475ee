"""Bad input, damaged files and hostile environments get a clear answer, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from desktop.core.errors import ModelError
from desktop.core.text_input import clean_text, script_of
from desktop.engine.emotion_model import EmotionModel
from desktop.engine.model_spec import EMOTION
from desktop.library.catalog import Catalog
from tests.helpers import ROOT


def _cli(args: list, tmp_path, **env_extra) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "MOODTUNE_DATA_DIR": str(tmp_path / "profile"),
        **env_extra,
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, cwd=tmp_path, env=env, timeout=120
    )


@pytest.mark.subprocess
def test_no_onnxruntime_telemetry_files(tmp_path):
    res = _cli(["analyze", "오늘 너무 행복해"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / "home" / ".cache" / "Microsoft").exists()


@pytest.mark.parametrize("text", ["a\udcffb", "\ud800", "슬퍼\x00요", "\udcc3\udca9 행복"])
def test_surrogates_and_nul_are_cleaned(model, text):
    p = model.analyze(text)
    assert p.shape == (7,) and abs(float(p.sum()) - 1) < 1e-5
    assert "\x00" not in clean_text(text)
    clean_text(text).encode("utf-8")  # valid UTF-8 from here on


@pytest.mark.subprocess
def test_invalid_utf8_argv(tmp_path):
    res = _cli([b"analyze", b"\xff\xfe \xea\xb8\xb0\xeb\xbb\x90", b"--json"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["label"]


@pytest.mark.subprocess
def test_text_may_start_with_a_dash(tmp_path):
    res = _cli(["analyze", "-_-;;", "--json"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert "probabilities" in json.loads(res.stdout)


def test_huge_text_runs_a_bounded_number_of_windows(model):
    text = "오늘 너무 행복해. 그런데 조금 슬프기도 해. " * 40_000  # ~1 MB
    windows, owner = model.preprocess([text])
    assert len(windows) == EMOTION.max_windows and set(owner) == {0}
    p = model.analyze(text)
    assert abs(float(p.sum()) - 1) < 1e-5


@pytest.mark.parametrize(
    "text,script",
    [
        ("ㅋㅋㅋㅋ", "jamo"),
        ("ㅠㅠ", "jamo"),
        ("오늘 ㅋㅋ", "korean"),
        ("I am happy", "other"),
        ("😀😀", "symbols"),
        ("?!", "symbols"),
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize("text", ["ㅋㅋㅋㅋ", "ㅠㅠ", "😀😀!!"])
def test_a_text_without_words_is_ranked_by_its_mood_alone(text):
    """No words, no topic: the list must not claim to be "close to what your text is about"."""
    from desktop.service import Moodtune

    svc = Moodtune.load(with_store=False, lazy_models=True)
    analysis = svc.analyze(text)
    assert analysis.topic is None
    recs = svc.recommend(analysis, top=5)
    assert len(recs) == 5 and all(r.topic_fit is None for r in recs)
    assert svc.analyze(text + " 바다 가고 싶다").topic is not None


def test_a_long_decorated_text_is_read_in_the_same_bounded_windows(model, monkeypatch):
    """Its words are not read again: a 10,000-character text with ㅋㅋ and "!" runs 2 windows, not 4."""
    seen = []
    real_run = model.run
    monkeypatch.setattr(model, "run", lambda windows, *a: seen.append(len(windows)) or real_run(windows, *a))
    probs, topic = model.read("오늘 너무 행복해! ㅋㅋ 그런데 조금 슬프기도 해 ㅠㅠ " * 330)
    assert seen == [EMOTION.max_windows] and topic is not None and abs(float(probs.sum()) - 1) < 1e-5
    seen.clear()
    model.read("바다 보러 가고 싶다 ㅋㅋ")  # short: the text and its words, one batch of two windows
    assert seen == [2]


def _copy_models(tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(ROOT / "model", dst)
    return dst


def test_flipped_bytes_in_the_model_are_detected(tmp_path):
    d = _copy_models(tmp_path)
    data = bytearray((d / EMOTION.file).read_bytes())
    mid = len(data) // 2
    data[mid : mid + 4096] = bytes(b ^ 0xFF for b in data[mid : mid + 4096])
    (d / EMOTION.file).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="damaged"):
        EmotionModel(d)


def test_verified_hash_is_cached_and_rechecked_after_a_change(tmp_path):
    d = _copy_models(tmp_path)
    EmotionModel(d)
    cache = json.loads((tmp_path / "profile" / "cache" / "verified-models.json").read_text(encoding="utf-8"))
    assert str((d / EMOTION.file).resolve()) in cache
    data = bytearray((d / EMOTION.file).read_bytes())
    data[1000] ^= 0x01
    (d / EMOTION.file).write_bytes(bytes(data))  # new mtime/size stamp: hashed again
    with pytest.raises(ModelError, match="damaged"):
        EmotionModel(d)


def test_catalog_path_with_uri_characters(tmp_path, small_catalog):
    folder = tmp_path / "dir#1 ?x %41"
    folder.mkdir()
    path = folder / "catalog.db"
    shutil.copy(small_catalog, path)
    cat = Catalog.open(path)
    assert len(cat) == 6
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.db"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("dir")) == [folder.name]


@pytest.mark.subprocess
def test_closed_stdout_pipe_is_quiet(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOODTUNE_DATA_DIR": str(tmp_path / "p")}
    cmd = f"{sys.executable} -m desktop recommend '비 오는 날 우울해' --top 300 --json --no-feedback | head -c 10"
    res = subprocess.run(
        cmd, shell=True, capture_output=True, text=True, errors="replace", env=env, cwd=tmp_path, timeout=120
    )
    assert res.stderr == ""  # the reader left: nothing to say, no traceback


def test_topic_vectors_are_unit_and_deterministic(model):
    _, a = model.read_batch(["비 오는 날 우울해", "바다 보러 가자"])
    assert np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-4)
    _, single = model.read_batch(["비 오는 날 우울해"])
    assert np.array_equal(single, model.read_batch(["비 오는 날 우울해"])[1])
    assert float(a[0] @ single[0]) > 0.99
    _, (rain, sea) = model.read_batch(["비가 주룩주룩 내린다", "파도 치는 바닷가"])
    assert a[0] @ rain > a[0] @ sea and a[1] @ sea > a[1] @ rain  # the vector says what a text is about


def test_deferred_model_loads_on_first_use():
    from desktop.service import Moodtune

    svc = Moodtune.load(with_store=False, lazy_models=True)
    assert callable(svc._model)  # not loaded yet: the window shows first
    analysis = svc.analyze("바다 보러 가고 싶다")
    assert analysis.topic is not None and isinstance(svc.model, EmotionModel)


def test_any_text_runs_a_bounded_amount_of_model_work(model):
    """Latency is bounded by windows, not length: 1 MB costs the same model work as 2,000 characters."""
    from desktop.service import Moodtune

    svc = Moodtune.load(with_store=False)
    for n in (2_000, 1_000_000):
        text = "오늘 너무 행복해. 그런데 조금 슬프기도 해. " * (n // 26)
        a = svc.analyze(text)
        assert a.truncated == (n > 10_000) and len(a.text) <= 10_000
        assert len(svc.model.preprocess([a.text])[0]) <= EMOTION.max_windows
