"""Older saved files still open: text from the retired second own-question box becomes one of
the person's own questions (in our file and in a FHIR response)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.formats import fhir, saved
from decision_aid.load import read
from decision_aid.plan import OWN_QUESTION_MAX_LENGTH, plan

ROOT = Path(__file__).resolve().parent.parent
MAIN = read(ROOT / "pathways" / "mid-back-pain.yaml")
TYPED = "Should I stop going to the gym for now?"


def _old_file(typed: str) -> str:
    doc = json.loads(saved.dumps(MAIN, {"duration": "over_1_year"}))
    doc["answers"]["own_questions"] = typed
    return json.dumps(doc)


def test_the_retired_box_becomes_an_own_question_that_reaches_the_summary() -> None:
    back = saved.loads(_old_file(TYPED), {MAIN.id: MAIN})
    assert "own_questions" not in back.answers
    assert [o.text for o in back.edits.own] == [TYPED]
    listed = [q.text for q in plan(MAIN, back.answers, back.edits).included_questions]
    assert TYPED in listed


def test_a_long_old_question_is_shortened_and_the_rest_is_named() -> None:
    long = "word " * 100
    back = saved.loads(_old_file(long), {MAIN.id: MAIN})
    assert len(back.edits.own[0].text) == OWN_QUESTION_MAX_LENGTH
    assert any(f"first {OWN_QUESTION_MAX_LENGTH} characters are kept" in n for n in back.notes)


def test_an_old_fhir_response_with_the_box_still_opens() -> None:
    response = fhir.response(MAIN, {"duration": "over_1_year"})
    response["item"].append({"linkId": "own_questions", "answer": [{"valueString": TYPED}]})
    back = saved.loads(json.dumps(response), {MAIN.id: MAIN})
    assert back.answers == {"duration": "over_1_year"}
    assert [o.text for o in back.edits.own] == [TYPED]


def _file_from_0_2_0(answers: dict[str, object]) -> str:
    doc = json.loads(saved.dumps(MAIN, {"duration": "over_1_year", **answers}))
    doc["pathway_version"] = "0.2.0"
    return json.dumps(doc)


def test_answers_to_questions_no_longer_asked_are_named_in_words() -> None:
    old = {"pattern": "flare_ups", "sleep": "a_lot", "work": "stopped"}
    back = saved.loads(_file_from_0_2_0(old), {MAIN.id: MAIN})
    assert back.answers == {"duration": "over_1_year"}
    note = next(n for n in back.notes if "no longer asks" in n)
    for words in (
        "Which best describes the pain: It is mostly mild with bad flare-ups",
        "How much the pain affects your sleep: A lot",
        "How much the pain affects your work or daily tasks: I have had to stop",
    ):
        assert words in note
    # by words only: no id, and no list of ids from the generic "not asked any more" note
    assert not any("pattern" in n or "sleep," in n or "work." in n for n in back.notes)


def test_a_retired_answer_the_file_garbled_is_named_by_its_question_only() -> None:
    back = saved.loads(_file_from_0_2_0({"sleep": "<b>x</b>"}), {MAIN.id: MAIN})
    note = next(n for n in back.notes if "no longer asks" in n)
    assert "How much the pain affects your sleep." in note and "<b>" not in note


def test_a_retired_tick_list_is_named_with_every_answer_in_words() -> None:
    # "Where the pain spreads" (a tick list) stopped being asked in 0.4.0.
    back = saved.loads(_file_from_0_2_0({"spread": ["ribs", "legs", "x"]}), {MAIN.id: MAIN})
    assert back.answers == {"duration": "over_1_year"}
    note = next(n for n in back.notes if "no longer asks" in n)
    assert "Where the pain spreads: Around my side and ribs, Into my legs." in note
    assert not any("'spread'" in n or "['ribs'" in n for n in back.notes)  # never by its ids


def test_how_i_like_to_decide_is_named_in_words_from_an_earlier_file() -> None:
    # "How would you like to decide?" stopped being asked in 0.5.0 (SURE's support question
    # asks the same, and adds its own help question).
    back = saved.loads(_file_from_0_2_0({"decision_role": "together"}), {MAIN.id: MAIN})
    assert "decision_role" not in back.answers and "decision_role" not in MAIN.questions
    note = next(n for n in back.notes if "no longer asks" in n)
    assert "How I like to decide: With my clinician." in note
    assert not any("decision_role" in n or "'together'" in n for n in back.notes)


def _fhir_from(version: str, *items: dict[str, object]) -> str:
    # A FHIR response as an earlier version of the main pathway wrote it.
    doc = fhir.response(MAIN, {"duration": "over_1_year", "goal": "Walk to the shops."})
    doc["questionnaire"] = doc["questionnaire"].replace(f"|{MAIN.version}", f"|{version}")
    doc["item"].extend(items)
    return json.dumps(doc)


def test_a_fhir_response_from_an_earlier_version_opens_and_names_what_is_not_carried() -> None:
    ticks = [{"valueCoding": {"code": c}} for c in ("ribs", "legs")]
    spread = {"linkId": "spread", "answer": ticks}
    sleep = {"linkId": "sleep", "answer": [{"valueCoding": {"code": "a_lot"}}]}
    rating = {"linkId": "value_avoid_surgery", "answer": [{"valueInteger": 9}]}
    gone = {"linkId": "old_thing", "answer": [{"valueBoolean": True}]}
    back = saved.loads(_fhir_from("0.3.0", spread, sleep, rating, gone), {MAIN.id: MAIN})
    assert back.answers == {"duration": "over_1_year", "goal": "Walk to the shops."}
    notes = " ".join(back.notes)
    assert back.notes[0].startswith("This file was saved with version 0.3.0 of this topic")
    assert "Where the pain spreads: Around my side and ribs, Into my legs" in notes
    assert "How much the pain affects your sleep: A lot" in notes
    assert "Avoiding surgery or implants (9 out of 10)" in notes
    # nothing is dropped without a word, but an id no version had is counted, never named
    assert "not carried over: 1 other answer." in notes and "old_thing" not in notes


def test_a_fhir_response_for_this_version_still_refuses_a_question_it_does_not_have() -> None:
    spread = {"linkId": "spread", "answer": [{"valueString": "x"}]}
    doc = json.loads(_fhir_from(MAIN.version, spread))
    with pytest.raises(saved.ResumeError, match="could not be used"):
        saved.loads(json.dumps(doc), {MAIN.id: MAIN})
