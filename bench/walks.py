"""Answers for benchmark walks: a full set for any pathway, and three scripted personas.

A walk follows the engine: it visits the steps ``visible_steps`` gives, answers the questions
``enable_when`` shows, and repeats until nothing new appears (a route or condition can change
after an answer). Chosen answers never raise the emergency tier, so the walk reaches the summary.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_aid.answers import Answer, check_answer, holds
from decision_aid.errors import AnswerError
from decision_aid.model import Pathway, Question
from decision_aid.path import prune, visible_steps
from decision_aid.plan import OwnQuestion, QuestionEdits
from decision_aid.safety import safety

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
TEXT = "I would like to walk to the shops and sleep through the night again."


@contextmanager
def pathways_env(files: list[Path]) -> Iterator[None]:
    """The app (run in this process, e.g. by AppTest) offers the folder of ``files`` while the
    block runs; the caller's environment is left as it was afterwards."""
    before = os.environ.get("DECISION_AID_PATHWAYS")
    os.environ["DECISION_AID_PATHWAYS"] = str(files[0].parent)
    try:
        yield
    finally:
        if before is None:
            del os.environ["DECISION_AID_PATHWAYS"]
        else:
            os.environ["DECISION_AID_PATHWAYS"] = before


def pathway_files() -> list[Path]:
    """The shipped pathways ($DECISION_AID_PATHWAYS or pathways/), else the test fixture."""
    folder = Path(os.environ.get("DECISION_AID_PATHWAYS") or ROOT / "pathways")
    return sorted(folder.glob("*.yaml")) or [FIXTURE]


def candidates(pathway: Pathway, q: Question) -> list[Any]:
    """Plausible answers to ``q``, the usual one first."""
    ids = [c.id for c in pathway.choices(q)]
    if q.kind == "single":
        return ids
    if q.kind == "multiple":
        exclusive = [c.id for c in pathway.choices(q) if c.exclusive]
        return [exclusive] if exclusive else [ids[:2]] + [[i] for i in ids]
    if q.kind == "yes_no":
        return [True, False]
    if q.kind == "scale":
        middle = (q.min + q.max) // 2
        return [middle, *range(q.min, q.max + 1)]
    return [TEXT[: q.max_length]]


def _safe(pathway: Pathway, answers: Mapping[str, Answer], q: Question, wanted: Any) -> Answer:
    # The scripted answer if it fits this pathway's question, else the first plausible one
    # that raises no emergency.
    options = candidates(pathway, q)
    if wanted is not None:
        try:
            return check_answer(pathway, q.id, wanted)
        except AnswerError:
            pass
    for value in options:
        if not safety(pathway, {**answers, q.id: value}).stop:
            return check_answer(pathway, q.id, value)
    return check_answer(pathway, q.id, options[0])


def fill(
    pathway: Pathway, chosen: Mapping[str, Any] | None = None, everything: bool = True
) -> dict[str, Answer]:
    """Answers along the walk: ``chosen`` where given, else (if ``everything``, or when the
    question is required) a plausible answer that raises no emergency."""
    chosen = {k: v for k, v in (chosen or {}).items() if k in pathway.questions}
    answers: dict[str, Answer] = {}
    for _ in range(20):  # each round can only open more of the path; it settles in two or three
        before = len(answers)
        for step in visible_steps(pathway, answers):
            for q in step.questions:
                if q.id in answers or not holds(q.enable_when, answers):
                    continue
                if q.id in chosen or everything or q.required:
                    answers[q.id] = _safe(pathway, answers, q, chosen.get(q.id))
        if len(answers) == before:
            break
    return prune(pathway, answers).answers


@dataclass(frozen=True)
class Persona:
    """A scripted person: what they answer (the rest only where required), what they type as
    their own questions; they open the cards of the options they tick."""

    name: str
    answers: dict[str, Any]
    own_questions: tuple[str, ...] = ()
    notes: str = ""
    everything: bool = field(default=False)

    @property
    def open_cards(self) -> tuple[str, ...]:
        """The option cards it opens ('More') to read: those of the options it ticks."""
        return tuple(self.answers.get("discuss", ()))

    def walk(self, pathway: Pathway) -> dict[str, Answer]:
        """This persona's answers to ``pathway``."""
        return fill(pathway, self.answers, self.everything)

    def edits(self) -> QuestionEdits:
        """Their own questions as question-list edits."""
        own = tuple(OwnQuestion(f"own_{i}", t) for i, t in enumerate(self.own_questions, 1))
        return QuestionEdits(own=own)


_NONE = {
    "emergency_heart_lungs": ["none"],
    "emergency_nerves": ["none"],
    "same_day_signs": ["none"],
    "soon_signs": ["none"],
    "warning_signs": ["none"],
}

PERSONAS = (
    Persona(
        "acute pain (3 weeks)",
        {
            **_NONE,
            "duration": "under_6_weeks",
            "pain_average": 6,
            "pain_enjoyment": 5,
            "pain_activity": 6,
            "goal": "Get back to work without pain.",
            "tried_self_care": "helped",
            "tried_medicines": "helped",
            "current_medicines": ["paracetamol"],
            "trade_relief_speed": "quick",
            "trade_side_effects": "fewer",
            "discuss": ["keep_going", "self_care"],
        },
        own_questions=("When should I come back if it is not better?",),
    ),
    # Issue 13's typical person: answers every question, the optional ones too (the worry box,
    # every trade-off, leaning and SURE), ticks three options and reads their cards.
    Persona(
        "chronic pain, tried physio and medicines",
        {
            **_NONE,
            "duration": "over_1_year",
            "nerve_like": False,
            "pain_average": 7,
            "pain_enjoyment": 7,
            "pain_activity": 6,
            "goal": "Sleep through the night and garden again.",
            "worries": "That it will never get better.",
            "tried_self_care": "did_not_help",
            "tried_exercise": "did_not_help",
            "tried_medicines": "side_effects",
            "current_medicines": ["paracetamol", "anti_inflammatory"],
            "trade_operation": "avoid",
            "trade_relief_speed": "lasting",
            "trade_side_effects": "fewer",
            "trade_self": "both",
            "discuss": ["psychological", "acupuncture", "tens"],
            "leaning": "psychological",
            "sure_sure": False,
            "sure_understand": True,
            "sure_risk": True,
            "sure_support": True,
        },
        own_questions=(
            "Could the medicine I take now cause my stomach pain?",
            "Is it safe to keep exercising when it hurts?",
        ),
    ),
    Persona(
        "considering a stimulator",
        {
            **_NONE,
            "duration": "over_1_year",
            "nerve_like": True,
            "pain_average": 8,
            "pain_enjoyment": 8,
            "pain_activity": 8,
            "goal": "Go back to work part time.",
            "worries": "That an implant could make things worse.",
            "tried_self_care": "did_not_help",
            "tried_exercise": "did_not_help",
            "tried_psychological": "did_not_help",
            "tried_medicines": "did_not_help",
            "tried_tens": "did_not_help",
            "tried_specialist": "did_not_help",
            "current_medicines": ["gabapentinoid"],
            "trade_operation": "bigger",
            "trade_relief_speed": "lasting",
            "trade_self": "both",
            "discuss": ["scs", "other_neuromod"],
        },
        own_questions=(
            "What happens in the trial period?",
            "How often do stimulators need another operation?",
            "Can I have an MRI scan with one?",
        ),
    ),
)
