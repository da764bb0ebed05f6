"""The path through a pathway: which steps and questions show for the answers, what comes
next, and which answers a change drops because their question is hidden. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_aid.answers import Answer, Answers, check_answer, is_blank
from decision_aid.conditions import holds
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
