"""The emergency stop, hostile free text, and two people at once, in a real Chromium."""

from __future__ import annotations

import json

import pytest
from browser_checks import blocking
from browser_harness import foreign_urls
from browser_steps import walk
from conftest import EXAMPLE, PATHWAYS, shipped_pathways
from playwright.sync_api import expect

from decision_aid.formats import saved
from decision_aid.load import read
from testing.answers import emergency_answer
from testing.browser import required

pytestmark = pytest.mark.browser

PAYLOADS = (
    "<script>alert('x')</script> "
    "<img src=x onerror=alert('x')> "
    "![tracker](https://example.com/pixel.png) "
    '<img src="https://example.com/a.png">'
)


def test_emergency_answer_stops_at_once(patient) -> None:  # type: ignore[no-untyped-def]
    """For each shipped pathway: one emergency tick shows what to do now; no step follows."""
    p = patient("main")
    for pathway_id in shipped_pathways():
        pathway = read(PATHWAYS / f"{pathway_id}.yaml")
        found = emergency_answer(pathway)
        assert found is not None, f"{pathway_id}: no answer raises the emergency tier"
        step, q, value = found
        tier = next(t for t in pathway.safety if t.tier == "emergency")
        p.start()
        p.choose_pathway(pathway)
        p.expect_step(step.title)
        p.answer(pathway, q, value)
        p.settle()
        p.expect_step(tier.title)  # at once: no Next pressed
        main = p.page.get_by_test_id("stMain")
        expect(main.get_by_test_id("stAlert").first).to_contain_text(tier.message)
        expect(main).to_contain_text(tier.action)
        p.shot(f"emergency-{pathway_id}")
        assert blocking(p.axe()) == [], f"{pathway_id}: accessibility of the emergency page"
        for k in ("nav_next", "nav_back", "nav_summary", f"w_{q.id}"):
            assert p.key(k).count() == 0, f"{pathway_id}: {k} is still reachable"
        buttons = main.get_by_role("button").all_inner_texts()
        assert [b for b in buttons if "mistake" not in b] == [], buttons
        assert foreign_urls(p.requests, p.server.url) == []


def test_typed_text_is_shown_literally_and_fetches_nothing(patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(EXAMPLE)
    p = patient("example")
    p.text_answer = PAYLOADS
    p.own_question = PAYLOADS
    walked = walk(p, pathway, back_and_edit=False)
    typed = [q for q in walked.answers if pathway.questions[q].kind == "text"]
    assert typed, "the walk answered no text question"
    app = p.page.get_by_test_id("stApp")
    p.page.wait_for_timeout(300)  # give an injected element time to load, if there were one
    assert app.locator("script").filter(has_text="alert").count() == 0
    assert p.page.locator("img[src='x'], img[src*='example.com'], img[onerror]").count() == 0
    assert p.page.locator("[data-testid='stMain'] img").count() == 0
    assert p.dialogs == []
    assert PAYLOADS.split(" <img src=x")[0] in app.inner_text()  # shown as the literal text
    assert foreign_urls(p.requests, p.server.url) == []
    assert not any("example.com" in u for u in p.requests)


def test_two_browser_sessions_are_isolated(patient) -> None:  # type: ignore[no-untyped-def]
    """Two people at once never see each other's answers (hazard log: cross-session leak)."""
    pathway = read(EXAMPLE)
    alice = patient("example", label="isolation-alice")
    alice.text_answer, alice.own_question = "Alice wants to garden.", "Alice asks about work?"
    bob = patient("example", label="isolation-bob")
    bob.text_answer, bob.own_question = "Bob wants to swim.", "Bob asks about sleep?"
    a = walk(alice, pathway, back_and_edit=False, pick=required)
    b = walk(bob, pathway, back_and_edit=True, pick=required)  # Bob also changes an answer
    # Alice's session runs again after Bob's walk: her page and files must still be hers.
    alice.click("nav_back")
    alice.click("nav_next")
    pathways = {pathway.id: pathway}
    for who, done, other in ((alice, a, "Bob"), (bob, b, "Alice")):
        text = who.page.get_by_test_id("stMain").inner_text()
        assert other not in text
        back = saved.loads(who.download("dl_answers"), pathways)
        assert back.answers == done.answers
        assert [o.text for o in back.edits.own] == done.own
        assert other not in json.dumps(back.answers)
    assert a.answers != b.answers
