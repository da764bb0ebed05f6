"""Leaving the page (reload, pull-to-refresh, Back, closing the tab) while answers are unsaved
asks first; with nothing to lose, or just after saving, it does not."""

from __future__ import annotations

import contextlib

import pytest
from conftest import PATHWAYS

from decision_aid.load import read
from testing.browser import Patient

pytestmark = pytest.mark.browser


def leave(p: Patient) -> list[str]:
    """Try to close the page as the browser would on reload or Back; return the dialogs seen.

    A "beforeunload" dialog is dismissed (the person stays), so the page stays open after one.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    kinds: list[str] = []
    p.page.on("dialog", lambda d: kinds.append(d.type))
    with contextlib.suppress(PlaywrightTimeout), p.page.expect_event("close", timeout=3_000):
        p.page.close(run_before_unload=True)
    return kinds


def test_leaving_with_unsaved_answers_asks_first(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    first = pathway.steps[0].questions[0]

    nothing = patient("main", label="leave-empty")
    nothing.start()
    nothing.choose_pathway(pathway)
    assert leave(nothing) == [] and nothing.page.is_closed()

    p = patient("main", label="leave-unsaved")
    p.start()
    p.choose_pathway(pathway)
    p.press_and_wait(p.key(f"w_{first.id}__none").locator("label").first)
    assert leave(p) == ["beforeunload"] and not p.page.is_closed()

    p.download("dl_answers_step")  # saved: nothing to lose now
    p.settle()
    assert leave(p) == [] and p.page.is_closed()
