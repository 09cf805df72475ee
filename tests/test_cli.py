"""``moodtune`` sub-commands, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.cli import main
from desktop.core.labels import ENGLISH, LABELS
from tests.helpers import ROOT


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_json(capsys):
    code, out, _ = run(capsys, "analyze", "오늘 너무 행복해", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["label"] == "행복"
    assert list(doc["probabilities"]) == list(LABELS)
    assert abs(sum(doc["probabilities"].values()) - 1) < 1e-3


def test_analyze_empty_is_an_error(capsys):
    code, _, err = run(capsys, "analyze", "  ")
    assert code == 2 and "empty" in err and "Traceback" not in err


def test_eval_json(capsys, tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text(
        "label\ttext\n행복\t오늘 너무 행복해\n슬픔\t너무 슬퍼서 눈물이 나\n분노\t진짜 화가 나서 미치겠네\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", str(f), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["n"] == 3
    assert set(doc) >= {"n", "accuracy", "macro_f1", "per_label"}
    assert set(doc["per_label"]) == set(LABELS)
    assert 0 <= doc["accuracy"] <= 1


def test_eval_bad_file(capsys, tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("label\ttext\njoy\thello\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(f))
    assert code == 2 and "label must be one of" in err


def test_recommend_json(capsys):
    code, out, _ = run(capsys, "recommend", "비 오는 날 혼자 있으니 너무 슬퍼", "--top", "5", "--json")
    doc = json.loads(out)
    assert code == 0 and len(doc["songs"]) == 5
    assert doc["text"]["label"] in LABELS
    first = doc["songs"][0]
    assert {"title", "artist", "score", "dominant"} <= set(first)
    assert first["dominant"] == doc["text"]["label"]
    scores = [s["score"] for s in doc["songs"]]
    assert scores == sorted(scores, reverse=True)


def test_export_feedback_cli(capsys, tmp_path):
    assert run(capsys, "recommend", "오늘 너무 행복해", "--top", "1")[0] == 0
    code, out, _ = run(capsys, "export-feedback", str(tmp_path / "f.json"))
    assert code == 0 and "exported 0 votes" in out
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["votes"] == []


def test_missing_model_message(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MOODTUNE_MODEL_DIR", str(tmp_path))
    code, _, err = run(capsys, "analyze", "안녕")
    assert code == 2 and "missing" in err and "Reinstall" in err


@pytest.mark.subprocess
@pytest.mark.parametrize("args", [["--self-test"]])
def test_self_test_subprocess(args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("moodtune self-test ok")
    assert not (tmp_path / "profile").exists()  # the real profile is never touched


def test_eval_keeps_unicode_line_separators_in_texts(tmp_path, capsys):
    from desktop.engine.evaluate import read_labelled_tsv

    f = tmp_path / "t.tsv"
    f.write_bytes("label\ttext\r\n행복\t오늘\u2028너무\x0c행복해\r\n슬픔\t슬퍼\rㅠㅠ\n".encode())
    texts, labels = read_labelled_tsv(f)
    assert texts == ["오늘\u2028너무\x0c행복해", "슬퍼\rㅠㅠ"] and labels == [0, 1]


def test_eval_names_the_file_on_bad_encoding(tmp_path, capsys):
    f = tmp_path / "bad.tsv"
    f.write_bytes("label\ttext\n행복\t좋아\n".encode() + b"\xff\xfe\tbroken\n")
    code, _, err = run(capsys, "eval", str(f))
    assert code == 2 and "bad.tsv:3" in err and "UTF-8" in err and "Traceback" not in err


@pytest.mark.subprocess
def test_self_test_reports_damaged_user_data(tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "moodtune.db").write_bytes(b"definitely not sqlite" * 300)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "MOODTUNE_DATA_DIR": str(profile)}
    res = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert res.returncode == 1 and "damaged" in res.stdout and "Traceback" not in res.stderr
    assert (profile / "moodtune.db").read_bytes() == b"definitely not sqlite" * 300  # untouched


@pytest.mark.parametrize("lang,mood", [("en", "happiness"), ("ko", "행복")])
def test_recommend_text_output_speaks_the_chosen_language(capsys, tmp_path, monkeypatch, lang, mood):
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path))
    code, out, _ = run(capsys, "recommend", "오늘 너무 행복해", "--top", "3", "--no-feedback", "--lang", lang)
    assert code == 0
    first, *songs = out.splitlines()
    assert first.startswith(mood + "  ")
    names = set(ENGLISH.values()) if lang == "en" else set(LABELS)
    assert len(songs) == 3 and all(s.split("[")[1].split("]")[0] in names for s in songs)
    assert "(?)" not in out


def test_self_test_checks_that_qt_finds_its_files(monkeypatch, tmp_path):
    """A frozen build must carry Qt's platform plugin and Korean translations where Qt looks."""
    from PySide6.QtCore import QLibraryInfo

    from desktop import selftest

    assert selftest.check_qt() == (True, "Qt ok")
    monkeypatch.delenv("QT_PLUGIN_PATH", raising=False)
    monkeypatch.setattr(QLibraryInfo, "path", staticmethod(lambda which: str(tmp_path)))
    ok, note = selftest.check_qt()
    assert not ok and "platform plugin" in note
    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / selftest.PLATFORM_PLUGIN).write_bytes(b"")
    ok, note = selftest.check_qt()
    assert not ok and "Korean translations" in note


@pytest.mark.parametrize("lang,words", [("en", "understands Korean best"), ("ko", "한국어를 가장 잘")])
def test_cli_says_how_a_text_was_read_like_the_window(capsys, tmp_path, monkeypatch, lang, words):
    """Not Korean, only emoji, or cut short: a note on stderr (the output keeps its shape) and in --json."""
    monkeypatch.setenv("MOODTUNE_DATA_DIR", str(tmp_path))
    code, out, err = run(capsys, "recommend", "I feel great today", "--top", "2", "--no-feedback", "--lang", lang)
    assert code == 0 and "moodtune: note: " in err and words in err and words not in out
    code, out, err = run(capsys, "recommend", "😀😀!!", "--top", "2", "--no-feedback", "--json", "--lang", lang)
    assert code == 0 and len(json.loads(out)["text"]["notes"]) == 1
    code, out, err = run(capsys, "recommend", "가" * 10_050, "--top", "2", "--no-feedback", "--json", "--lang", lang)
    assert code == 0 and "10,000" in json.loads(out)["text"]["notes"][0]
    code, out, err = run(capsys, "recommend", "ㅋㅋㅋㅋ", "--top", "2", "--no-feedback", "--json", "--lang", lang)
    assert code == 0 and ("mood alone" if lang == "en" else "기분으로만") in json.loads(out)["text"]["notes"][0]
    code, out, err = run(capsys, "recommend", "오늘 너무 행복해", "--top", "2", "--no-feedback", "--lang", lang)
    assert code == 0 and err == ""
    code, out, err = run(capsys, "analyze", "I feel great today", "--json", "--lang", lang)
    assert code == 0 and words in json.loads(out)["notes"][0] and "행복" in json.loads(out)["probabilities"]
    code, out, err = run(capsys, "analyze", "I feel great today", "--lang", lang)
    assert code == 0 and words in err and ("happiness" in out) == (lang == "en")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_recommend_json_names_the_moment_curators_picked_a_song_for(capsys, lang):
    text = "친한 친구 결혼식 다녀왔다 축사하다 울컥"
    code, out, _ = run(capsys, "recommend", text, "--top", "10", "--json", "--lang", lang)
    songs = json.loads(out)["songs"]
    picked = [s for s in songs if s["scenario"]]
    assert code == 0 and picked, "no song of the list was placed by a scenario"
    assert all(0.3 <= s["scenario_fit"] <= 1 for s in picked)
    name = picked[0]["scenario"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in name) == (lang == "ko")
    assert name in picked[0]["why"]
