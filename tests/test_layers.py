"""The architecture holds: imports flow down the layers of docs/architecture.md,
no module takes part in an import circle, and no module or class outgrows a
size a reader can hold in mind.

The layers contract lives in pyproject.toml ([tool.importlinter]) and is
checked with import-linter; the proof that it can fail is a copy of the
package with one upward import added.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "factdrill"
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 400

grimp = pytest.importorskip("grimp")


def lint_imports(cwd: Path, src: Path = PACKAGE.parent) -> subprocess.CompletedProcess[str]:
    """Run import-linter with ``cwd``'s pyproject.toml on the package in ``src``."""
    code = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    env = dict(os.environ, PYTHONPATH=str(src), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=cwd, capture_output=True, text=True, timeout=300, env=env,
    )


def test_layers_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_layers_contract_fails_when_a_lower_layer_imports_a_higher_one(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "factdrill", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    markup = src / "factdrill" / "deck" / "markup.py"
    markup.write_text(markup.read_text() + "\n\ndef _upward():\n    from ..study import store  # noqa\n")
    result = lint_imports(tmp_path, src)
    assert result.returncode != 0
    assert "factdrill.deck is not allowed to import factdrill.study" in result.stdout


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles_even_through_lazy_or_type_only_imports():
    graph = grimp.build_graph("factdrill", cache_dir=None)
    assert _cycles(graph) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def _sizes():
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE.parent)
        yield rel, "module", len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                yield f"{rel}:{node.name}", "class", node.end_lineno - node.lineno + 1


def test_no_module_or_class_outgrows_a_reader():
    too_big = [
        f"{where} ({what}, {n} lines)"
        for where, what, n in _sizes()
        if n > (MAX_MODULE_LINES if what == "module" else MAX_CLASS_LINES)
    ]
    assert too_big == []
