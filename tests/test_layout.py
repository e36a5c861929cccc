"""The package layout: each layer imports only the layers beneath it, and no module imports
itself back through others (no import cycles), counting imports inside functions too (but
not those for type hints only)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
#: What each layer may import (besides itself).
ALLOWED = {
    "errors": set(),
    "paths": set(),
    "cachefile": set(),
    "data": {"cachefile", "errors", "paths"},
    "measures": {"data", "cachefile", "errors", "paths"},
    "book": {"errors", "paths"},
    "claims": {"measures", "data", "cachefile", "errors", "paths"},
    "profiles": {"measures", "data", "cachefile", "book", "errors", "paths"},
    "bundle": {"claims", "measures", "data", "cachefile", "book", "errors", "paths"},
    "pdf": {"sitecheck", "book", "errors", "paths"},
    "linkcheck": {"data", "cachefile", "errors", "paths"},
    "cli": {"pdf", "bundle", "profiles", "claims", "measures", "data", "cachefile", "book",
            "linkcheck", "errors", "paths"},
    "sitecheck": {"errors", "paths"},
    "__main__": {"cli"},
    "__init__": {"errors"},
}


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
            for p in sorted((SRC / "helpers").rglob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node, except those under ``if TYPE_CHECKING:`` (imports for type hints only)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports(path: Path) -> set[str]:
    """Every ``helpers`` module a file imports at run time, anywhere in it."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("helpers"))
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_imports_only_lower_layers(module):
    known = modules()
    own = layer(module)
    assert own in ALLOWED, f"{module}: layer {own!r} is not in the layout; add it to ALLOWED"
    bad = sorted(m for m in imports(known[module]) if m in known and m != "helpers"
                 and layer(m) != own and layer(m) not in ALLOWED[own])
    assert not bad, f"{module} ({own}) imports {bad}; {own} may import {sorted(ALLOWED[own])}"


def test_no_import_cycles():
    known = modules()
    graph = {m: {i for i in imports(p) if i in known and i != m} for m, p in known.items()}
    graph = {m: {i for i in deps if not (m.startswith(i + ".") or i == "helpers")}
             for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for dep in graph[m]:
            if state.get(dep) == 1:
                raise AssertionError(f"import cycle: {' -> '.join([*trail, m, dep])}")
            if dep not in state:
                visit(dep, [*trail, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])
