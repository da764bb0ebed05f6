"""Two people using the app at the same time never see each other's answers (hazard HAZ-07).

Streamlit runs every browser session in one Python process, so anything kept at module level or
in a shared cache is visible to every session. These tests run two sessions interleaved with
different answers and typed text, and check the app's code for shared state holding answers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from decision_aid.load import read
from decision_aid.model import Pathway
from testing.apptest import app, nav, page_text

pytestmark = pytest.mark.usefixtures("example_pathways")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
PATHWAY: Pathway = read(FIXTURE)
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "decision_aid_ui").glob("*.py"))]
PERSONAL = {"answers", "answer", "plan", "edits", "text", "value", "upload", "data", "p"}
"""Parameter names that carry a person's answers or what is derived from them."""


def session() -> AppTest:
    at = app()
    return at.button(key=f"start_{PATHWAY.id}").click().run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_two_sessions_never_see_each_others_answers() -> None:
    a, b = session(), session()
    # Interleave every action, so any shared state would leak into the other session.
    plan = {
        "a": {
            "coping": True,
            "duration": "over_3_months",
            "detail": "ALPHA-secret-detail",
            "goal": "ALPHA-secret-goal",
            "own": "ALPHA-secret-question",
        },
        "b": {
            "coping": False,
            "duration": "under_6_weeks",
            "detail": None,
            "goal": "BRAVO-secret-goal",
            "own": "BRAVO-secret-question",
        },
    }
    people = {"a": a, "b": b}
    for at in people.values():
        ok(at.checkbox(key="w_warning_signs__none").check().run())
    for name, at in people.items():
        ok(at.radio(key="w_coping").set_value(plan[name]["coping"]).run())
    for at in people.values():
        ok(at.button(key=nav(at)).click().run())
    for name, at in people.items():
        ok(at.radio(key="w_duration").set_value(plan[name]["duration"]).run())
    ok(a.text_area(key="w_long_term_detail").input(plan["a"]["detail"]).run())
    assert b.session_state["answers"].get("long_term_detail") is None
    for _ in range(12):  # Next until the questions step, filling in the goal on the way
        for name, at in people.items():
            step = PATHWAY.steps_by_id[at.session_state["step"]]
            if step.has_question_list:
                continue
            if any(t.key == "w_goal" for t in at.text_area):
                ok(at.text_area(key="w_goal").input(plan[name]["goal"]).run())
            ok(at.button(key=nav(at)).click().run())
    for name, at in people.items():
        assert PATHWAY.steps_by_id[at.session_state["step"]].has_question_list
        ok(at.text_input(key="own_new").input(plan[name]["own"]).run())
        ok(at.button(key="own_add").click().run())
    for at in people.values():
        ok(at.button(key=nav(at)).click().run())
        assert PATHWAY.steps_by_id[at.session_state["step"]].kind == "summary"

    text_a, text_b = page_text(a), page_text(b)
    for secret in ("ALPHA-secret-detail", "ALPHA-secret-goal", "ALPHA-secret-question"):
        assert secret in text_a, secret
        assert secret not in text_b, secret
    for secret in ("BRAVO-secret-goal", "BRAVO-secret-question"):
        assert secret in text_b, secret
        assert secret not in text_a, secret
    assert a.session_state["answers"]["coping"] is True
    assert b.session_state["answers"]["coping"] is False


def test_a_new_session_starts_empty_after_another_has_answered() -> None:
    a = session()
    ok(a.checkbox(key="w_warning_signs__fever").check().run())
    fresh = app()
    ok(fresh)
    assert dict(fresh.session_state["answers"]) == {}
    assert "Fever" not in page_text(fresh)


# --- no shared state that could hold answers ---------------------------------------------------


def _cached_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Functions decorated with st.cache_data / st.cache_resource (with or without arguments)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Attribute) and target.attr.startswith("cache_"):
                    out.append(node)
    return out


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_caches_never_take_answers(path: Path) -> None:
    """Shared caches hold content only: no cached function takes answers or a plan."""
    for fn in _cached_functions(ast.parse(path.read_text())):
        names = {a.arg.lstrip("_") for a in [*fn.args.args, *fn.args.kwonlyargs]}
        assert not names & PERSONAL, f"{path.name}: {fn.name}({', '.join(sorted(names))})"


def _module_containers(tree: ast.Module) -> set[str]:
    """Names bound at module level to a dict, list or set (literal or constructor)."""
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        value = getattr(node, "value", None)
        mutable = isinstance(value, ast.Dict | ast.List | ast.Set) or (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"dict", "list", "set", "defaultdict", "deque"}
        )
        if mutable:
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


MUTATORS = {
    "append",
    "extend",
    "insert",
    "update",
    "setdefault",
    "add",
    "pop",
    "clear",
    "remove",
    "popitem",
    "discard",
    "__setitem__",
}


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_module_level_state_is_written(path: Path) -> None:
    """Module-level containers are read-only tables; no function writes to them or to globals."""
    tree = ast.parse(path.read_text())
    shared = _module_containers(tree)
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        for node in ast.walk(fn):
            assert not isinstance(node, ast.Global | ast.Nonlocal), f"{path.name}: {fn.name}"
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
                base = node.value
                assert not (isinstance(base, ast.Name) and base.id in shared), (
                    f"{path.name}: {fn.name} writes to module-level {base.id}"
                )
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
                and isinstance(node.func.value, ast.Name)
            ):
                assert node.func.value.id not in shared, (
                    f"{path.name}: {fn.name} changes module-level {node.func.value.id}"
                )


PLAIN = (type(None), bool, int, float, str)


def _plain(value: object) -> bool:
    if isinstance(value, list):
        return all(map(_plain, value))
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return isinstance(value, PLAIN)


def test_session_state_is_plain_data() -> None:
    """Every value in session state, the app's keys and keyed widgets alike, is plain data
    (None, bools, numbers, text, lists and dicts of them), so nothing is shared by reference.

    Streamlit's own pickling check (runner.enforceSerializableSessionState) is off because it
    broke every page after a reconnect (.streamlit/config.toml); this is the check instead.
    """
    a = ok(session())
    ok(a.checkbox(key="w_warning_signs__fever").check().run())
    values = a._session_state.filtered_state  # what st.session_state shows the app
    assert "answers" in values and "w_warning_signs__fever" in values
    assert [k for k, v in values.items() if not _plain(v)] == []
