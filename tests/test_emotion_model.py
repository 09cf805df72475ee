"""The run-time engine against the committed model."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from desktop.core.errors import InputTextError, ModelError
from desktop.core.labels import LABELS
from desktop.engine.emotion_model import MODEL_FILE, EmotionModel
from tests.helpers import ROOT

MODEL_DIR = ROOT / "model"


def test_shape_sum_deterministic(model):
    a = model.analyze("오늘 너무 행복해")
    b = model.analyze("오늘 너무 행복해")
    assert a.shape == (7,) and a.dtype == np.float32
    assert abs(float(a.sum()) - 1) < 1e-5 and (a >= 0).all()
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "text,label",
    [
        ("오늘 너무 행복해", "행복"),
        ("정말 기뻐요 최고의 하루였어", "행복"),
        ("헤어지고 나니 너무 슬퍼서 눈물만 나", "슬픔"),
        ("진짜 화가 나서 미치겠네 왜 맨날 나한테만 그래", "분노"),
        ("밤에 혼자 있으니까 너무 무서워", "공포"),
        ("헐 대박 진짜? 깜짝 놀랐잖아", "놀람"),
    ],
)
def test_obvious_sentences(model, text, label):
    assert model.label_of(model.analyze(text)) == label


def test_batch_matches_single(model):
    """Padding and batching change the kernels' summation order, so numbers move slightly;
    the decision must not move."""
    texts = ["오늘 너무 행복해", "헤어지고 나니 너무 슬퍼서 눈물만 나", "배고파"]
    batch = model.analyze_batch(texts)
    for t, row in zip(texts, batch):
        assert np.allclose(row, model.analyze(t), atol=0.05)
    assert [model.label_of(r) for r in batch[:2]] == ["행복", "슬픔"]


@pytest.mark.parametrize("text", ["😀😀😀", "🎵", "I am so happy today", "ㅋㅋㅋㅋㅋㅋ", "?!", "\u200b가"])
def test_odd_inputs_give_a_distribution(model, text):
    p = model.analyze(text)
    assert p.shape == (7,) and abs(float(p.sum()) - 1) < 1e-5


def test_long_text_is_windowed_not_truncated(model):
    happy, sad = "오늘 너무 행복해. " * 420, "너무 슬퍼서 눈물이 나. " * 420
    assert len(happy + sad) > 10_000
    both = model.analyze(happy + sad)
    assert abs(float(both.sum()) - 1) < 1e-5
    # the sad second half counts: a truncating model would say 행복 with ~the same score as `happy` alone
    assert both[LABELS.index("슬픔")] > 0.25
    assert both[LABELS.index("행복")] > 0.25


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_a_clear_error(model, text):
    with pytest.raises(InputTextError, match="empty"):
        model.analyze(text)


def test_non_text_rejected(model):
    with pytest.raises(InputTextError):
        model.analyze(None)  # type: ignore[arg-type]


def _copy_model(tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(MODEL_DIR, dst)
    return dst


def test_missing_model_dir(tmp_path):
    with pytest.raises(ModelError, match="missing"):
        EmotionModel(tmp_path / "nowhere")


def test_missing_onnx(tmp_path):
    d = _copy_model(tmp_path)
    (d / MODEL_FILE).unlink()
    with pytest.raises(ModelError, match="missing"):
        EmotionModel(d)


def test_corrupt_onnx(tmp_path):
    d = _copy_model(tmp_path)
    data = (d / MODEL_FILE).read_bytes()
    (d / MODEL_FILE).write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelError, match="damaged"):
        EmotionModel(d)


def test_corrupt_tokenizer(tmp_path):
    d = _copy_model(tmp_path)
    (d / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="tokenizer"):
        EmotionModel(d)


def test_wrong_labels(tmp_path):
    d = _copy_model(tmp_path)
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    cfg["labels"] = ["pos", "neg"]
    (d / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(ModelError, match="predicts"):
        EmotionModel(d)


def test_committed_model_card_numbers():
    """The shipped model: size bar (issue 9: model files <= 60 MB) and the measured gap to its fp32 export."""
    size_mb = (MODEL_DIR / MODEL_FILE).stat().st_size / 1e6
    assert size_mb <= 60
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["shipped"]["n"] >= 6000
    assert abs(metrics["shipped"]["accuracy"] - metrics["fp32"]["accuracy"]) <= 0.002


# Known texts -> the shipped model's outputs, measured when it was exported.  A damaged,
# swapped or re-quantised model file (or a broken pre/post-processing step) moves these.
FIXED = {
    "오늘 너무 행복해": [0.9359, 0.0263, 0.0031, 0.0148, 0.0077, 0.0065, 0.0058],
    "비 오는 날 괜히 우울하다": [0.0074, 0.881, 0.0743, 0.0114, 0.0105, 0.0105, 0.005],
    "밤에 혼자 있으니까 너무 무서워": [0.0052, 0.0187, 0.9436, 0.0085, 0.0041, 0.0058, 0.0141],
}
# The same run's e5 query vector (its first six numbers).
TOPIC_FIXED = {
    "비 오는 날 괜히 우울하다": [0.0767, -0.0004, -0.061, -0.0752, 0.132, -0.0378],
    "바다 보러 가고 싶다": [0.0434, -0.0396, -0.0187, -0.0276, 0.1158, -0.0342],
}


@pytest.mark.parametrize("text", list(FIXED))
def test_shipped_model_fixed_outputs(model, text):
    # 1e-3: the 8-bit model it replaced differed by up to 3.6e-3; fp32 kernels of other CPUs by far less.
    assert np.allclose(model.analyze(text), FIXED[text], atol=1e-3)


@pytest.mark.parametrize("text", list(TOPIC_FIXED))
def test_shipped_model_fixed_topic_outputs(model, text):
    probs, topics = model.read_batch([text])
    assert np.allclose(topics[0][:6], TOPIC_FIXED[text], atol=2e-3)
    assert np.allclose(probs[0], model.analyze(text), atol=1e-6)  # one run gives both


def test_preoptimised_model_skips_the_optimiser(model):
    """The shipped file is saved already optimised (training.preoptimise): start-up runs only
    the basic level; a file the card does not mark as such still gets the full optimiser."""
    import onnxruntime as ort

    from desktop.engine.model_spec import EMOTION

    basic = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    assert model.config["preoptimised"]["level"] == "extended"
    assert model.session.get_session_options().graph_optimization_level == basic
    other = EmotionModel(MODEL_DIR, threads=1, model_file=EMOTION.file, verify=False)
    assert other.session.get_session_options().graph_optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_ALL


def test_read_takes_the_topic_from_the_words_and_the_emotions_from_the_whole_text(model):
    """A trailing ㅠㅠ or emoji says how, not what: the topic vector stays (so the song list does),
    while the emotions still hear it."""
    plain_probs, plain_topic = model.read("바다 보러 가고 싶다")
    probs, topic = model.read("바다 보러 가고 싶다 ㅠㅠ 😭")
    assert float(topic @ plain_topic) > 0.999
    assert not np.allclose(probs, plain_probs, atol=1e-3)
    assert np.allclose(probs, model.analyze("바다 보러 가고 싶다 ㅠㅠ 😭"), atol=1e-6)
    only_jamo_probs, only_jamo_topic = model.read("ㅠㅠ ㅠㅠ")  # a mood without a topic
    assert only_jamo_topic is None and only_jamo_probs.argmax() == 1  # 슬픔


def test_shipped_graph_is_fused_and_stores_fp16_weights():
    """The form the card describes (training.export_joint, variant fp16w): each layer's attention
    is one fused node over a packed Q/K/V projection, and every large weight is fp16 on disk behind
    a Cast (fp32 arithmetic).  An int8 or unfused file would change speed and fidelity unseen."""
    import onnx

    graph = onnx.load(str(MODEL_DIR / MODEL_FILE)).graph
    ops = [n.op_type for n in graph.node]
    assert ops.count("MultiHeadAttention") == 12 and "Softmax" not in ops
    big = [t for t in graph.initializer if np.prod(t.dims) >= 4096]
    assert big and all(t.data_type == onnx.TensorProto.FLOAT16 for t in big)
    cast_inputs = {n.input[0] for n in graph.node if n.op_type == "Cast"}
    assert {t.name for t in big} <= cast_inputs
    card = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert card["preoptimised"]["weights"] == "fp16"
