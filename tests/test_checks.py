"""Semantic checks: each named check, on small edits of the example pathway."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_aid.errors import PathwayError, unknown_id
from decision_aid.load import from_text
from decision_aid.model import Pathway
from decision_aid.rules import checks


def edit(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each (old, new) replaced once; each old must be present."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def messages(text: str) -> list[str]:
    """The problem messages (without location) for ``text``, which must fail."""
    with pytest.raises(PathwayError) as info:
        from_text(text, "t.yaml")
    return [p.message for p in info.value.problems]


def test_example_passes_every_check(example_pathway: Pathway) -> None:
    assert checks.run_checks(example_pathway) == []


def test_checks_are_named_functions_in_order() -> None:
    names = [c.__name__ for c in checks.CHECKS]
    assert all(name.startswith("check_") for name in names)
    assert names[0] == "check_unique_ids"


def test_all_semantic_errors_are_collected(example_text: str) -> None:
    text = edit(
        example_text,
        ("discuss: [exercise]", "discuss: [exercize]"),
        ("tell_first: [duration, goal]", "tell_first: [duration, gaol]"),
        ("next_review: 2027-01-10", "next_review: 2026-01-10"),
    )
    assert messages(text) == [
        "next_review 2026-01-10 must be after last_reviewed 2026-01-10.",
        "'exercize' is not the id of any option. Did you mean 'exercise'?",
        "'gaol' is not the id of any question. Did you mean 'goal'?",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            [("  - id: tried\n", "  - id: pain\n")],
            "'pain' is already the id of the step at steps[1]; step ids must be unique.",
        ),
        (
            [("          - {id: fever, label: Fever}", "          - {id: chest_pain, label: F}")],
            "'chest_pain' is already the id of the choice of question 'warning_signs' at "
            "steps[0].questions[0].choices[0]; choice of question 'warning_signs' ids must be "
            "unique.",
        ),
        (
            [("      - id: fever\n", "      - id: chest\n")],
            "'chest' is already the id of the red flag at safety[0].items[0]; red flag ids must "
            "be unique.",
        ),
        (
            [("        goto: values", "        goto: valuez")],
            "'valuez' is not the id of any step. Did you mean 'values'?",
        ),
        (
            [("    status_question: tried_exercise", "    status_question: tried_exercize")],
            "'tried_exercize' is not the id of any question. Did you mean 'tried_exercise'?",
        ),
        (
            [("    clinician_questions: [ask_activity]", "    clinician_questions: [zzz]")],
            "'zzz' is not the id of any clinician question. Known ids: 'ask_options', "
            "'ask_benefits', 'ask_likely', 'ask_activity', 'ask_pain_high', 'ask_implants', "
            "'ask_goal'.",
        ),
        (
            [
                (
                    "        sources: [review]\n        comparison",
                    "        sources: [x]\n        comparison",
                )
            ],
            "'x' is not the id of any source. Known ids: 'guide', 'review'.",
        ),
        (
            [
                (
                    "{question: coping, operator: equals, value: false}",
                    "{question: cope, operator: equals, value: false}",
                )
            ],
            "'cope' is not the id of any question. Did you mean 'coping'?",
        ),
        (
            [
                ("        choices: ladder", "        choices: ladder\n        required: true"),
                (
                    "        kind: multiple\n        text: Which",
                    "        kind: single\n        text: Which",
                ),
            ],
            "'choices: ladder' works only on a multiple question: use 'kind: multiple'.",
        ),
        (
            [
                (
                    "          - {id: under_6_weeks, label: Less than 6 weeks}",
                    "          - {id: under_6_weeks, label: Less than 6 weeks, exclusive: true}",
                )
            ],
            "'exclusive' works only on a multiple question (a single question allows one answer "
            "anyway): remove it.",
        ),
        (
            [
                (
                    "        choices:\n          - {id: not_tried, label: Not tried}\n"
                    "          - {id: helped, label: Helped}\n"
                    "          - {id: did_not_help, label: Did not help}\n",
                    "        choices: []\n",
                )
            ],
            "a single question needs choices: add 'choices:' with items like "
            "{id: ..., label: ...}.",
        ),
        (
            [
                (
                    "        summary_label: Enjoyment of life\n",
                    "        summary_label: Enjoyment of life\n        min: 10\n        max: 10\n",
                )
            ],
            "max (10) must be greater than min (10).",
        ),
        (
            [
                (
                    "{question: goal, operator: answered, value: true}",
                    "{question: goal, operator: answered, value: 1}",
                )
            ],
            "1: 'answered' takes true or false.",
        ),
        (
            [
                (
                    "{question: goal, operator: answered, value: true}",
                    "{question: goal, operator: equals, value: x}",
                )
            ],
            "'equals' does not work on the text question 'goal': use one of 'answered'.",
        ),
        (
            [
                (
                    "{question: coping, operator: equals, value: false}",
                    "{question: coping, operator: equals}",
                )
            ],
            "'equals' needs a value: add 'value: ...'.",
        ),
        (
            [
                (
                    "{question: coping, operator: equals, value: false}",
                    "{question: coping, operator: equals, value: no_way}",
                )
            ],
            "'no_way' is not true or false.",
        ),
        (
            [
                (
                    "{question: coping, operator: equals, value: false}",
                    "{question: coping, operator: equals, value: [false]}",
                )
            ],
            "[False] is a list: only 'in' takes a list.",
        ),
        (
            [("value: [over_3_months]", "value: over_3_months")],
            "'over_3_months' is not a list: 'in' needs a list of values, e.g. [a, b].",
        ),
        (
            [("value: [over_3_months]", "value: [over_3_months, never]")],
            "'never' is not a choice of question 'duration'. Use one of 'under_6_weeks', "
            "'over_3_months'.",
        ),
        (
            [
                (
                    "{question: warning_signs, operator: contains, value: fever}",
                    "{question: warning_signs, operator: contains, value: tired}",
                )
            ],
            "'tired' is not a choice of question 'warning_signs'. Use one of 'chest_pain', "
            "'fever', 'none'.",
        ),
        (
            [
                (
                    "  - id: tried\n    kind: questions\n",
                    "  - id: tried\n    kind: questions\n"
                    "    enable_when: {question: tried_exercise, operator: answered}\n",
                )
            ],
            "'tried_exercise' is asked later (step 'tried'); a step's condition may only depend "
            "on questions of earlier steps, so the order has no cycles.",
        ),
        (
            [
                (
                    "      - when: {question: duration, operator: equals, value: under_6_weeks}",
                    "      - when: {question: tried_exercise, operator: equals, value: helped}",
                )
            ],
            "'tried_exercise' is asked later (step 'tried'); a route may only depend on questions "
            "of its own step or earlier ones, so the order has no cycles.",
        ),
        (
            [("        goto: values", "        goto: pain")],
            "'pain' is this step; routes may only go forward, or they make a cycle.",
        ),
        (
            [
                (
                    "  - id: my_questions\n    kind: clinician_questions\n",
                    "  - id: my_questions\n    kind: summary\n",
                )
            ],
            "a second summary step: a pathway has exactly one, and it is the last step.",
        ),
        (
            [
                (
                    "    title: Options people often discuss\n",
                    "    title: Options people often discuss\n"
                    "    question_list: {title: Questions you may want to ask}\n",
                )
            ],
            "the question list is already edited on step 'ladder': a pathway edits it on "
            "one step only.",
        ),
        (
            [
                (
                    "    when: {question: duration, operator: equals, value: under_6_weeks}\n"
                    "    discuss: [self_care]",
                    "    discuss: [self_care]",
                )
            ],
            "stage 'early' has no 'when', so it always matches and the stages after it are "
            "never used; only the last stage may leave out 'when'.",
        ),
        (
            [("          - {id: not_tried, label: Not tried}\n", "")],
            "status question 'tried_exercise' must be a single question with a 'not_tried' "
            "choice, e.g. {id: not_tried, label: Not tried}.",
        ),
        (
            [("  - tier: same_day\n", "  - tier: emergency\n")],
            "tier 'emergency' appears twice: put all its items in one tier, or give the "
            "extra group its own 'id' (e.g. 'implant_team').",
        ),
    ],
)
def test_semantic_problem(example_text: str, changes: list[tuple[str, str]], message: str) -> None:
    assert message in messages(edit(example_text, *changes))


def test_ladder_without_options(example_text: str) -> None:
    text = example_text.split("\noptions:\n")[0] + "\n"
    assert messages(text) == ["'choices: ladder' needs options, but there are none."]


def test_unknown_id_when_there_are_none() -> None:
    assert unknown_id("x", "option", []) == "'x' is not the id of any option. There are no options."


def test_a_step_with_a_condition_can_be_skipped(example_text: str) -> None:
    route = "      - when: {question: duration, operator: equals, value: under_6_weeks}\n"
    tried = "  - id: tried\n    kind: questions\n"
    text = edit(
        example_text,
        (route + "        goto: values\n", "      - goto: tried\n"),
        (
            tried,
            tried + "    enable_when: {question: duration, operator: answered}\n"
            "    next:\n      - goto: ladder\n",
        ),
    )
    assert from_text(text).id == "example"
    unskippable = edit(text, ("    enable_when: {question: duration, operator: answered}\n", ""))
    assert messages(unskippable) == [
        "step 'values' can never be reached: no route leads to it and the step before it "
        "always goes elsewhere."
    ]


def test_answered_without_value_is_fine(example_text: str) -> None:
    text = edit(example_text, ("operator: answered, value: true}", "operator: answered}"))
    assert from_text(text).id == "example"


def test_scale_in_and_equals(example_text: str) -> None:
    text = edit(
        example_text, ("operator: gte, value: 7}\n    ", "operator: in, value: [7, 8]}\n    ")
    )
    assert from_text(text).id == "example"
    bad = edit(
        example_text, ("operator: gte, value: 7}\n    ", "operator: equals, value: true}\n    ")
    )
    assert "True is not a whole number from 0 to 10." in messages(bad)


# --- review dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2026, 6, 1), "current"),
        (dt.date(2027, 1, 10), "current"),
        (dt.date(2027, 1, 11), "due"),
        (dt.date(2027, 4, 10), "due"),
        (dt.date(2027, 4, 11), "overdue"),
    ],
)
def test_review_status(example_pathway: Pathway, today: dt.date, status: str) -> None:
    assert checks.review_status(example_pathway, today) == status


def test_review_issues(example_pathway: Pathway) -> None:
    assert checks.review_issues(example_pathway, dt.date(2026, 6, 1)) == []
    [due] = checks.review_issues(example_pathway, dt.date(2027, 2, 1), strict=True)
    assert due.severity == "warning"
    [overdue] = checks.review_issues(example_pathway, dt.date(2027, 6, 1))
    assert overdue.severity == "warning"
    [strict] = checks.review_issues(example_pathway, dt.date(2027, 6, 1), strict=True)
    assert strict.severity == "error"
    assert strict.path == ("next_review",)
