"""The question list fits a short visit: the core questions lead, at most 8 are ticked for the
person, the rest are offered unticked, and a ticked extra one is kept."""

from __future__ import annotations

from pathlib import Path

from decision_aid import evaluate as ev
from decision_aid import saved
from decision_aid.load import read

MAIN = read(Path(__file__).resolve().parent.parent / "pathways" / "mid-back-pain.yaml")
MANY = {  # a long path that selects many questions
    "duration": "over_1_year",
    "nerve_like": True,
    "pain_average": 9,
    "tried_self_care": "did_not_help",
    "tried_exercise": "did_not_help",
    "tried_medicines": "side_effects",
    "value_avoid_surgery": 9,
    "value_avoid_medicines": 9,
    "discuss": [o.id for o in MAIN.options],
}


def test_at_most_eight_are_ticked_and_the_core_three_lead() -> None:
    listed = ev.question_list(MAIN, MANY)
    assert len(listed) > ev.MAX_PRESELECTED  # else this test proves nothing
    assert sum(q.included for q in listed) == ev.MAX_PRESELECTED
    assert [q.core for q in listed[: ev.ASK_FIRST]] == [True] * ev.ASK_FIRST
    assert not any(q.included for q in listed[ev.MAX_PRESELECTED :])


def test_an_extra_question_ticked_by_the_person_is_kept_and_saved() -> None:
    extra = ev.question_list(MAIN, MANY)[-1].id
    edits = ev.QuestionEdits(shown=(extra,))
    assert next(q for q in ev.question_list(MAIN, MANY, edits) if q.id == extra).included
    back = saved.loads(saved.dumps(MAIN, MANY, edits), {MAIN.id: MAIN})
    assert back.edits.shown == (extra,)
