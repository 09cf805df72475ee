"""Start-up settings come from one bootstrap that the entry points call, not from importing the package."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from desktop.core import bootstrap as boot
from tests.helpers import ROOT

_PROBE = """
import os, sys
import desktop, desktop.cli, desktop.service, desktop.engine.recommend, desktop.profile.user_store
print(os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("ORT_DISABLE_TELEMETRY"))
"""


@pytest.mark.subprocess
def test_importing_the_package_changes_no_environment_variable():
    """Training and benchmarks import ``desktop``: they must keep numpy's own thread count."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "ORT_DISABLE_TELEMETRY")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True
    ).stdout.split()
    assert out == ["None", "None"]


@pytest.mark.subprocess
def test_the_cli_module_loads_without_numpy():
    """``main`` calls ``bootstrap`` before numpy loads, which only works while importing the CLI does not load it."""
    code = "import sys, desktop.cli; print('numpy' in sys.modules, 'onnxruntime' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == ["False", "False"]


def test_bootstrap_sets_telemetry_off_and_one_blas_thread_but_keeps_the_users_count(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "0")
    boot.bootstrap()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    boot.bootstrap()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


def test_the_cli_entry_point_bootstraps_before_parsing(monkeypatch):
    import desktop.cli as cli

    calls = []
    monkeypatch.setattr(cli, "bootstrap", lambda: calls.append("bootstrap"))
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["bootstrap"]


def test_a_session_is_never_created_with_telemetry_on(monkeypatch):
    """Code that uses the engine without an entry point (tests, benchmarks) stays offline too."""
    from desktop.engine import text_encoder

    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "0")
    text_encoder.load_session(ROOT / "model" / "emotion.onnx", 1, "emotion model")
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"
