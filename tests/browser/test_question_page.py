"""The question page and the summary as a person uses them, on a desktop and a phone: Enter adds
an own question, the box empties and keeps focus for the next one; the move buttons show an
icon with a name of their own; the summary shows the visit first and the own questions reach it.
"""

from __future__ import annotations

import pytest
from browser_steps import to_step
from conftest import PATHWAYS
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from decision_aid.answers import Answer
from decision_aid.load import read
from testing.browser import DESKTOP, PHONE, Patient

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement === document.querySelector('.st-key-own_new input')"
MOVE_NAMES = """() => [...document.querySelectorAll("[class*=st-key-cq_up_] button")]
  .map(b => [b.innerText.replace("arrow_upward", "").trim(), b.getBoundingClientRect().width])"""
OWN = ("Can I keep working?", "Is it safe to lift my grandchild?")
ROWS = """() => [...document.querySelectorAll("[class*=st-key-cq_row_]")].map(row => {
  const own = row.querySelector("[data-testid=stText] span");  // typed: plain text
  const text = own || row.querySelector("[data-testid=stCheckbox] [data-testid=stWidgetLabel] p");
  const at = (sel) => Math.round(row.querySelector(sel).getBoundingClientRect().left);
  return {own: !!own, x: Math.round(text.getBoundingClientRect().left),
          right: Math.round(text.parentElement.closest("[data-testid=stElementContainer]")
                            .getBoundingClientRect().right),
          size: getComputedStyle(text).fontSize, line: getComputedStyle(text).lineHeight,
          up: at("[class*=st-key-cq_up_] button"), down: at("[class*=st-key-cq_down_] button")};
})"""
"""Where each listed question's text starts and ends, its size, and where its arrows are."""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_enter_adds_own_questions_and_keeps_focus(patient, viewport) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p: Patient = patient("main", viewport=viewport, label=f"questions-{viewport[0]}")
    answers: dict[str, Answer] = {}
    [listed] = [s for s in pathway.steps if s.has_question_list]  # a part of weighing up
    to_step(p, pathway, answers, listed.id)
    p.page.wait_for_function("() => !!window.__aidOwnFocus")  # the keep-focus script ran
    box = p.key("own_new").locator("input")
    box.click()
    for text in OWN:
        box.press_sequentially(text)
        box.press("Enter")
        p.settle()
        p.page.get_by_text(text, exact=True).first.wait_for()
        assert box.input_value() == ""
        # Focus comes back a frame or two after the rerun that empties the box (the page
        # script), before a person could type again; a loaded machine delays those frames.
        try:
            p.page.wait_for_function(FOCUSED, timeout=2_000)
        except PlaywrightTimeout:
            pytest.fail("the box lost focus after Enter")
    # Own questions (plain text beside a box) line up with the suggested ones (checkbox labels):
    # the text starts at the same x in the same size, and the arrows are in the same place.
    rows = p.page.evaluate(ROWS)
    own = [r for r in rows if r["own"]]
    suggested = [r for r in rows if not r["own"]]
    assert len(own) == len(OWN) and suggested, rows
    look = {(r["x"], r["size"], r["line"], r["up"], r["down"]) for r in rows}
    assert len(look) == 1, rows
    assert max(r["right"] for r in own) == max(r["right"] for r in suggested), rows
    if viewport == PHONE:
        assert own[0]["size"] == "17px"
    names = p.page.evaluate(MOVE_NAMES)
    assert len({n for n, _ in names}) == len(names), names  # each its own name
    up = p.page.get_by_role("button", name="Move question 2 up", exact=True)
    assert up.count() == 1
    more = p.key("cq_more").locator("details")
    if more.count():  # the rest are offered behind a closed toggle
        assert more.first.get_attribute("open") is None
    p.shot("questions")
    p.click("nav_next")
    p.expect_step(pathway.steps_by_id["summary"].title)
    p.open_toggle("summary_rest")
    main = p.page.get_by_test_id("stMain").inner_text()
    for text in OWN:
        assert text in main
    assert main.index("What next") < main.index("Take it with you")
    p.shot("summary")
