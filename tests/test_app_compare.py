"""AppTest of "Weigh up your options" (the compare step) in the TENS pathway: trade-offs, the
table of the ticked options (shown), the leaning question offering what was ticked,
SURE, the summary and the exports; an old saved leaning answer is kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import walks
from decision_aid.formats import fhir, fhir_read, saved, summary
from decision_aid.formats.pdf import pdf_lines
from decision_aid.load import read
from decision_aid.path import step_after
from decision_aid.plan import plan
from decision_aid.rules.lint import forbidden_phrases, ranking_words
from decision_aid_ui import compare_page, exports
from testing.apptest import (
    answer_step,
    answers,
    app,
    next_step,
    no_exception,
    page_text,
    start,
    step_id,
)

ROOT = Path(__file__).resolve().parent.parent

TENS = read(ROOT / "pathways" / "tens.yaml")
TRADE_OFFS = {"trade_relief_speed": "quick", "trade_self": "both", "trade_evidence": "research"}
LEANING = {
    "leaning": "not_sure",
    "sure_sure": False,
    "sure_understand": True,
    "sure_risk": True,
    "sure_support": True,
}
TICKED = ["tens_home", "tens_guided"]
CHOSEN: dict[str, Any] = {"discuss": TICKED, **TRADE_OFFS, **LEANING}


def _html(at: Any) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def _columns(at: Any) -> list[str]:
    html = _html(at)
    return [o.title for o in TENS.options if f'<th scope="col">{o.title}</th>' in html]


def _walk_to(at: Any, kind: str, chosen: dict[str, Any]) -> None:
    for _ in range(12):
        if TENS.steps_by_id[step_id(at)].kind == kind:
            return
        answer_step(at, TENS, chosen)
        next_step(at)
    raise AssertionError(f"never reached a {kind!r} step")


def _leaning_options(at: Any) -> list[str]:
    return list(at.radio(key="w_leaning").options)


def test_the_step_weighs_shows_the_ticked_options_and_offers_them_to_lean_to() -> None:
    at = start(app(), TENS)
    _walk_to(at, "compare", CHOSEN)
    assert step_after(TENS, answers(at), "ladder") == step_id(at) == "compare"
    assert "Your options side by side" not in [e.label for e in at.expander]  # shown, not hidden
    assert compare_page.HEADING in [h.value for h in at.subheader]
    assert compare_page.limit_words(TENS) in page_text(at)
    # The table defaults to the ticked options beside carrying on as now (nothing to answer).
    assert "shortlist" not in answers(at)
    assert _columns(at) == [
        "Not using TENS for now", "TENS with a clinician showing you how",
        "TENS at home on your own",
    ]
    assert [at.checkbox(key=f"w_shortlist__{o}").value for o in ("self_care_exercise", *TICKED)] \
        == [False, True, True]
    assert _leaning_options(at) == [
        "Not using TENS for now", "TENS with a clinician showing you how",
        "TENS at home on your own", "Not sure yet",
    ]
    answer_step(at, TENS, CHOSEN)
    kept = answers(at)
    assert {k: kept[k] for k in (*TRADE_OFFS, *LEANING)} == {**TRADE_OFFS, **LEANING}
    # A trade-off leaned on is a row of the table, or marks the row that answers it.
    assert '<th scope="row">I lean to: stronger research' in _html(at)
    assert '<th scope="row">How well does it work? I lean to: relief while I use it' in _html(at)
    assert "On my own or with a clinician" not in _html(at)  # "both the same": no value row
    # The shortlist changes the table, not what can be leaned to.
    no_exception(at.checkbox(key="w_shortlist__tens_guided").uncheck().run())
    assert answers(at)["shortlist"] == ["tens_home"]
    assert _columns(at) == ["Not using TENS for now", "TENS at home on your own"]
    assert "TENS with a clinician showing you how" in _leaning_options(at)
    no_exception(at.checkbox(key="w_shortlist__tens_home").uncheck().run())
    assert answers(at)["shortlist"] == ["keep_going"]  # nothing else to compare
    assert _columns(at) == [] and "Tick an option under" in page_text(at)
    no_exception(at.checkbox(key="w_shortlist__self_care_exercise").check().run())
    assert answers(at)["shortlist"] == ["self_care_exercise"]
    assert "Staying active, exercise and other options" in _leaning_options(at)
    # The optional check: feedback points back to the card; nothing is kept as an answer.
    no_exception(at.radio(key="quiz_relief_lasts").set_value("True").run())
    assert (
        "Not quite: this is not true. Relief from TENS often stops soon after it is switched "
        "off. To read more, see “TENS at home on your own” on the “Options people often "
        "discuss” page."
    ) in page_text(at)
    assert not [k for k in answers(at) if k.startswith("quiz")]
    # SURE: one line of introduction, and beside the one "no" a next step (a "yes" has none)
    assert compare_page.SURE_INTRO in page_text(at)
    assert compare_page.SURE_INTRO == "Questions on how ready you feel to choose:"
    assert [i.value for i in at.info].count(compare_page.SURE_NO) == 1
    # the question list is part of this step: "No" to SURE's first question put its help on it
    assert "I am not sure yet. What would help me decide" in page_text(at)
    next_step(at)
    assert step_id(at) == "summary"
    text = page_text(at)
    assert "I am leaning towards:** Not sure yet" in text
    assert "Relief now or relief that lasts:** Relief while I use it" in text
    assert summary.RAISE_TITLE in text
    assert "I am not sure yet. What would help me decide" in text
    assert "Edit: Weigh up your options" in [b.label for b in at.button]
    # the grid is in the downloads, not repeated on the summary screen (issue 13)
    assert "<table" not in _html(at)
    kept = answers(at)
    p = plan(TENS, kept)  # the downloads are built from the plan of the session's answers
    markdown = exports.markdown(p)
    assert "## Where I am leaning" in markdown and "## What matters to me" in markdown
    assert summary.GRID_TITLE in markdown and summary.RAISE_TITLE in markdown
    assert "- Sure of myself: No" in markdown
    assert summary.GRID_TITLE in pdf_lines(p)
    assert "relief_lasts" not in markdown and "switched off" not in markdown
    loaded = saved.loads(saved.dumps(TENS, kept), {TENS.id: TENS})
    assert loaded.answers == kept
    doc = json.loads(json.dumps(fhir.response(TENS, kept)))
    assert fhir_read.answers_from_response(doc, {TENS.id: TENS})[1] == kept


def test_with_nothing_ticked_every_option_can_be_leaned_to() -> None:
    at = start(app(), TENS)
    _walk_to(at, "compare", {"discuss": ["keep_going"]})  # carrying on as now: always shown
    assert compare_page.HEADING in [h.value for h in at.subheader]
    assert _columns(at) == [] and "Tick an option under" in page_text(at)
    every = [c.label for c in TENS.choices(TENS.questions["leaning"])]
    assert _leaning_options(at) == every


def test_a_saved_leaning_answer_for_an_option_not_ticked_is_kept() -> None:
    # Saved before the leaning question offered only the ticked options.
    old = {"discuss": ["tens_home"], "leaning": "self_care_exercise", "shortlist": ["tens_home"]}
    done = walks.fill(TENS, old, everything=False)  # and the required warning-sign answers
    at = app()
    data = saved.dumps(TENS, done).encode()
    no_exception(at.file_uploader(key="resume_start").set_value(("a.json", data, "x")).run())
    assert answers(at) == done and step_id(at) == "summary"
    no_exception(at.button(key="edit_compare").click().run())
    assert step_id(at) == "compare"
    radio = at.radio(key="w_leaning")
    assert radio.value == "self_care_exercise"
    assert list(radio.options) == [
        "Not using TENS for now", "Staying active, exercise and other options",
        "TENS at home on your own", "Not sure yet",
    ]
    next_step(at)
    assert answers(at)["leaning"] == "self_care_exercise"


@pytest.mark.parametrize("path", sorted((ROOT / "pathways").glob("*.yaml")), ids=lambda p: p.stem)
def test_quiz_feedback_is_neutral_and_names_a_card(path: Path) -> None:
    pathway = read(path)
    assert len(pathway.quiz) == 3
    assert {item.answer for item in pathway.quiz} == {True, False}  # not all one way
    for item in pathway.quiz:
        for said in (True, False):
            text = compare_page.quiz_feedback(pathway, item, said, "Options")
            assert ranking_words(text) == [] and forbidden_phrases(text) == [], text
            assert pathway.options_by_id[item.option].title in text
