"""The options grid in a real Chromium, on a desktop and on a phone: a real table, no sideways
scrolling, the picture comparing both arms, and axe at 0 serious or critical violations."""

from __future__ import annotations

import pytest
from browser_checks import blocking
from browser_steps import walk
from conftest import PATHWAYS
from playwright.sync_api import expect

from decision_aid import compare
from decision_aid.evaluate import Answer
from decision_aid.load import read
from decision_aid.model import Question, Step

pytestmark = pytest.mark.browser

PICKED = ["scs_trial", "scs_implant"]
LEANED = {"trade_operation": "bigger"}  # what safe_answer gives: the last choice


class AtCompare(Exception):
    """Raised by ``on_page`` to end the walk once the compare step is drawn."""


def pick(step: Step, todo: list[Question], answers: dict[str, Answer]) -> Question | None:
    """Required questions and one trade-off: the quickest way to a grid with a value row."""
    return next((q for q in todo if q.required or q.id in LEANED), None)


def stop_at_compare(label: str) -> None:
    if label == "compare":
        raise AtCompare


@pytest.mark.parametrize(
    ("viewport", "phone"), [((1280, 900), False), ((390, 844), True)], ids=["desktop", "phone"]
)
def test_the_grid_is_a_table_that_reads_well(patient, viewport, phone) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "spinal-cord-stimulation.yaml")
    extra = {"is_mobile": True, "has_touch": True} if phone else {}
    p = patient("main", viewport=viewport, label=f"compare-{'phone' if phone else 'desktop'}",
                **extra)
    with pytest.raises(AtCompare):  # the walk checks every heading against the engine
        walk(p, pathway, stop_at_compare, back_and_edit=False, pick=pick)
    assert p.page.locator(".cmp").count() == 0  # nothing picked yet: no grid
    p.answer(pathway, pathway.questions["shortlist"], PICKED, None)
    p.settle()
    expected = compare.grid(pathway, PICKED, LEANED)
    n = len(expected.columns)  # wait for the rerun of the last tick to draw every column
    expect(p.page.locator(".cmp-phone table")).to_have_count(n)
    expect(p.page.locator(".cmp-wide thead th[scope=col]")).to_have_count(n + 1)
    wide = p.page.locator(".cmp-wide table")
    if phone:
        assert not wide.is_visible()
        tables = p.page.locator(".cmp-phone table")
        assert tables.count() == len(expected.columns)
        first = tables.first
        assert first.locator("caption").inner_text() == expected.columns[0].title
        heads = first.locator("th[scope=row]").all_inner_texts()
        assert heads == [r.question for r in expected.rows]
        assert p.horizontal_overflow() == []
    else:
        assert wide.is_visible()
        cols = wide.locator("thead th[scope=col]").all_inner_texts()
        assert cols == ["Question", *(c.title for c in expected.columns)]
        heads = wide.locator("tbody th[scope=row]").all_inner_texts()
        assert heads == [r.question for r in expected.rows]
        assert heads[-1].startswith("No operation or a chance of bigger relief. I lean to: a")
        # the picture comparing both arms: 100 icons each, as many filled as the sentence says
        figures = p.page.locator(".cmp-pic figure")
        assert figures.count() == 2
        for i, n in enumerate((34, 7)):
            assert figures.nth(i).locator(".i.on").count() == n
            assert f"{n} in 100" in figures.nth(i).locator("figcaption").inner_text()
    p.shot("compare-grid")
    assert blocking(p.axe()) == []
