"""The package's layers import in one direction only, and no module imports itself back.

Layers, lowest first: core <- library <- engine <- profile <- service <- ui <- entry points
(cli, selftest, __main__).  A module may import its own layer or a lower one, never a higher
one, and the import graph (every ``import`` in the file, including those inside functions and
under ``TYPE_CHECKING``, because a deferred import still couples the two modules) has no cycle.
Why an ``ast`` walk rather than import-linter: it needs no extra tool, no import of the package
(so no Qt or onnxruntime), and it sees the imports hidden inside functions that once hid the
explain <-> recommend cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "desktop"
LAYERS = ("core", "library", "engine", "profile", "service", "ui", "entry")
ENTRY_POINTS = {"desktop.cli", "desktop.selftest", "desktop.__main__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The floor a module lives on; the bare ``desktop`` package (only ``__version__``) is the ground."""
    if module == "desktop":
        return 0
    if module in ENTRY_POINTS:
        return LAYERS.index("entry")
    second = module.split(".")[1]
    if second not in LAYERS:
        raise AssertionError(f"{module}: not in a known layer; add it to LAYERS in tests/test_layers.py")
    return LAYERS.index(second)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports anywhere in its body (``from a import b``
    counts as ``a.b`` when ``a.b`` is a module, else as ``a``)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    paths = sorted(root.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} ({LAYERS[layer_of(a)]}) imports {b} ({LAYERS[layer_of(b)]})"
        for a, targets in graph.items()
        for b in targets
        if layer_of(b) > layer_of(a)
    )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path ``[a, b, ..., a]``, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_every_module_is_in_a_layer():
    for module in import_graph():
        layer_of(module)


def test_lower_layers_never_import_higher_ones():
    assert upward_imports(import_graph()) == []


def test_the_import_graph_has_no_cycle():
    assert find_cycle(import_graph()) is None


def test_the_package_root_imports_nothing_of_its_own():
    """``desktop/__init__`` is imported by everything (training too): no side effects, no imports."""
    assert import_graph()["desktop"] == set()
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "desktop"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def fake_root(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    return tmp_path


def test_the_checks_see_an_upward_import_inside_a_function(fake_root):
    """The checker itself can fail: a core module importing the service inside a function."""
    root = _tree(
        fake_root,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "service.py": "",
            "core/a.py": "def f():\n    from desktop.service import x\n",
        },
    )
    assert upward_imports(import_graph(root)) == ["desktop.core.a (core) imports desktop.service (service)"]


def test_the_checks_see_a_cycle_through_relative_and_type_only_imports(fake_root):
    root = _tree(
        fake_root,
        {
            "__init__.py": "",
            "engine/__init__.py": "",
            "engine/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import thing\n",
            "engine/b.py": "def g():\n    from desktop.engine import a\n",
        },
    )
    graph = import_graph(root)
    assert upward_imports(graph) == []
    assert find_cycle(graph) == ["desktop.engine.a", "desktop.engine.b", "desktop.engine.a"]
