"""'What you have tried' as one grid on a phone (390x844, touch) and by keyboard: the answers
once as column heads, each circle named by its row and column for screen readers, circles at
least 44 px, nothing scrolls sideways, and arrow keys move along a row."""

from __future__ import annotations

import pytest
from conftest import PATHWAYS

from decision_aid.answers import Answer
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.path import step_after, visible_steps
from testing.browser import PHONE, Patient, required

pytestmark = pytest.mark.browser


# Words of the main area a sighted reader sees (the rule of bench/browser.py's count).
SEEN = """(needle) => {
  const main = document.querySelector('[data-testid=stMain]');
  const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let n = 0;
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    const el = t.parentElement, box = el.getBoundingClientRect();
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    if (box.width <= 1 || box.height <= 1) continue;
    n += t.textContent.split(needle).length - 1;
  }
  return n;
}"""


def _to_about_pain(p: Patient, pathway: Pathway) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    p.start()
    p.choose_pathway(pathway)
    step = visible_steps(pathway, answers)[0]
    p.expect_step(step.title)
    p.answer_step(pathway, step, answers, required)
    nxt = step_after(pathway, answers, step.id)
    assert nxt == "about_pain"
    p.click("nav_next")
    p.expect_step(pathway.steps_by_id[nxt].title)
    return answers


def test_the_tried_grid_on_a_phone_and_by_keyboard(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", viewport=PHONE, has_touch=True, is_mobile=True, label="tried-grid")
    _to_about_pain(p, pathway)
    rows = [q for q in pathway.steps_by_id["about_pain"].questions if q.id.startswith("tried_")]
    choices = pathway.choices(rows[0])
    for q in rows:
        group = p.page.get_by_role("radiogroup", name=q.text, exact=True)
        group.first.wait_for()  # widgets draw a moment after the script has run
        assert group.count() == 1, q.text
        for c in choices:
            name = f"{q.summary_label}: {c.label}"
            radio = group.get_by_role("radio", name=name, exact=True)
            assert radio.count() == 1, name
            box = radio.locator("xpath=ancestor::label[1]").bounding_box()
            assert box is not None and box["height"] >= 44 and box["width"] >= 44, (name, box)
    for c in choices:  # each answer is shown once, as a column head
        assert p.page.evaluate(SEEN, c.label) == 1, c.label
    assert p.horizontal_overflow() == []
    p.shot("tried-grid")
    # Keyboard: a click on a row's first circle, then the right arrow chooses the next answer.
    first = p.page.get_by_role("radio", name=f"{rows[1].summary_label}: {choices[0].label}")
    first.locator("xpath=ancestor::label[1]").click()
    p.settle()
    p.page.keyboard.press("ArrowRight")
    p.settle()
    second = p.page.get_by_role("radio", name=f"{rows[1].summary_label}: {choices[1].label}")
    assert second.is_checked()
    saved = p.download("dl_answers_step")
    assert f'"{rows[1].id}": "{choices[1].id}"' in saved.decode()
