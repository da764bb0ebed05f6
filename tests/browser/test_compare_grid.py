"""'Weigh up your options' in a real Chromium, on a desktop and on a phone: the table of the
ticked options is shown (no toggle to find), as a real table on a desktop and question by
question on a phone (each compared option's answer under the question, carrying on as now
first, no source numbers in the cells, no sideways scrolling), with the picture comparing both
arms; the shortlist under it (in a closed toggle) is a named group that changes the columns,
the leaning question offers only what was ticked, and axe stays at 0 serious or critical
violations."""

from __future__ import annotations

import pytest
from browser_checks import blocking
from browser_steps import walk
from conftest import PATHWAYS
from playwright.sync_api import expect

from decision_aid import compare
from decision_aid.answers import Answer
from decision_aid.load import read
from decision_aid.model import Question, Step
from decision_aid_ui import compare_page
from testing.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

TICKED = ["scs_trial", "scs_implant"]
LEANED = {"trade_operation": "bigger"}  # what patient_answer gives: the last choice


class AtCompare(Exception):
    """Raised by ``on_page`` to end the walk once the compare step is filled in."""


def pick(step: Step, todo: list[Question], answers: dict[str, Answer]) -> Question | None:
    """Required questions and one trade-off: the quickest way to a grid with a value row."""
    return next((q for q in todo if q.required or q.id in LEANED), None)


@pytest.mark.parametrize(
    ("viewport", "phone"), [(DESKTOP, False), (PHONE, True)], ids=["desktop", "phone"]
)
def test_options_side_by_side_question_by_question_on_a_phone(  # type: ignore[no-untyped-def]
    patient, viewport, phone,  # noqa: ANN001
) -> None:
    pathway = read(PATHWAYS / "spinal-cord-stimulation.yaml")
    extra = {"is_mobile": True, "has_touch": True} if phone else {}
    p = patient("main", viewport=viewport, label=f"compare-{'phone' if phone else 'desktop'}",
                **extra)

    def on_page(label: str) -> None:
        if label == "ladder":  # tick two options to talk about, as on their cards
            p.answer(pathway, pathway.questions["discuss"], TICKED, None)
            p.settle()
        if label == "compare":
            raise AtCompare

    with pytest.raises(AtCompare):  # the walk checks every heading against the engine
        walk(p, pathway, on_page, back_and_edit=False, pick=pick)
    grid = p.key(compare_page.GRID_KEY)
    expect(grid.get_by_role("heading", name=compare_page.HEADING)).to_be_visible()
    expect(p.page.locator(".cmp").first).to_be_visible()  # shown: no toggle to open
    assert p.page.locator("[data-testid=stExpander] summary", has_text="side by side").count() == 0
    shortlist = p.page.get_by_role("group", name=pathway.questions["shortlist"].text, exact=True)
    leaning = p.page.get_by_role("radiogroup", name=pathway.questions["leaning"].text, exact=True)
    labels = [c.label for c in compare.leaning_choices(pathway, {"discuss": TICKED})]
    assert leaning.locator("[data-testid=stRadioOption]").all_inner_texts() == labels
    assert labels == [
        "Not going ahead for now", "A stimulator trial", "A permanent stimulator implant",
        "Not sure yet",
    ]
    expected = compare.grid(pathway, TICKED, LEANED)  # the ticked options, nothing picked here
    n = len(expected.columns)
    expect(p.page.locator(".cmp-phone table")).to_have_count(len(expected.rows))
    expect(p.page.locator(".cmp-wide thead th[scope=col]")).to_have_count(n + 1)
    assert shortlist.count() == 0  # another choice of options is one tap away, closed
    p.open_toggle("shortlist_toggle")
    expect(shortlist).to_have_count(1)
    boxes = {c.label: shortlist.get_by_role("checkbox", name=c.label, exact=True)
             for c in pathway.choices(pathway.questions["shortlist"])}
    assert "Not going ahead for now" not in [  # always in the table: no box for it
        c for c, box in boxes.items() if box.count()
    ]
    ticked = [c.label for c in pathway.choices(pathway.questions["shortlist"]) if c.id in TICKED]
    assert [c for c, box in boxes.items() if box.count() and box.is_checked()] == ticked
    wide = p.page.locator(".cmp-wide table")
    if phone:
        assert not wide.is_visible()
        tables = p.page.locator(".cmp-phone table")
        captions = tables.locator("caption").all_inner_texts()
        assert captions == [r.question for r in expected.rows]  # question by question
        assert captions[-1] == "I lean to: bigger relief"
        first = tables.first
        heads = first.locator("th[scope=row]").all_inner_texts()
        assert heads == [c.title for c in expected.columns]  # carrying on as now first
        cells = first.locator("td").all_inner_texts()
        assert cells == [c.text for c in expected.rows[0].cells]  # no "Sources: n" in them
        assert p.page.locator(".cmp .src").count() == 0
        assert p.horizontal_overflow() == []
    else:
        assert wide.is_visible()
        cols = wide.locator("thead th[scope=col]").all_inner_texts()
        assert cols == ["Question", *(c.title for c in expected.columns)]
        heads = wide.locator("tbody th[scope=row]").all_inner_texts()
        assert heads == [r.question for r in expected.rows]
        # the benefit picture comparing both groups and the harm picture beside it: 100 icons
        # each, as many filled as the sentence says (the harm's range drawn light)
        figures = p.page.locator(".cmp-pic figure")
        assert figures.count() == 3
        for i, k in enumerate((34, 7, 15)):
            assert figures.nth(i).locator(".i.on").count() == k
            assert f"about {k} " in figures.nth(i).locator("figcaption").inner_text()
        assert figures.nth(2).locator(".i.rng").count() == 27 - 15
    p.shot("compare-open")
    assert blocking(p.axe()) == []

    # The shortlist changes the columns (and is saved); the grid stays in view.
    p.key("w_shortlist__scs_trial").locator("label").first.click()
    p.settle()
    expect(p.page.locator(".cmp-wide thead th[scope=col]")).to_have_count(n)
    expect(p.page.locator(".cmp").first).to_be_visible()
    expect(boxes["A stimulator trial"]).not_to_be_checked()
