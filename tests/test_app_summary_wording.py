"""What a patient reads on the summary of the main pathway: one voice, no near-twin headings.

Run: .venv/bin/python -m pytest tests/test_app_summary_wording.py --no-cov -q
"""

from __future__ import annotations

import pytest

from decision_aid.formats.summary import first_person
from decision_aid.load import read
from decision_aid_ui.cards import status_words
from testing.apptest import ROOT, app, start, walk_to_summary

pytestmark = pytest.mark.usefixtures("shipped_pathways")

PATHWAY = read(ROOT / "pathways" / "mid-back-pain.yaml")


def test_summary_headings_are_first_person_and_tried_is_one_section() -> None:
    at = walk_to_summary(start(app(), PATHWAY), PATHWAY)
    heads = [h.value for h in at.subheader]
    assert heads.count("What I have tried") == 1
    assert not [h for h in heads if "you" in h.lower().split() and h != "Take it with you"], heads
    assert "About my pain" in heads and "What matters to me" in heads
    # a typed answer is one element: its label and the text together
    typed = [q for q in PATHWAY.questions.values() if q.kind == "text"]
    labels = {q.summary_label or q.text for q in typed}
    assert any(t.value.split(": ")[0] in labels for t in at.text), [t.value for t in at.text]
    assert sum("not a diagnosis" in m.value for m in [*at.markdown, *at.caption]) == 1


def test_first_person() -> None:
    assert first_person("What you have tried") == "What I have tried"
    assert first_person("About your pain and where you are") == "About my pain and where I am"
    assert first_person("What matters to you") == "What matters to me"


def test_status_is_lower_case_mid_sentence() -> None:
    from decision_aid.plan import OptionStatus

    option = PATHWAY.options[0]
    s = OptionStatus(option=option, status="Stopped for another reason", status_id="stopped",
                     tried=True, discuss_next=False, chosen=False)
    assert status_words(s) == "Tried: stopped for another reason"


def test_nothing_chosen_says_so_and_each_fact_is_said_once() -> None:
    from decision_aid.formats import summary
    from decision_aid.plan import plan

    none = {q: ["none"] for q in ("emergency_heart_lungs", "emergency_nerves", "same_day_signs",
                                  "soon_signs")}
    p = plan(PATHWAY, {**none, "duration": "over_1_year", "pain_average": 6})
    md = summary.to_markdown(p)
    assert p.to_discuss == () and p.stage_options  # nothing ticked; the stage has options
    assert "## Options I want to discuss\n\nI have not chosen yet." in md
    assert "## Options people at my stage often discuss" in md
    assert md.count("How long:") == 1  # told first, not again under "About my pain"
    assert "## What next" in md
    at = walk_to_summary(start(app(), PATHWAY), PATHWAY)
    body = "\n".join(m.value for m in at.markdown)
    assert body.count("**How long:**") == 1


def test_the_visit_comes_first_and_the_rest_is_one_click_away() -> None:
    from decision_aid_ui.summary_view import REST

    at = walk_to_summary(start(app(), PATHWAY), PATHWAY)
    main = [h.value for h in at.main.subheader]
    rest = next(e for e in at.expander if e.label == REST)
    inside = [h.value for h in rest.subheader]
    visit = ["To tell my clinician first", "My top questions", "Options I want to discuss",
             "What next"]
    assert [h for h in main if h in visit] == visit
    assert main.index("What next") < main.index("Take it with you")
    assert "About my pain" in inside  # every answer, behind the closed toggle
    assert not rest.proto.expanded
    edits = next(e for e in at.expander if e.label == "Change an answer")
    assert not edits.proto.expanded
    assert [b.key for b in edits.button] and all(b.key.startswith("edit_") for b in edits.button)
    assert not at.get("file_uploader"), "continuing from a file is on the start page only"
    assert not [m for m in at.markdown if "<table" in m.value], "no side-by-side table here"
    labels = [b.label for b in at.get("download_button")]
    assert "For my clinician's computer system" in labels and "Text file" in labels
    assert not [x for x in labels if "FHIR" in x or "Markdown" in x]


def test_the_pain_score_is_explained_in_words() -> None:
    from decision_aid.formats import summary
    from decision_aid.plan import plan

    p = plan(PATHWAY, {"pain_average": 6, "pain_enjoyment": 4, "pain_activity": 5})
    peg = next(s for s in p.scores if s.value is not None)
    assert summary.score_text(peg).startswith("5 out of 10. The average of my answers on pain")


@pytest.mark.parametrize("path", sorted((ROOT / "pathways").glob("*.yaml")), ids=lambda p: p.stem)
def test_what_next_says_whom_to_call_for_each_kind_of_sign(path) -> None:  # type: ignore[no-untyped-def]
    # Every summary ends with the safety net, ticked signs or not: signs that need help now go
    # to 999, the others to the GP or NHS 111 today (it once sent every sign to 999).
    from decision_aid.formats import summary
    from decision_aid.plan import plan

    pathway = read(path)
    lines = summary.what_next(plan(pathway, {}))
    tiers = {t.tier: t for t in reversed(pathway.safety)}  # the first of each kind: the shared
    assert lines[-2:] == [tiers["emergency"].if_new, tiers["same_day"].if_new]
    now, today = lines[-2], lines[-1]
    assert "call 999" in now.lower() and "A&E" in now and "999" not in today
    assert "GP" in today and "today" in today
