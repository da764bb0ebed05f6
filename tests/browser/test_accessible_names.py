"""What a screen reader and a thumb meet on a phone (390x844, touch): clean accessible names,
checkbox questions as named groups, 0-10 scales on one line, 44 px targets, and the first Start
button on the first screen. axe-core stays at 0 serious or critical on every page."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from browser_checks import blocking
from conftest import PATHWAYS

from decision_aid.answers import Answer
from decision_aid.compare import is_shortlist
from decision_aid.load import read
from decision_aid.model import Pathway, Step
from decision_aid.path import step_after, visible_questions, visible_steps
from decision_aid_ui import widgets
from testing.browser import PHONE, Patient, required

pytestmark = pytest.mark.browser

TOUCH_PX = 44

# Every accessible name in the main area that still carries Markdown.
MARKDOWN_NAMES = """() => [...document.querySelectorAll(
    "[data-testid=stMain] [aria-label], [data-testid=stMain] [role=radiogroup]")]
  .map(e => e.getAttribute("aria-label") || "").filter(n => /\\*\\*|__/.test(n))"""

# Visible radio options and checkbox rows shorter than a thumb.
SMALL_TARGETS = """(px) => [...document.querySelectorAll("[data-testid=stMain] " +
    ":is([data-testid=stRadioOption], [data-testid=stCheckbox] label)")]
  .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < px)
  .map(e => (e.innerText || "").trim().slice(0, 40) + ": " +
    Math.round(e.getBoundingClientRect().height))"""

# The rows (distinct tops) the options of one radio group sit on.
ROWS = """(el) => new Set([...el.querySelectorAll("[data-testid=stRadioOption]")]
  .map(o => Math.round(o.getBoundingClientRect().top))).size"""


def named(page: Patient, role: str, name: str) -> Any:
    """The element with ``role`` and accessible ``name``, waited for while the page draws."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    found = page.page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    with contextlib.suppress(PlaywrightTimeout):
        found.first.wait_for(state="attached", timeout=5_000)
    return found


def check_step(p: Pathway, page: Patient, step: Step, answers: dict[str, Answer]) -> list[str]:
    """Problems a screen reader or a thumb would meet on this step."""
    problems = [f"Markdown in a name: {n}" for n in page.page.evaluate(MARKDOWN_NAMES)]
    problems += [f"small target {t}" for t in page.page.evaluate(SMALL_TARGETS, TOUCH_PX)]
    for q in visible_questions(p, step, answers):
        if is_shortlist(p, q.id):
            continue  # in a closed toggle: test_compare_grid opens it and checks its name
        if q.kind == "multiple":
            group = named(page, "group", q.text)
            if group.count() != 1:
                problems.append(f"no group named {q.text!r}")
        if q.kind in ("single", "yes_no", "scale"):
            # a scale's name says what its ends mean, before its numbers
            name = widgets.scale_label(q) if q.kind == "scale" else q.text
            radios = named(page, "radiogroup", name)
            if radios.count() != 1:
                problems.append(f"no radio group named {name!r}")
            elif q.kind == "scale" and radios.evaluate(ROWS) != 1:
                problems.append(f"the scale {q.id} wraps onto {radios.evaluate(ROWS)} rows")
    problems += [f"axe: {v}" for v in blocking(page.axe())]
    return problems


def test_phone_names_groups_scales_and_targets(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", viewport=PHONE, has_touch=True, is_mobile=True, label="phone-a11y")
    p.start()
    first = p.page.locator(".st-key-start_" + pathway.id).get_by_role("button")
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE[1], f"first Start at {box}"
    p.choose_pathway(pathway)
    answers: dict[str, Answer] = {}
    step = visible_steps(pathway, answers)[0]
    found: dict[str, list[str]] = {}
    while True:
        p.expect_step(step.title)
        p.settle()
        problems = check_step(pathway, p, step, answers)
        if problems:
            found[step.id] = problems
            p.shot(step.id)
        if step.kind == "summary":
            break
        p.answer_step(pathway, step, answers, required)
        nxt = step_after(pathway, answers, step.id)
        assert nxt is not None
        p.click("nav_next")
        step = pathway.steps_by_id[nxt]
    assert found == {}
