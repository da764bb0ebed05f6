"""The evaluation engine: answers in, visible steps, safety outcome and plan out."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from decision_aid.answers import answer_text, check_answer, validate_answers
from decision_aid.errors import AnswerError
from decision_aid.load import read
from decision_aid.path import (
    missing_required,
    step_after,
    step_before,
    visible_questions,
    visible_steps,
    with_answer,
)
from decision_aid.plan import SCREEN_LINE, OwnQuestion, QuestionEdits, plan
from decision_aid.safety import safety

EXAMPLE = Path(__file__).parent / "fixtures" / "example.yaml"

FULL = {
    "warning_signs": ["none"],
    "coping": True,
    "duration": "over_3_months",
    "pain_average": 8,
    "pain_enjoyment": 5,
    "pain_activity": 6,
    "long_term_detail": "worse in winter",
    "tried_exercise": "did_not_help",
    "value_avoid_implants": 9,
    "goal": "walk the dog",
    "discuss": ["exercise"],
}


@pytest.fixture(scope="module")
def p():  # type: ignore[no-untyped-def]
    return read(EXAMPLE)


def ids(steps):  # type: ignore[no-untyped-def]
    return [s.id for s in steps]


def test_engine_imports_without_streamlit() -> None:
    code = "import decision_aid.plan, decision_aid.path, decision_aid.formats.summary, sys;" \
        "import decision_aid.formats.saved, decision_aid.load;" \
        "assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_full_walk_visits_every_step(p) -> None:  # type: ignore[no-untyped-def]
    assert ids(visible_steps(p, FULL)) == [
        "safety", "pain", "tried", "values", "ladder", "my_questions", "summary"
    ]


def test_route_skips_steps_and_prunes_their_answers(p) -> None:  # type: ignore[no-untyped-def]
    changed = with_answer(p, FULL, "duration", "under_6_weeks")
    assert "tried" not in ids(visible_steps(p, changed.answers))
    assert changed.dropped == ("long_term_detail", "tried_exercise")
    assert "tried_exercise" not in changed.answers
    assert FULL["tried_exercise"] == "did_not_help"  # the input is never changed


def test_hidden_question_is_not_visible(p) -> None:  # type: ignore[no-untyped-def]
    step = p.steps_by_id["pain"]
    shown = [q.id for q in visible_questions(p, step, {"duration": "under_6_weeks"})]
    assert "long_term_detail" not in shown
    shown = [q.id for q in visible_questions(p, step, {"duration": "over_3_months"})]
    assert "long_term_detail" in shown


def test_emergency_stops_the_path_at_its_step(p) -> None:  # type: ignore[no-untyped-def]
    answers = {**FULL, "warning_signs": ["chest_pain"]}
    outcome = safety(p, answers)
    assert outcome.stop and outcome.tier == "emergency"
    assert [r.flag.id for r in outcome.raised] == ["chest"]
    assert ids(visible_steps(p, answers)) == ["safety"]
    assert step_after(p, answers, "safety") is None


def test_emergency_does_not_erase_later_answers(p) -> None:  # type: ignore[no-untyped-def]
    changed = with_answer(p, FULL, "warning_signs", ["chest_pain"])
    assert changed.dropped == ()
    undone = with_answer(p, changed.answers, "warning_signs", ["none"])
    assert undone.answers == FULL


def test_tiers_are_ordered_most_urgent_first(p) -> None:  # type: ignore[no-untyped-def]
    answers = {"warning_signs": ["fever"], "coping": False}
    outcome = safety(p, answers)
    assert outcome.tier == "same_day" and not outcome.stop
    assert [t.tier for t in outcome.tiers] == ["same_day", "soon"]
    assert safety(p, {"warning_signs": ["none"], "coping": True}).tier is None


def test_navigation(p) -> None:  # type: ignore[no-untyped-def]
    assert step_after(p, FULL, "pain") == "tried"
    assert step_before(p, FULL, "tried") == "pain"
    assert step_before(p, FULL, "safety") is None
    assert step_after(p, FULL, "summary") is None
    assert step_after(p, FULL, "nowhere") == "safety"
    assert step_before(p, FULL, "nowhere") == "safety"


def test_missing_required(p) -> None:  # type: ignore[no-untyped-def]
    step = p.steps_by_id["safety"]
    assert [q.id for q in missing_required(p, step, {})] == ["warning_signs", "coping"]
    assert missing_required(p, step, {"warning_signs": ["none"], "coping": False}) == []


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        ("nope", "x", "there is no question with this id"),
        ("duration", "forever", "'forever' is not one of 'under_6_weeks', 'over_3_months'"),
        ("duration", 3, "is not one of"),
        ("warning_signs", "fever", "expected a list of choice ids"),
        ("warning_signs", ["fever", "bogus"], "'bogus' is not one of"),
        ("warning_signs", ["fever", "none"], "'none of these' cannot be chosen together"),
        ("coping", "yes", "expected yes (true) or no (false)"),
        ("pain_average", 11, "expected a whole number from 0 to 10, got 11"),
        ("pain_average", True, "expected a whole number"),
        ("pain_average", 2.5, "expected a whole number"),
        ("goal", 5, "expected text"),
        ("goal", "x" * 201, "text is 201 characters; the limit is 200"),
    ],
)
def test_invalid_answers_raise_one_error_type(p, qid, value, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        with_answer(p, FULL, qid, value)


def test_validate_answers_is_all_or_nothing(p) -> None:  # type: ignore[no-untyped-def]
    bad = {**FULL, "pain_average": 99}
    with pytest.raises(AnswerError) as info:
        validate_answers(p, bad)
    assert info.value.question_id == "pain_average"
    with pytest.raises(AnswerError):
        validate_answers(p, ["not", "a", "mapping"])  # type: ignore[arg-type]


def test_blank_answers_are_removed(p) -> None:  # type: ignore[no-untyped-def]
    assert "goal" not in with_answer(p, FULL, "goal", "  ").answers
    assert "goal" not in validate_answers(p, {**FULL, "goal": ""})
    with pytest.raises(AnswerError):
        with_answer(p, FULL, "nope", None)


def test_multiple_choice_is_kept_in_file_order(p) -> None:  # type: ignore[no-untyped-def]
    got = check_answer(p, "warning_signs", ["fever", "chest_pain", "fever"])
    assert got == ["chest_pain", "fever"]


def test_plan_stage_options_and_questions(p) -> None:  # type: ignore[no-untyped-def]
    made = plan(p, FULL, today=dt.date(2026, 6, 1))
    assert made.stage is not None and made.stage.id == "persistent"
    assert [o.option.id for o in made.tried] == ["exercise"]
    assert made.tried[0].status == "Did not help"
    assert [o.option.id for o in made.to_discuss] == ["exercise"]
    assert [q.id for q in made.questions] == [
        "ask_options", "ask_benefits", "ask_likely", "ask_pain_high", "ask_implants", "ask_goal"
    ]
    assert made.scores[0].value == pytest.approx(6.3)
    assert [ln.question_id for ln in made.tell_first] == ["duration", "goal", "safety"]
    assert made.tell_first[-1] == SCREEN_LINE  # the whole screen answered, no sign ticked
    assert not made.review_overdue
    assert plan(p, FULL, today=dt.date(2027, 1, 11)).review_overdue


def test_stage_rules_follow_answers(p) -> None:  # type: ignore[no-untyped-def]
    early = plan(p, {"duration": "under_6_weeks"})
    assert early.stage is not None and early.stage.id == "early"
    assert early.to_discuss == ()  # nothing chosen: never filled in for the person
    assert [o.option.id for o in early.stage_options] == ["self_care"]
    helped = plan(p, {"duration": "over_3_months", "tried_exercise": "helped"})
    assert helped.stage is not None and helped.stage.id == "other"
    linked = [q.id for q in early.questions]
    assert "ask_activity" in linked  # linked to an option people at this stage discuss


def test_score_needs_every_item(p) -> None:  # type: ignore[no-untyped-def]
    made = plan(p, {"pain_average": 4})
    assert made.scores[0].value is None


def test_question_edits_hide_reorder_and_add(p) -> None:  # type: ignore[no-untyped-def]
    edits = QuestionEdits(
        hidden=("ask_benefits",),
        order=("own_1", "ask_likely"),
        own=(OwnQuestion("own_1", "Can I keep working?"),),
    )
    made = plan(p, FULL, edits)
    assert [q.id for q in made.included_questions][:3] == ["own_1", "ask_likely", "ask_options"]
    assert "ask_benefits" not in [q.id for q in made.included_questions]
    assert "ask_benefits" in [q.id for q in made.questions]
    assert made.included_questions[0].own


def test_plan_drops_hidden_answers_and_says_so(p) -> None:  # type: ignore[no-untyped-def]
    answers = {**FULL, "duration": "under_6_weeks"}
    made = plan(p, answers)
    assert set(made.dropped) == {"long_term_detail", "tried_exercise"}
    assert "tried_exercise" not in made.answers


def test_answer_text(p) -> None:  # type: ignore[no-untyped-def]
    q = p.questions
    assert answer_text(p, q["coping"], False) == "No"
    assert answer_text(p, q["pain_average"], 3) == "3 out of 10"
    assert answer_text(p, q["discuss"], ["self_care", "exercise"]) == (
        "Staying active; Exercise and physiotherapy"
    )


def test_the_warning_sign_check_is_told_first_only_when_answered_with_nothing_ticked(p) -> None:  # type: ignore[no-untyped-def]
    # A record for the clinician of what the person answered: said when the whole screen is
    # answered and no sign is ticked; a ticked sign goes at the top of the summary instead, and
    # an unanswered screen says nothing.
    def told(answers: dict[str, object]) -> bool:
        return SCREEN_LINE in plan(p, answers, today=dt.date(2026, 6, 1)).tell_first

    assert told(FULL)
    ticked = {**FULL, **{q.id: [c.id for c in p.choices(q) if not c.exclusive][:1]
                         for q in p.steps[0].questions if q.kind == "multiple"}}
    assert not told(ticked)
    screen = {q.id for q in p.steps[0].questions}
    assert not told({k: v for k, v in FULL.items() if k not in screen})
