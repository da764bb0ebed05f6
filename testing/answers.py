"""The answers a scripted walk gives: candidates for a question and the one that is safe to give.

The engine is the oracle: a walk that must reach the summary gives the answer that raises the
fewest warning signs (never an emergency when any answer avoids one).
"""

from __future__ import annotations

from collections.abc import Mapping

from decision_aid.answers import Answer
from decision_aid.model import Pathway, Question, Step
from decision_aid.safety import safety

TEXT = "Some words"


def candidates(
    pathway: Pathway, q: Question, text: str = TEXT, *, later_first: bool = False
) -> list[Answer]:
    """Valid answers to ``q`` in order of preference: "None of these" first for multiple choice.

    ``later_first`` prefers the later choices and the upper part of a scale, which open the
    longer paths (the browser walks want to see as many pages as they can).
    """
    choices = pathway.choices(q)
    if q.kind == "single":
        ids = [c.id for c in choices]
        return ids[::-1] if later_first else ids
    if q.kind == "multiple":
        return [[c.id] for c in choices if c.exclusive] + [
            [c.id] for c in choices if not c.exclusive
        ]
    if q.kind == "yes_no":
        return [True, False]
    if q.kind == "scale":
        values = list(range(q.min, q.max + 1))
        if not later_first:
            return values
        high = max(q.min, q.max - 3)
        return [high, *[v for v in values if v != high]]
    return [text[: q.max_length]]


def raised(pathway: Pathway, answers: Mapping[str, Answer], qid: str, value: Answer) -> int:
    """How much answering ``qid`` with ``value`` alarms the screen (an emergency counts 100)."""
    outcome = safety(pathway, {**answers, qid: value})
    return len(outcome.raised) + (100 if outcome.stop else 0)


def safe_answer(
    pathway: Pathway,
    q: Question,
    answers: Mapping[str, Answer],
    text: str = TEXT,
    *,
    later_first: bool = False,
) -> Answer:
    """The preferred candidate that raises the fewest warning signs (the first of equals)."""
    options = candidates(pathway, q, text, later_first=later_first)
    return min(options, key=lambda v: raised(pathway, answers, q.id, v))


def emergency_answer(pathway: Pathway) -> tuple[Step, Question, Answer] | None:
    """A question of the pathway and an answer to it that, alone, raises an emergency."""
    for step in pathway.steps:
        for q in step.questions:
            for value in candidates(pathway, q) + _singles(pathway, q):
                if safety(pathway, {q.id: value}).stop:
                    return step, q, value
    return None


def _singles(pathway: Pathway, q: Question) -> list[Answer]:
    if q.kind in ("single", "multiple"):
        ids = [c.id for c in pathway.choices(q)]
        return [[i] for i in ids] if q.kind == "multiple" else list(ids)
    return []
