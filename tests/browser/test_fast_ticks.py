"""Safety checkboxes clicked back to back: no tick is lost (it once was, under load)."""

from __future__ import annotations

import pytest
from conftest import PATHWAYS

from decision_aid.formats import saved
from decision_aid.load import read

pytestmark = pytest.mark.browser

Q = "same_day_signs"  # raises a banner, not a stop, so the boxes stay on the page
PAIRS = (("fever_unwell", "weight_loss"), ("night_rest_pain", "lump_shape"))
GAPS_MS = (0, 30, 80, 150)  # the second click lands at different points of the first rerun


def test_two_safety_ticks_clicked_back_to_back_are_both_kept(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", label="fast-ticks")
    p.start()
    p.choose_pathway(pathway)
    p.expect_step(pathway.steps[0].title)

    def box(cid: str):  # type: ignore[no-untyped-def]  # noqa: ANN202
        return p.key(f"w_{Q}__{cid}").locator("input").last  # .last: not a stale copy

    ticked: set[str] = set()
    lost: list[str] = []
    for i in range(8):
        a, b = PAIRS[i % len(PAIRS)]
        p.key(f"w_{Q}__{a}").locator("label").first.click()
        p.page.wait_for_timeout(GAPS_MS[i % len(GAPS_MS)])
        p.key(f"w_{Q}__{b}").locator("label").first.click()
        ticked ^= {a, b}
        # A tick is lost if the page never shows it: on a loaded machine the second click's
        # rerun can come well after the first has settled, so wait for the page (not a set time).
        shown: set[str] = set()
        for _ in range(25):
            p.settle()
            shown = {c for pair in PAIRS for c in pair if box(c).is_checked()}
            if shown == ticked:
                break
            p.page.wait_for_timeout(200)
        if shown != ticked:
            lost.append(f"round {i}: page shows {sorted(shown)}, clicked to {sorted(ticked)}")
            p.shot(f"lost-tick-{i}")
            ticked = shown
    assert lost == []
    # ...and the stored answers agree with the page
    back = saved.loads(p.download("dl_answers_step"), {pathway.id: pathway})
    assert set(back.answers.get(Q, [])) == ticked
