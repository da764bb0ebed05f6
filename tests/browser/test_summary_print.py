"""The summary on a phone and in print: a saved file reopens on the step it was saved on (here
the summary); printing the page from the browser includes the parts behind closed toggles
("The rest of my summary") and leaves out the buttons."""

from __future__ import annotations

import pytest
from conftest import PATHWAYS
from playwright.sync_api import expect

from bench import walks
from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid.plan import plan
from decision_aid_ui import summary_view
from testing.browser import PHONE

pytestmark = pytest.mark.browser


def test_printing_the_summary_includes_everything(patient) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    persona = next(x for x in walks.PERSONAS if x.name.startswith("chronic"))
    answers = persona.walk(pathway)
    summary = pathway.steps[-1]
    data = saved.dumps(pathway, answers, persona.edits(), step=summary.id).encode()
    p = patient("main", viewport=PHONE, label="summary-print", is_mobile=True,
                has_touch=True)
    p.start()
    p.key("resume_start").locator("input[type=file]").set_input_files(
        files=[{"name": "my-answers.json", "mimeType": "application/json", "buffer": data}])
    p.settle()
    p.expect_step(summary.title)  # reopened where it was saved
    stage = plan(pathway, answers, persona.edits()).stage
    assert stage is not None
    rest = p.page.get_by_text(f"Where I am: {stage.title}", exact=True)
    expect(p.key("summary_rest")).to_contain_text(summary_view.REST)
    assert not rest.is_visible()  # on screen it waits behind its toggle
    p.shot("summary-screen")

    p.page.emulate_media(media="print")
    expect(rest).to_be_visible()  # on paper, everything
    assert not p.key("edits").is_visible()
    assert not p.page.get_by_role("button", name="Back").is_visible()
    p.page.emulate_media(media="screen")
    expect(rest).not_to_be_visible()
