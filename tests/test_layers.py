"""The house's layers, read from the import statements: no circle between the project's own
modules, nor between the engine's rooms (a sub-package such as ``decision_aid/rules/`` is one
room), and no arrow back up (engine <- UI <- app; bench and tests on top, deploy beside).

Deferred imports inside functions count too: a circle closed lazily is still a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("decision_aid", "decision_aid_ui", "deploy", "bench", "tests")
FLOOR = {"decision_aid": 0, "decision_aid_ui": 1, "deploy": 1, "app": 2, "bench": 3, "tests": 3}
"""A module may import only from its own floor or below."""
NEVER = {"decision_aid": ("streamlit",)}
"""Third-party packages a part never imports (the engine is pure Python)."""


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imported(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def _own(name: str) -> str | None:
    # The project module a dotted name refers to (a function's name falls back to its module).
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _arrows() -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = {_own(n) for n in _imported(path)} - {None, name}
        # A submodule's import of its own package (its __init__) is not an arrow between rooms.
        arrows[name] = {t for t in targets if t is not None and not name.startswith(f"{t}.")}
    return arrows


ARROWS = _arrows()


def _engine_rooms() -> dict[str, set[str]]:
    # The engine's arrows with each sub-package taken whole: decision_aid.rules.lint -> rules.
    def room(name: str) -> str:
        return ".".join(name.split(".")[:2])

    rooms: dict[str, set[str]] = {}
    for name, targets in ARROWS.items():
        if name.startswith("decision_aid."):
            inside = {room(t) for t in targets if t.startswith("decision_aid.")}
            rooms.setdefault(room(name), set()).update(inside - {room(name)})
    return rooms


def _circles(arrows: dict[str, set[str]]) -> list[list[str]]:
    # Tarjan's strongly connected components; any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(arrows.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = stack[stack.index(v):]
            del stack[stack.index(v):]
            if len(part) > 1:
                circles.append(sorted(part))

    for v in sorted(arrows):
        if v not in index:
            visit(v)
    return circles


def _floor(name: str) -> int:
    return FLOOR[name.partition(".")[0]]


def test_the_graph_sees_the_engine() -> None:
    # Else the tests below could pass on an empty graph.
    assert "decision_aid.plan" in ARROWS["decision_aid.formats.summary"]
    assert "decision_aid.safety" in ARROWS["decision_aid.path"]
    assert "decision_aid.path" in ARROWS["decision_aid_ui.wizard"]
    assert "decision_aid.rules" in _engine_rooms()["decision_aid.load"]


def test_no_circles() -> None:
    assert _circles(ARROWS) == []


def test_no_circles_between_the_engines_rooms() -> None:
    # Two packages can import each other with no two of their modules in a circle.
    assert _circles(_engine_rooms()) == []


def test_no_arrow_runs_back_up() -> None:
    back = sorted((a, b) for a, targets in ARROWS.items() for b in targets if _floor(b) > _floor(a))
    assert back == []


@pytest.mark.parametrize("part", sorted(NEVER))
def test_a_part_never_imports_what_it_must_not(part: str) -> None:
    found = sorted(
        (name, n)
        for name, path in MODULES.items()
        if name.partition(".")[0] == part
        for n in _imported(path)
        if n.partition(".")[0] in NEVER[part]
    )
    assert found == []
