"""The main pathway with the keyboard only: Tab, Shift+Tab, Space, Enter and arrow keys."""

from __future__ import annotations

import pytest
from conftest import PATHWAYS

from decision_aid.answers import Answer
from decision_aid.load import read
from decision_aid.model import Pathway, Question
from decision_aid.path import step_after, visible_questions, visible_steps
from testing.browser import Patient, patient_answer, required

pytestmark = pytest.mark.browser

MAX_TABS = 80

# Is the focused element (or the element whose look shows focus) visibly marked?
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has focus";
  const look = (e) => {
    const s = getComputedStyle(e);
    const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return ring || (s.boxShadow && s.boxShadow !== "none");
  };
  // A native radio or checkbox is hidden; Streamlit draws focus on its visible box.
  const box = el.matches("input") ? el.closest("label") : el;
  const marked = [el, box, ...(box ? box.querySelectorAll("*") : [])].some(look);
  return marked ? "" : "no visible focus on " + el.outerHTML.slice(0, 120);
}"""

# Where focus is relative to the target: inside it, before it (press Tab), after it (Shift+Tab).
WHERE = """(el) => {
  const a = document.activeElement;
  if (!a || a === document.body) return "tab";
  if (el.contains(a)) return "inside";
  const pos = el.compareDocumentPosition(a);
  return (pos & Node.DOCUMENT_POSITION_PRECEDING) ? "tab" : "shift";
}"""


def focus(p: Patient, key: str, inner: str = "") -> None:
    """Move focus with Tab (or Shift+Tab when the target is behind) into ``.st-key-<key>``."""
    target = p.key(key).locator(inner).first if inner else p.key(key)
    handle = target.element_handle()
    for _ in range(MAX_TABS):
        where = p.page.evaluate(WHERE, handle)
        if where == "inside":
            problem = p.page.evaluate(FOCUS_VISIBLE)
            assert problem == "", f"focus is not visible at {key}: {problem}"
            return
        p.page.keyboard.press("Tab" if where == "tab" else "Shift+Tab")
    raise AssertionError(f"could not reach {key} with Tab / Shift+Tab")


FOCUSED_TEXT = "() => (document.activeElement?.textContent || '').trim().slice(0, 120)"


def focus_problem(p: Patient, title: str) -> str:
    """After a step change the app moves focus to the new step's heading (for screen readers);
    return what is wrong, if anything."""
    try:
        p.page.wait_for_function(
            "t => { const a = document.activeElement;"
            " return !!a && /^H[1-6]$/.test(a.tagName) && a.textContent.trim() === t; }",
            arg=title,
            timeout=3_000,
        )
    except Exception:  # noqa: BLE001 - report what has focus instead of a bare timeout
        return f"focus is on {p.page.evaluate(FOCUSED_TEXT)!r}, not the heading {title!r}"
    return ""


def press(p: Patient, key: str) -> None:
    p.page.keyboard.press(key)
    p.settle()


def answer(p: Patient, pathway: Pathway, q: Question, value: Answer) -> None:
    if q.kind == "multiple":
        for cid in value if isinstance(value, list) else []:
            if cid == "none" and not p.key(f"w_{q.id}__{cid}").count():
                continue  # one "None of these", ticked already, answers the warning-sign screen
            focus(p, f"w_{q.id}__{cid}", "input")
            press(p, "Space")
        return
    if q.kind == "text":
        focus(p, f"w_{q.id}", "textarea")
        p.page.keyboard.type(str(value))
        press(p, "Tab")
        return
    values: list[Answer] = (
        [c.id for c in pathway.choices(q)]
        if q.kind == "single"
        else [True, False]
        if q.kind == "yes_no"
        else list(range(q.min, q.max + 1))
    )
    focus(p, f"w_{q.id}", "input")
    press(p, "Space")  # selects the first option
    for _ in range(values.index(value)):
        press(p, "ArrowRight")


def test_main_pathway_by_keyboard_only(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", label="keyboard-mid-back-pain")
    p.start()
    focus(p, f"start_{pathway.id}", "button")
    press(p, "Enter")
    answers: dict[str, Answer] = {}
    misplaced: list[str] = []
    step = visible_steps(pathway, {})[0]
    while True:
        p.expect_step(step.title)
        misplaced.append(focus_problem(p, step.title))
        if step.kind == "summary":
            break
        for q in visible_questions(pathway, step, answers):
            if required(step, [q], answers):
                value = patient_answer(pathway, q, answers)
                answer(p, pathway, q, value)
                answers[q.id] = value
        p.shot(step.id)
        focus(p, "nav_next", "button")
        press(p, "Enter")
        nxt = step_after(pathway, answers, step.id)
        assert nxt is not None
        step = pathway.steps_by_id[nxt]
    focus(p, "dl_answers", "button")  # the summary's controls are reachable too
    p.shot("summary")
    assert [m for m in misplaced if m] == []
