"""AppTest walk of the TENS pathway: trade-offs, shortlisting, the grid, leaning, SURE, exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from app_helpers import (
    answer_step,
    answers,
    app,
    next_step,
    no_exception,
    page_text,
    set_answer,
    start,
    step_id,
)

from decision_aid import compare_text, saved
from decision_aid.compare_lint import ranking_words
from decision_aid.evaluate import plan
from decision_aid.export import fhir
from decision_aid.export.pdf import pdf_lines
from decision_aid.lint import forbidden_phrases
from decision_aid.load import read
from decision_aid_ui import compare_page, exports

ROOT = Path(__file__).resolve().parent.parent

TENS = read(ROOT / "pathways" / "tens.yaml")
CHOSEN: dict[str, Any] = {
    "trade_relief_speed": "quick",
    "trade_self": "both",
    "trade_evidence": "research",
    "leaning": "not_sure",
    "sure_sure": False,
    "sure_understand": True,
    "sure_risk": True,
    "sure_support": True,
}


def _html(at: Any) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def _walk_to(at: Any, kind: str) -> None:
    for _ in range(12):
        if TENS.steps_by_id[step_id(at)].kind == kind:
            return
        answer_step(at, TENS, CHOSEN)
        next_step(at)
    raise AssertionError(f"never reached a {kind!r} step")


def test_shortlist_grid_leaning_sure_and_exports() -> None:
    at = start(app(), TENS)
    _walk_to(at, "compare")
    assert ".cmp" not in _html(at)
    assert "Pick at least one option above" in page_text(at)
    set_answer(at, TENS.questions["shortlist"], ["tens_home", "tens_guided"])
    no_exception(at)
    html = _html(at)
    assert '<th scope="col">TENS at home on your own</th>' in html
    lean = '<th scope="row">Relief now or relief that lasts. I lean to: relief while I use it'
    assert lean in html
    assert "Strong research or trying it myself" in html  # leaned to research: a value row
    assert "On my own or with a clinician" not in html  # "both the same": no value row
    # The optional check: feedback points back to the card; nothing is kept as an answer.
    no_exception(at.radio(key="quiz_relief_lasts").set_value("True").run())
    assert (
        "Not quite: this is not true. Relief from TENS often stops soon after it is switched "
        "off. To read more, see “TENS at home on your own” on the “Options people often "
        "discuss” page."
    ) in page_text(at)
    assert not [k for k in answers(at) if k.startswith("quiz")]
    next_step(at)
    assert TENS.steps_by_id[step_id(at)].id == "leaning"
    _walk_to(at, "summary")
    text = page_text(at)
    assert "I am leaning towards:** Not sure yet" in text
    assert compare_text.RAISE_TITLE in text
    assert "I am not sure yet. What would help me decide" in text
    # the grid is in the downloads, not repeated on the summary screen (issue 13)
    assert "<table" not in _html(at)
    assert "Options I compared:** TENS with a clinician showing you how" in text
    kept = answers(at)
    assert kept["shortlist"] == ["tens_guided", "tens_home"]
    p = plan(TENS, kept)  # the downloads are built from the plan of the session's answers
    markdown = exports.markdown(p)
    assert compare_text.GRID_TITLE in markdown and compare_text.RAISE_TITLE in markdown
    assert "- Sure of myself: No" in markdown
    if exports.available(exports.PDF_MODULE):
        assert compare_text.GRID_TITLE in pdf_lines(p)
    assert "relief_lasts" not in markdown and "switched off" not in markdown
    loaded = saved.loads(saved.dumps(TENS, kept), {TENS.id: TENS})
    assert loaded.answers == kept
    doc = json.loads(json.dumps(fhir.response(TENS, kept)))
    assert fhir.answers_from_response(doc, {TENS.id: TENS})[1] == kept


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
