"""CLI options and eval input (audit 2026-12-02: D13, D23, D24)."""

from __future__ import annotations

import os

import pytest

from desktop.cli import main
from desktop.core.errors import OptionError
from desktop.core.threads import parse_threads, resolve_threads


@pytest.mark.parametrize("value", ["0", "-1", "²", "٣", "2.5", "", "abc", "1e3"])
def test_thread_count_refuses_what_is_not_a_positive_ascii_number(value):
    with pytest.raises(OptionError):
        parse_threads(value)


@pytest.mark.parametrize("value", ["9999", "99999999999999999999", "9" * 5000])
def test_thread_count_is_clamped_to_the_cores(value):
    assert parse_threads(value) == (os.cpu_count() or 1)


def test_thread_count_env_is_parsed_safely(monkeypatch):
    monkeypatch.setenv("MOODTUNE_THREADS", "²")
    with pytest.raises(OptionError, match="MOODTUNE_THREADS"):
        resolve_threads()
    monkeypatch.setenv("MOODTUNE_THREADS", "99999999999999999999")
    assert resolve_threads() == (os.cpu_count() or 1)
    monkeypatch.delenv("MOODTUNE_THREADS")
    assert resolve_threads() == 0  # onnxruntime's default, never None (the model would re-read the env)


@pytest.mark.parametrize("value", ["-1", "²", "0"])
def test_cli_threads_bad_value_is_one_line_not_a_traceback(capsys, value):
    with pytest.raises(SystemExit) as exc:
        main(["--threads", value, "analyze", "오늘"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--threads must be a whole number" in err


def test_cli_env_threads_bad_value_is_one_line(capsys, monkeypatch):
    monkeypatch.setenv("MOODTUNE_THREADS", "²")
    assert main(["recommend", "오늘", "--no-feedback"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "MOODTUNE_THREADS must be" in err


def test_threads_after_the_subcommand_works(capsys):
    assert main(["analyze", "오늘 너무 행복해", "--threads", "2", "--json"]) == 0
    assert '"label"' in capsys.readouterr().out
    assert main(["--threads", "1", "analyze", "-_-;;", "--json"]) == 0


def test_huge_threads_runs_clamped(capsys):
    assert main(["analyze", "오늘", "--threads", "9999", "--json"]) == 0


def test_eval_reads_a_bounded_line(tmp_path, capsys, monkeypatch):
    import desktop.engine.evaluate as ev

    monkeypatch.setattr(ev, "MAX_LINE_BYTES", 1000)
    f = tmp_path / "e.tsv"
    f.write_bytes(b"label\ttext\n" + "행복\t".encode() + b"x" * 5000)
    assert main(["eval", str(f)]) == 2
    assert f"{f}:2: the line is longer than 1,000 bytes" in capsys.readouterr().err


def test_eval_zero_device_is_refused_quickly(capsys):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert main(["eval", "/dev/zero"]) == 2
    assert "longer than" in capsys.readouterr().err


def test_eval_empty_text_names_file_and_line(tmp_path, capsys):
    f = tmp_path / "e.tsv"
    f.write_text("label\ttext\n행복\t좋아\n슬픔\t\n", encoding="utf-8")
    assert main(["eval", str(f)]) == 2
    assert f"{f}:3: The text is empty" in capsys.readouterr().err


@pytest.mark.subprocess
def test_korean_argv_is_read_under_the_c_locale_without_utf8_mode():
    """D25: LC_ALL=C with PYTHONUTF8=0 PYTHONCOERCECLOCALE=0 decodes argv as ASCII; the Korean text
    must still be read as Korean (it was ranked as "only emoji or symbols")."""
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    env = {
        **os.environ,
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONIOENCODING": "utf-8",
    }
    r = subprocess.run(
        [sys.executable, "-m", "desktop", "analyze", "오늘 너무 행복해", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    import json

    out = json.loads(r.stdout.decode("utf-8"))
    assert out["label"] == "행복" and not out.get("notes"), out
