"""decision_aid_ui/keys.py is the one place a widget or session key is written.

The UI writes no key of its own (no literal or f-string where a key goes, no declared key typed
again), app.py's docstring lists every declared key, and the app's styles and scripts select
only declared keys.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from decision_aid_ui import assets, keys

ROOT = Path(__file__).resolve().parent.parent
KEYS_FILE = ROOT / "decision_aid_ui" / "keys.py"
UI_SOURCES = sorted(p for p in [ROOT / "app.py", *(ROOT / "decision_aid_ui").rglob("*.py")]
                    if p != KEYS_FILE)
_STATE_METHODS = {"get", "pop", "setdefault"}


def _constants() -> dict[str, str]:
    return {name: value for name, value in vars(keys).items()
            if name.isupper() and isinstance(value, str)}


def _builders() -> dict[str, Callable[..., str]]:
    return {name: f for name, f in vars(keys).items()
            if inspect.isfunction(f) and f.__module__ == keys.__name__ and not name.startswith("_")}


def _sample(f: Callable[..., str]) -> str:
    """A built key with each id named after its parameter: ``question`` gives w_question_id."""
    return f(*inspect.signature(f).parameters)


def _is_session_state(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def _key_expressions(tree: ast.AST) -> Iterator[ast.expr]:
    """Where a key goes: ``key=...``, ``st.session_state[...]``, its get/pop/setdefault, ``in``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from (k.value for k in node.keywords if k.arg == "key")
            f = node.func
            if (isinstance(f, ast.Attribute) and f.attr in _STATE_METHODS
                    and _is_session_state(f.value) and node.args):
                yield node.args[0]
        elif isinstance(node, ast.Subscript) and _is_session_state(node.value):
            yield node.slice
        elif (isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn)
              and _is_session_state(node.comparators[0])):
            yield node.left


def _written_key(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


@pytest.mark.parametrize("path", UI_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_ui_takes_every_key_from_the_registry(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    written = [ast.unparse(e) for e in _key_expressions(tree) if _written_key(e)]
    assert not written, f"declare these in decision_aid_ui/keys.py: {written}"
    # A declared key typed again (words such as "step" or "confirm" name other things too, and
    # a style sheet may be named after the container it styles).
    assets_named = {p.stem for p in assets.HERE.glob("*.*s")}
    declared = {v for v in _constants().values() if "_" in v} - assets_named
    prefixes = {_sample(f).split("_")[0] + "_" for f in _builders().values()}
    typed = [
        n.value for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in declared
    ] + [
        ast.unparse(n) for n in ast.walk(tree)
        if isinstance(n, ast.JoinedStr) and n.values and isinstance(n.values[0], ast.Constant)
        and str(n.values[0].value) in prefixes
    ]
    assert not typed, f"use the name from decision_aid_ui/keys.py: {typed}"


def test_the_registry_check_finds_written_keys() -> None:
    tree = ast.parse('st.button("x", key="nav_next")\nst.session_state[f"w_{q}"]\n'
                     'st.session_state.get("a")\n"b" in st.session_state\nf(key=keys.NAV)')
    assert [ast.unparse(e) for e in _key_expressions(tree) if _written_key(e)] == [
        "'nav_next'", "f'w_{q}'", "'a'", "'b'"]


def test_declared_keys_are_distinct() -> None:
    """Among widget keys, and among session keys (a container's key is no session key)."""
    session = list(keys.SESSION)
    widgets = [v for v in _constants().values() if v not in session]
    widgets += [_sample(f) for f in _builders().values()]
    assert len(widgets) == len(set(widgets)) and len(session) == len(set(session))
    assert set(session) <= set(_constants().values())


def _app_list() -> tuple[str, str]:
    doc = ast.get_docstring(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))) or ""
    widgets, _, session = doc.partition("Session state keys")
    return widgets.replace("<", "").replace(">", ""), session


def _listed(key: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text) is not None


def test_app_py_lists_every_declared_key() -> None:
    widgets, session = _app_list()
    missing = [k for k in keys.SESSION if not _listed(k, session)]
    widget_keys = [v for v in _constants().values() if v not in keys.SESSION]
    missing += [k for k in widget_keys if not _listed(k, widgets)]
    missing += [_sample(f) for f in _builders().values() if not _listed(_sample(f), widgets)]
    assert not missing, f"add to the key list in app.py's docstring: {missing}"


def test_app_py_lists_no_key_that_is_not_declared() -> None:
    widgets, _ = _app_list()
    block = "\n".join(re.split(r"\s{2,}", line.strip())[0] for line in widgets.splitlines()
                      if line.startswith("    ") and not line.startswith("     "))
    listed = set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]*)+", block))
    known = set(_constants().values()) | {_sample(f) for f in _builders().values()}
    assert len(listed) > 40, "the check found too few keys in the list"
    assert listed - known == set()


def test_styles_and_scripts_select_declared_keys_only() -> None:
    known = set(_constants().values()) | {_sample(f) for f in _builders().values()}
    texts = "".join(p.read_text(encoding="utf-8") for p in sorted(assets.HERE.glob("*.*s*")))
    selected = set(re.findall(r"st-key-(\w+)", texts))
    assert selected, "the check found no selector"
    stray = {s for s in selected if s not in known and not any(k.startswith(s) for k in known)}
    assert not stray, f"selectors for undeclared keys: {stray}"
