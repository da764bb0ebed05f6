"""Helpers for driving app.py with Streamlit's AppTest, keyed by question id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from streamlit import config
from streamlit.testing.v1 import AppTest

from decision_aid.compare import is_shortlist
from decision_aid.model import Pathway, Question
from decision_aid.path import visible_questions
from testing.answers import safe_answer

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def skip_component_scan(monkeypatch: Any) -> None:
    """Skip the scan AppTest makes of every installed package for custom components (~1 s per
    new app). The app uses none. ``monkeypatch`` is pytest's fixture; tests/conftest.py applies
    this to every test."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    monkeypatch.setattr(
        BidiComponentManager, "discover_and_register_components", lambda self, **kwargs: None
    )


def app(timeout: float = 30, **query: str) -> AppTest:
    """A fresh AppTest of app.py, run once (the start page, or the address ``query`` gives, as
    a page opened at that address); a run may take ``timeout`` seconds."""
    # A generous ceiling: a busy 2-core machine can be slow; a normal run takes ~0.1 s.
    at = AppTest.from_file(APP, default_timeout=timeout)
    # The project config hides error details; tests need them to explain failures.
    config.set_option("client.showErrorDetails", "full")
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def no_exception(at: AppTest) -> AppTest:
    """Assert the last run raised nothing, with the message if it did."""
    assert not at.exception, [e.message for e in at.exception]
    return at


def answers(at: AppTest) -> dict[str, Any]:
    return dict(at.session_state["answers"])


def step_id(at: AppTest) -> str:
    return str(at.session_state["step"])


def nav(at: AppTest, kind: str = "next") -> str:
    """The key of the Next (or Back) button drawn for the current step."""
    return f"nav_{kind}__{step_id(at)}"


def set_answer(at: AppTest, q: Question, value: Any) -> AppTest:
    """Answer one question through its widget, then rerun."""
    if q.kind == "multiple":
        drawn = {c.key for c in at.checkbox}
        for choice_id in value:
            k = f"w_{q.id}__{choice_id}"
            if choice_id == "none" and k not in drawn:
                continue  # one "None of these" answers the warning-sign screen; Next the rest
            at.checkbox(key=k).check().run()
        return at
    if q.kind == "text":
        return at.text_area(key=f"w_{q.id}").input(value).run()
    return at.radio(key=f"w_{q.id}").set_value(value).run()


def answer_step(at: AppTest, pathway: Pathway, chosen: dict[str, Any] | None = None) -> None:
    """Answer every visible unanswered question of the current step (chosen values win)."""
    chosen = chosen or {}
    step = pathway.steps_by_id[step_id(at)]
    done: set[str] = set()
    while True:
        current = answers(at)
        todo = [
            q
            for q in visible_questions(pathway, step, current)
            if q.id not in done
            and q.id not in current
            and (q.id in chosen or not is_shortlist(pathway, q.id))  # optional, in a toggle
        ]
        if not todo:
            return
        q = todo[0]
        done.add(q.id)
        value = chosen[q.id] if q.id in chosen else safe_answer(pathway, q, current)
        no_exception(set_answer(at, q, value))


def start(at: AppTest, pathway: Pathway) -> AppTest:
    return no_exception(at.button(key=f"start_{pathway.id}").click().run())


def next_step(at: AppTest) -> AppTest:
    return no_exception(at.button(key=nav(at)).click().run())


def walk_to_summary(
    at: AppTest, pathway: Pathway, chosen: dict[str, Any] | None = None, limit: int = 40
) -> AppTest:
    """From the first step, answer and press Next until the summary; fail on any exception."""
    for _ in range(limit):
        no_exception(at)
        if pathway.steps_by_id[step_id(at)].kind == "summary":
            return at
        answer_step(at, pathway, chosen)
        next_step(at)
    raise AssertionError(f"no summary after {limit} steps; stuck at {step_id(at)!r}")


# --- reading the rendered page -----------------------------------------------------------------


def walk(node: Any) -> Iterator[Any]:
    """Every element under ``node`` (blocks and their children, depth first)."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def texts(at: AppTest) -> list[str]:
    """The visible strings of the page: values, labels and bodies of every element."""
    out = []
    for node in walk(at.main):
        for attr in ("value", "label", "body"):
            try:
                value = getattr(node, attr, None)
            except Exception:  # noqa: BLE001 - some widgets have no value before a run
                continue
            if isinstance(value, str):
                out.append(value)
    return out


def page_text(at: AppTest) -> str:
    return "\n".join(texts(at))
