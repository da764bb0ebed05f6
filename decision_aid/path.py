"""The path through a pathway: which steps and questions show for the answers, what comes
next, and which answers a change drops because their question is hidden. Pure, no I/O.

The warning-sign screen is answered as a whole: each group of signs keeps its own answer (so the
saved file, the summary and FHIR hold one answer per group), and the person ticks a sign or the
screen's one 'None of these'. Its answers change and its gaps are found here, on the path; which
signs the answers raise is :mod:`decision_aid.safety`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_aid.answers import Answer, Answers, check_answer, holds, is_blank, leaves
from decision_aid.errors import AnswerError
from decision_aid.model import Pathway, Question, Step
from decision_aid.safety import safety


@dataclass(frozen=True)
class Changed:
    """Answers after a change, and the ids of answers dropped because their question is hidden."""

    answers: dict[str, Answer]
    dropped: tuple[str, ...] = ()


def walk(pathway: Pathway, answers: Answers) -> list[Step]:
    """Steps on the person's path, in order, ignoring safety stops."""
    index = {s.id: i for i, s in enumerate(pathway.steps)}
    path: list[Step] = []
    i = 0
    while i < len(pathway.steps):
        step = pathway.steps[i]
        if not holds(step.enable_when, answers):
            i += 1
            continue
        path.append(step)
        if step.kind == "summary":
            break
        route = next((r for r in step.next if holds(r.when, answers)), None)
        i = index[route.goto] if route is not None and route.goto in index else i + 1
    return path


def visible_questions(pathway: Pathway, step: Step, answers: Answers) -> list[Question]:
    """The questions of ``step`` whose conditions hold for ``answers``."""
    return [q for q in step.questions if holds(q.enable_when, answers)]


def prune(pathway: Pathway, answers: Mapping[str, Answer]) -> Changed:
    """Drop answers to questions that are hidden now (the FHIR SDC rule).

    Dropping one answer can hide another question or change a route, so repeat until stable;
    each round removes at least one answer, so this ends.
    """
    kept = dict(answers)
    while True:
        visible = {q.id for s in walk(pathway, kept) for q in visible_questions(pathway, s, kept)}
        still = {k: v for k, v in kept.items() if k in visible}
        if len(still) == len(kept):
            break
        kept = still
    return Changed(kept, tuple(q for q in answers if q not in kept))


def with_answer(
    pathway: Pathway, answers: Mapping[str, Answer], question_id: str, value: Any
) -> Changed:
    """Set one answer and drop answers that become hidden (the FHIR SDC rule).

    Returns a new dict; ``answers`` is never changed. Raises AnswerError before changing anything.
    """
    updated = dict(answers)
    if is_blank(value):
        if question_id not in pathway.questions:
            raise AnswerError(question_id, "there is no question with this id in this pathway")
        updated.pop(question_id, None)
    else:
        updated[question_id] = check_answer(pathway, question_id, value)
    return prune(pathway, updated)


def visible_steps(pathway: Pathway, answers: Answers) -> list[Step]:
    """The steps a person sees, in order. An emergency answer ends the path at its step."""
    path = walk(pathway, answers)
    if safety(pathway, answers).stop:
        stop = _emergency_step(pathway, path, answers)
        return path[: path.index(stop) + 1] if stop in path else path
    return path


def _emergency_step(pathway: Pathway, path: list[Step], answers: Answers) -> Step | None:
    # The earliest step on the path after which the emergency tier is raised.
    seen: dict[str, Answer] = {}
    for step in path:
        for q in step.questions:
            if q.id in answers:
                seen[q.id] = answers[q.id]
        if safety(pathway, seen).stop:
            return step
    return None


def step_after(pathway: Pathway, answers: Answers, step_id: str) -> str | None:
    """The id of the step after ``step_id`` on the current path, or None at the end or a stop."""
    ids = [s.id for s in visible_steps(pathway, answers)]
    if step_id not in ids:
        return ids[0] if ids else None
    i = ids.index(step_id)
    return ids[i + 1] if i + 1 < len(ids) else None


def step_before(pathway: Pathway, answers: Answers, step_id: str) -> str | None:
    """The id of the step before ``step_id`` on the current path, or None at the first step."""
    ids = [s.id for s in walk(pathway, answers)]
    if step_id not in ids:
        return ids[0] if ids else None
    i = ids.index(step_id)
    return ids[i - 1] if i > 0 else None


def missing_required(pathway: Pathway, step: Step, answers: Answers) -> list[Question]:
    """Visible required questions on ``step`` that have no answer yet."""
    return [
        q
        for q in visible_questions(pathway, step, answers)
        if q.required and is_blank(answers.get(q.id))
    ]


# --- The warning-sign screen --------------------------------------------------------------------


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
