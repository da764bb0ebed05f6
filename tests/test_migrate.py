"""Retired questions and choices are data: the generic migration reads a pathway's ``retired:``
block, so a fixture pathway with its own retired block migrates without any Python naming it.
Whatever a file holds, the migration never crashes, never repeats the file's text, and names
what it could not carry over."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from decision_aid.errors import PathwayError
from decision_aid.formats import migrate, saved
from decision_aid.load import from_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"

RETIRED = """retired:
  own_question_box: other_box
  questions:
    - id: mood
      text: How your mood has been
      choices: {low: Low, fine: Fine}
    - {id: value_speed, text: Quick results, rating: true}
  moved_choices:
    - old: {question: old_flags, choice: chest}
      new: {question: warning_signs, choice: chest_pain}
  narrowed_choices:
    - {question: warning_signs, choice: fever}
"""


def _pathway(retired: str = RETIRED) -> Any:
    text = EXAMPLE.read_text(encoding="utf-8")
    return from_text(text.replace("\nsteps:\n", f"\n{retired}steps:\n", 1), "example.yaml")


def _file(pathway: Any, answers: dict[str, Any], version: str = "0.0.1") -> str:
    doc = json.loads(saved.dumps(pathway, {"duration": "over_3_months"}))
    doc["answers"].update(answers)
    doc["pathway_version"] = version
    return json.dumps(doc)


@pytest.fixture(scope="module")
def pathway() -> Any:
    p = _pathway()
    assert {"chest_pain", "fever"} <= {c.id for c in p.choices(p.questions["warning_signs"])}
    return p


def test_a_retired_question_is_named_in_its_own_words(pathway: Any) -> None:
    back = saved.loads(_file(pathway, {"mood": "low"}), {pathway.id: pathway})
    assert "mood" not in back.answers
    assert any("How your mood has been: Low." in n for n in back.notes)
    assert not any("'mood'" in n or "mood," in n for n in back.notes)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(7, "Quick results (7 out of 10)"), (0, "(0 out of 10)"), (11, "Quick results (?)"),
     (-1, "Quick results (?)"), (True, "Quick results (?)"), ("9", "Quick results (?)"),
     ({"x": 1}, "Quick results (?)"), ([7], "Quick results (?)")],
)
def test_a_retired_rating_repeats_only_a_number_from_0_to_10(
    pathway: Any, value: object, shown: str
) -> None:
    back = saved.loads(_file(pathway, {"value_speed": value}), {pathway.id: pathway})
    assert any(shown in n and "trade-offs" in n for n in back.notes)


def test_a_moved_tick_lands_where_it_is_asked_now_and_a_narrowed_one_is_asked_again(
    pathway: Any,
) -> None:
    old = {"old_flags": ["chest", "x"], "warning_signs": ["fever", "none"]}
    back = saved.loads(_file(pathway, old), {pathway.id: pathway})
    assert back.answers.get("warning_signs") == ["chest_pain"]


def test_moves_apply_only_to_files_from_another_version(pathway: Any) -> None:
    old = {"old_flags": ["chest"]}
    with pytest.raises(saved.ResumeError, match="do not fit the questions"):
        saved.loads(_file(pathway, old, version=pathway.version), {pathway.id: pathway})


@pytest.mark.parametrize(
    "value",
    [{"nested": {"deep": [1]}}, [[1, 2]], [{"a": 1}], None, [None]],
)
def test_values_that_are_not_answers_are_skipped_and_counted_never_a_crash(
    pathway: Any, value: object
) -> None:
    answers = {"goal": value, "old_flags": value, "mood": value, "value_speed": value}
    back = saved.loads(_file(pathway, answers), {pathway.id: pathway})
    assert back.answers == {"duration": "over_3_months"}
    notes = " ".join(back.notes)
    assert "could not be read" in notes and "were left out" in notes
    assert "“What would you most like to be able to do again?”" in notes  # its own words
    assert "nested" not in notes and "deep" not in notes  # never the file's own text
    assert "How your mood has been." in notes  # retired: named by its words only


def test_any_failure_while_carrying_over_is_a_message_not_a_crash(
    pathway: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RecursionError("a file's own text")

    monkeypatch.setattr(migrate, "carry", broken)
    with pytest.raises(saved.ResumeError) as info:
        saved.loads(_file(pathway, {"mood": "low"}), {pathway.id: pathway})
    assert str(info.value) == f"This file could not be used. {saved.UNCHANGED}"


def test_the_retired_box_is_read_from_the_data(pathway: Any) -> None:
    back = saved.loads(_file(pathway, {"other_box": "Can I swim?"}), {pathway.id: pathway})
    assert [o.text for o in back.edits.own] == ["Can I swim?"]


@pytest.mark.parametrize(
    ("retired", "message"),
    [
        ("retired:\n  questions:\n    - {id: duration, text: How long}\n",
         "question 'duration' is asked in this version: remove it from retired."),
        ("retired:\n  moved_choices:\n    - {old: {question: a, choice: b}, new: "
         "{question: warning_signs, choice: nope}}\n",
         "'nope' is not a choice of question 'warning_signs'"),
        ("retired:\n  own_question_box: goal\n", "question 'goal' is asked in this version"),
    ],
)
def test_retired_data_that_cannot_work_is_a_located_error(retired: str, message: str) -> None:
    with pytest.raises(PathwayError) as info:
        _pathway(retired)
    (problem,) = info.value.problems
    assert message in problem.message and problem.line > 1


def test_shipped_pathways_carry_the_screens_retired_choices_too() -> None:
    from decision_aid.load import read

    for path in sorted(ROOT.glob("pathways/*.yaml")):
        narrowed = read(path).retired.narrowed_choices
        assert ("emergency_nerves", "serious_injury") in {(c.question, c.choice) for c in narrowed}


def test_saved_py_names_no_question() -> None:
    source = (ROOT / "decision_aid" / "formats" / "saved.py").read_text(encoding="utf-8")
    source += (ROOT / "decision_aid" / "formats" / "migrate.py").read_text(encoding="utf-8")
    for word in ("own_questions", "emergency_signs", "value_cost", "spread", "serious_injury"):
        assert word not in source
