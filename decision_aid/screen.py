"""The warning-sign screen as a whole: its one 'None of these' and the questions it still needs.

Each group of signs keeps its own answer (so the saved file, the summary and FHIR hold one
answer per group); the person answers the screen once. Pure, no I/O.
"""

from __future__ import annotations

from decision_aid.answers import Answers, is_blank
from decision_aid.conditions import leaves
from decision_aid.errors import AnswerError
from decision_aid.model import Pathway, Question, Step
from decision_aid.path import Changed, missing_required, prune, visible_questions, walk
from decision_aid.safety import safety


def safety_step_gaps(pathway: Pathway, answers: Answers) -> list[Question]:
    """Warning-sign questions that should be answered and are not (on every safety step shown).

    A plan, a FHIR response or a resumed file is only a plan once these are all answered;
    an emergency answer ends the screen early, so nothing after it is asked.
    """
    if safety(pathway, answers).stop:
        return []
    return [
        q
        for step in walk(pathway, answers)
        if step.kind == "safety"
        for q in missing_required(pathway, step, answers)
    ]

def none_choice(pathway: Pathway, question: Question) -> str | None:
    """The id of a multiple-choice question's 'none of these' choice, or None if it has none."""
    if question.kind != "multiple":
        return None
    return next((c.id for c in pathway.choices(question) if c.exclusive), None)


def none_groups(pathway: Pathway, step: Step, answers: Answers) -> list[Question]:
    """The groups of a warning-sign step that its one 'None of these' answers.

    Every visible multiple-choice question with a 'none of these' choice, except a follow-up
    that a tick on the same step shows (new nerve signs after a cancer tick): it keeps its own
    'None of these', so it is always answered on purpose. Empty for any other kind of step.
    """
    if step.kind != "safety":
        return []
    here = {q.id for q in step.questions}
    return [
        q
        for q in visible_questions(pathway, step, answers)
        if none_choice(pathway, q) is not None
        and not any(c.question in here for c in leaves(q.enable_when))
    ]


def signs_ticked(pathway: Pathway, step: Step, answers: Answers) -> list[tuple[Question, str]]:
    """Every (question, choice id) ticked on the step's checkbox questions, 'none' aside."""
    return [
        (q, str(c))
        for q in visible_questions(pathway, step, answers)
        if q.kind == "multiple" and isinstance(answers.get(q.id), list)
        for c in answers[q.id]  # type: ignore[union-attr]
        if c != none_choice(pathway, q)
    ]


def none_of_these(pathway: Pathway, step: Step, answers: Answers) -> bool:
    """Whether the step's one 'None of these' is ticked: every group it answers says none."""
    groups = none_groups(pathway, step, answers)
    return bool(groups) and all(answers.get(q.id) == [none_choice(pathway, q)] for q in groups)


def screen_answered(pathway: Pathway, step: Step, answers: Answers) -> bool:
    """Whether a warning-sign step is answered as a whole: a sign or its 'None of these' ticked."""
    return bool(signs_ticked(pathway, step, answers)) or none_of_these(pathway, step, answers)


def answer_untouched_groups(pathway: Pathway, step: Step, answers: Answers) -> Changed:
    """Every group of the step with no tick answered 'none of these'.

    Called once the screen is answered as a whole, so the saved file, the summary and FHIR
    hold one answer per group, as when each group had its own 'None of these'.
    """
    updated = dict(answers)
    for q in none_groups(pathway, step, answers):
        if is_blank(updated.get(q.id)):
            updated[q.id] = [str(none_choice(pathway, q))]
    return prune(pathway, updated)


def with_none_of_these(
    pathway: Pathway, step: Step, answers: Answers, ticked: bool = True
) -> Changed:
    """Tick (or untick) a warning-sign step's one 'None of these'.

    Ticking it answers every group 'none of these'. It is refused while any sign is ticked, so
    a sign is never cleared unless the person unticks it. Unticking it clears the groups that
    say none. Raises AnswerError (naming the ticked signs' question) before changing anything.
    """
    groups = none_groups(pathway, step, answers)
    if not groups:
        raise AnswerError(step.id, "this step has no 'None of these' for the whole screen")
    ticks = signs_ticked(pathway, step, answers)
    if ticked and ticks:
        raise AnswerError(ticks[0][0].id, "'None of these' cannot be ticked while a sign is ticked")
    if ticked:
        return answer_untouched_groups(pathway, step, answers)
    said_none = {q.id for q in groups if answers.get(q.id) == [none_choice(pathway, q)]}
    return prune(pathway, {k: v for k, v in answers.items() if k not in said_none})
