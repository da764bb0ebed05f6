"""The warning-sign screen in Chromium, on a desktop and on a phone.

A same-day warning is impossible to miss: right after the tick the message under the question
is on screen (not hidden under the banner); after Next the compact banner is at the top of the
new step, and stays there when the person scrolls down. One "None of these" answers the whole
screen (one click, then Next); Next with nothing ticked says so where the person looks; and
"None of these" never clears a ticked sign.
"""

from __future__ import annotations

import pytest
from conftest import PATHWAYS

from decision_aid.load import read
from decision_aid.path import none_groups
from testing.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SIGN = ("same_day_signs", "weight_loss")  # a same-day sign low on the page: needs scrolling
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])

SCROLL_DOWN = "() => { document.querySelector('[data-testid=stMain]').scrollTop += 2000; }"


@VIEWPORTS
def test_same_day_message_is_in_view_at_the_tick_and_on_top_of_the_next_step(
    patient,  # type: ignore[no-untyped-def]  # noqa: ANN001
    viewport: tuple[int, int],
) -> None:
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    tier = next(t for t in pathway.safety if t.tier == "same_day")
    p = patient("main", viewport=viewport, label=f"warning-banner-{viewport[0]}")
    p.start()
    p.choose_pathway(pathway)
    p.expect_step(pathway.steps[0].title)
    _tick(p, *SIGN)
    p.page.wait_for_timeout(300)  # the scroll runs on the next animation frames

    beside = p.key(f"warn_at_{SIGN[0]}")
    banner = p.key("warning_banner")
    assert tier.title in beside.inner_text()
    top_of_message = _box(beside)["y"]
    below_banner = _box(banner)["y"] + _box(banner)["height"]
    assert below_banner - 1 <= top_of_message < viewport[1] - 40, (top_of_message, below_banner)
    p.shot("at-the-tick")  # after measuring: a shot stretches the viewport to the whole page

    _not_checked_yet(p)  # a same-day tick asks whether a clinician has checked it since
    p.click("nav_next")  # a ticked sign answers the screen: the other groups are recorded 'none'
    p.expect_step(pathway.steps[1].title)
    p.page.wait_for_timeout(300)
    _expect_banner_on_top(p, tier.title, viewport)
    p.page.evaluate(SCROLL_DOWN)
    p.page.wait_for_timeout(200)
    _expect_banner_on_top(p, tier.title, viewport)
    p.shot("next-step")


@VIEWPORTS
def test_one_none_of_these_answers_the_screen_and_never_clears_a_sign(
    patient,  # type: ignore[no-untyped-def]  # noqa: ANN001
    viewport: tuple[int, int],
) -> None:
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    step = pathway.steps[0]
    groups = none_groups(pathway, step, {})
    p = patient("main", viewport=viewport, label=f"one-none-{viewport[0]}")
    p.start()
    p.choose_pathway(pathway)
    p.expect_step(step.title)
    page = p.page
    none = page.get_by_role("checkbox", name="None of these", exact=True)
    none.first.wait_for(state="attached")
    p.settle()
    assert none.count() == 1
    for q in groups:  # each group keeps its question as its name, for screen readers
        assert page.get_by_role("group", name=q.text, exact=True).count() == 1, q.text

    p.click("nav_next")  # nothing ticked: one note, in view, and the step stays
    page.wait_for_timeout(300)  # the scroll runs on the next animation frames
    note = p.key("ws_unanswered")
    assert "None of these" in note.inner_text()
    box = _box(note)
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport[1], box
    p.expect_step(step.title)
    p.shot("unanswered")

    _tick(p, *SIGN)  # a same-day sign, then "None of these": refused, the sign stays
    _tick(p, groups[0].id, "none")
    assert not none.is_checked()
    assert p.key(f"w_{SIGN[0]}__{SIGN[1]}").get_by_role("checkbox").is_checked()
    assert "You have ticked: Losing weight without trying." in page.get_by_test_id(
        "stMain").inner_text()
    _tick(p, *SIGN)  # untick it

    _tick(p, groups[0].id, "none")  # one click...
    assert none.is_checked()
    p.click("nav_next")  # ...and Next
    p.expect_step(pathway.steps[1].title)
    p.shot("after-one-none")


def _not_checked_yet(p) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    p.key("w_checked_since").get_by_text("No", exact=True).click()
    p.settle()


def _tick(p, qid: str, cid: str) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    p.press_and_wait(p.key(f"w_{qid}__{cid}").locator("label").first, 3_000)


def _box(locator) -> dict[str, float]:  # type: ignore[no-untyped-def]  # noqa: ANN001
    box = locator.bounding_box()
    assert box is not None, "not drawn"
    return box  # type: ignore[no-any-return]


def _expect_banner_on_top(p, title: str, viewport: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    banner = p.key("warning_banner")
    assert title in banner.inner_text()
    box = _box(banner)
    # at the top of the screen: above the new heading once the step opens at its top, stuck to
    # the top edge once the person scrolls down; never scrolled away (negative y)
    assert 0 <= box["y"] < viewport[1] / 4, box
    assert box["height"] < viewport[1] / 4, box  # compact: most of the screen stays free
