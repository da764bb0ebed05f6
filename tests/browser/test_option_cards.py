"""The option cards in a real Chromium, on a desktop and on a phone: the title ticks the option
inside one group named by the question, "More" and "Sources" open on their own, the options of
other stages wait one click away in their group, and axe stays at 0 serious or critical."""

from __future__ import annotations

import pytest
from browser_checks import blocking
from browser_steps import walk
from conftest import PATHWAYS
from playwright.sync_api import expect

from decision_aid.load import read
from testing.browser import DESKTOP, PHONE, required

pytestmark = pytest.mark.browser

QUESTION = "Which options would you like to talk about?"


class AtOptions(Exception):
    """Raised by ``on_page`` to end the walk once the options step is drawn."""


def stop_at_options(label: str) -> None:
    if label == "ladder":
        raise AtOptions


CARDS = """(within) => [...document.querySelectorAll(within + " [class*='st-key-card_']")]
  .map(e => [...e.classList].find(c => c.startsWith("st-key-card_")).slice(12))"""


def _card_ids(p, within: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The option ids of the cards inside ``within``, in page order."""
    return list(p.page.evaluate(CARDS, within))


@pytest.mark.parametrize(
    ("viewport", "phone"), [(DESKTOP, False), (PHONE, True)], ids=["desktop", "phone"]
)
def test_tick_and_open_on_the_card(patient, viewport, phone) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    extra = {"is_mobile": True, "has_touch": True} if phone else {}
    p = patient(
        "main", viewport=viewport, label=f"cards-{'phone' if phone else 'desktop'}", **extra
    )
    with pytest.raises(AtOptions):  # the walk checks every heading against the engine
        walk(p, pathway, stop_at_options, back_and_edit=False, pick=required)
    first = pathway.options_by_id[_card_ids(p, ".st-key-w_discuss")[0]]
    later = pathway.options_by_id[_card_ids(p, ".st-key-ladder_more_involved")[-1]]
    group = p.page.get_by_role("group", name=QUESTION, exact=True)
    expect(group).to_have_count(1)
    box = group.get_by_role("checkbox", name=first.title, exact=True)
    expect(box).to_have_count(1)  # the card's title is the tick's name: nothing else to read

    more, sources = p.key(f"more_{first.id}"), p.key(f"sources_{first.id}")
    expect(more.get_by_text("Involves:")).to_be_hidden()
    p.key(f"w_discuss__{first.id}").locator("label").first.click()
    p.settle()
    expect(box).to_be_checked()
    expect(more.get_by_text("Involves:")).to_be_visible()  # ticking opens its details
    more.locator("summary").first.click()
    expect(more.get_by_text("Involves:")).to_be_hidden()  # and they close on their own
    more.locator("summary").first.click()
    expect(more.get_by_text("Involves:")).to_be_visible()
    cited = [pathway.sources_by_id[s].citation for s in first.sources]
    assert not [c for c in cited if c in more.inner_text()]  # citations only behind Sources
    expect(sources.get_by_text(cited[0], exact=False).first).to_be_hidden()
    sources.locator("summary").first.click()
    expect(sources.get_by_text(cited[0], exact=False).first).to_be_visible()
    expect(box).to_be_checked()  # opening never unticks

    # An option of a later stage: one click to its group, one to tick it; the group says so.
    p.open_toggle("ladder_more_involved")  # seen open before its tick is clicked
    p.key(f"w_discuss__{later.id}").locator("label").first.click()
    p.settle()
    expect(group.get_by_role("checkbox", name=later.title, exact=True)).to_be_checked()
    expect(p.key("ladder_more_involved").locator("summary").first).to_contain_text("1 ticked")
    if phone:
        assert p.horizontal_overflow() == []
    p.shot("option-cards")
    assert blocking(p.axe()) == []
