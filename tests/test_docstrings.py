"""Docstrings and comments say why; measured figures live in docs/BENCHMARKS.md, with their date."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from tests.helpers import ROOT

# A duration or a size with a number: what a measurement looks like (limits such as "512 MB" in
# code are not docstrings or comments and are not looked at).
FIGURE = re.compile(r"\b\d[\d,.]*\s?(ms|µs|MB|GB)\b|~\d[\d.]*\s?s\b|\b\d[\d.]*\s?s on\b")


def prose(text: str) -> list[tuple[int, str]]:
    """(line, text) of every comment and docstring in a module's source."""
    out = [
        (tok.start[0], tok.string)
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                out.append((node.body[0].lineno, doc))
    return out


def test_no_measured_figures_in_the_codes_prose():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {m.group(0)}"
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        for line, text in prose(path.read_text(encoding="utf-8"))
        for m in FIGURE.finditer(text)
    ]
    assert found == []


def test_the_check_sees_figures_in_comments_and_docstrings():
    src = 'def f():\n    """Takes ~40 ms on 2 cores."""\n    x = 1  # 54 MB read\n    return "5 ms"\n'
    assert sorted(m.group(0) for _, t in prose(src) for m in FIGURE.finditer(t)) == ["40 ms", "54 MB"]
