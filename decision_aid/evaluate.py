"""Answers in, decisions out: visible steps, the safety outcome and the plan. Pure, no I/O.

The only state is the answers dict (question id -> answer) plus the person's edits to their
question list. Everything else is derived on every call, so a Streamlit rerun, the CLI and the
tests all see the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aid.conditions import holds, leaves
from decision_aid.model import (
    TIER_ORDER,
    CautionGroup,
    ClinicianQuestion,
    Option,
    Pathway,
    Question,
    RedFlag,
    SafetyTier,
    Stage,
    Step,
    Tier,
)

Answer = bool | int | str | list[str]
Answers = Mapping[str, Answer]

NOT_TRIED = "not_tried"
"""The status-question choice id that means an option has not been tried."""

MAX_OWN_QUESTIONS = 20
MAX_PRESELECTED = 8
"""At most this many library questions are ticked for the person; the rest are offered unticked."""
ASK_FIRST = 3
"""How many questions lead the list as the ones to ask first."""
OWN_QUESTION_MAX_LENGTH = 300


class AnswerError(ValueError):
    """An answer that does not fit its question. Nothing is applied when this is raised."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"{question_id}: {message}")
        self.question_id = question_id
        self.message = message


# --- Checking answers -----------------------------------------------------------------------------


def check_answer(pathway: Pathway, question_id: str, value: Any) -> Answer:
    """Return ``value`` as a valid answer to the question, or raise AnswerError.

    Args:
        pathway: The pathway the question belongs to.
        question_id: The question's id.
        value: A candidate answer (from a widget, a saved file or a FHIR response).
    """
    question = pathway.questions.get(question_id)
    if question is None:
        raise AnswerError(question_id, "there is no question with this id in this pathway")
    checker = _CHECKERS[question.kind]
    return checker(pathway, question, value)


def _check_single(pathway: Pathway, q: Question, value: Any) -> Answer:
    ids = [c.id for c in pathway.choices(q)]
    if not isinstance(value, str) or value not in ids:
        raise AnswerError(q.id, f"{value!r} is not one of {', '.join(map(repr, ids))}")
    return value


def _check_multiple(pathway: Pathway, q: Question, value: Any) -> Answer:
    choices = pathway.choices(q)
    ids = [c.id for c in choices]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(q.id, f"expected a list of choice ids, got {value!r}")
    unknown = [v for v in value if v not in ids]
    if unknown:
        raise AnswerError(q.id, f"{unknown[0]!r} is not one of {', '.join(map(repr, ids))}")
    exclusive = {c.id for c in choices if c.exclusive}
    if len(value) > 1 and exclusive.intersection(value):
        raise AnswerError(q.id, "'none of these' cannot be chosen together with other answers")
    return [i for i in ids if i in value]  # file order, no duplicates


def _check_yes_no(pathway: Pathway, q: Question, value: Any) -> Answer:
    if not isinstance(value, bool):
        raise AnswerError(q.id, f"expected yes (true) or no (false), got {value!r}")
    return value


def _check_scale(pathway: Pathway, q: Question, value: Any) -> Answer:
    if isinstance(value, bool) or not isinstance(value, int) or not q.min <= value <= q.max:
        raise AnswerError(q.id, f"expected a whole number from {q.min} to {q.max}, got {value!r}")
    return value


def _check_text(pathway: Pathway, q: Question, value: Any) -> Answer:
    if not isinstance(value, str):
        raise AnswerError(q.id, f"expected text, got {value!r}")
    if len(value) > q.max_length:
        raise AnswerError(q.id, f"text is {len(value)} characters; the limit is {q.max_length}")
    return value


_CHECKERS = {
    "single": _check_single,
    "multiple": _check_multiple,
    "yes_no": _check_yes_no,
    "scale": _check_scale,
    "text": _check_text,
}


def is_blank(value: Any) -> bool:
    """Whether a value counts as 'no answer' (None, empty text or an empty selection)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def validate_answers(pathway: Pathway, answers: Mapping[str, Any]) -> dict[str, Answer]:
    """Check every answer; return a clean copy without blanks, or raise the first AnswerError."""
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", f"expected a mapping of question ids, got {answers!r}")
    clean: dict[str, Answer] = {}
    for qid, value in answers.items():
        if not is_blank(value):
            clean[str(qid)] = check_answer(pathway, str(qid), value)
    return clean


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


# --- Walking the pathway --------------------------------------------------------------------------


@dataclass(frozen=True)
class Changed:
    """Answers after a change, and the ids of answers dropped because their question is hidden."""

    answers: dict[str, Answer]
    dropped: tuple[str, ...] = ()


def _walk(pathway: Pathway, answers: Answers) -> list[Step]:
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
        visible = {q.id for s in _walk(pathway, kept) for q in visible_questions(pathway, s, kept)}
        still = {k: v for k, v in kept.items() if k in visible}
        if len(still) == len(kept):
            break
        kept = still
    return Changed(kept, tuple(q for q in answers if q not in kept))


def visible_steps(pathway: Pathway, answers: Answers) -> list[Step]:
    """The steps a person sees, in order. An emergency answer ends the path at its step."""
    path = _walk(pathway, answers)
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
    ids = [s.id for s in _walk(pathway, answers)]
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


# --- Safety ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaisedFlag:
    """A warning sign raised by the answers; ``group`` is the key of the group it sits in."""

    tier: Tier
    flag: RedFlag
    group: str = ""


@dataclass(frozen=True)
class SafetyOutcome:
    """The most urgent tier raised and every raised warning sign, most urgent first."""

    tier: Tier | None
    raised: tuple[RaisedFlag, ...]
    tiers: tuple[SafetyTier, ...]

    @property
    def stop(self) -> bool:
        """An emergency answer stops the pathway."""
        return self.tier == "emergency"


def safety(pathway: Pathway, answers: Answers) -> SafetyOutcome:
    """Which warning signs the answers raise. Hidden questions cannot raise anything because
    their answers are pruned first by callers that change answers."""
    raised: list[RaisedFlag] = []
    tiers: list[SafetyTier] = []
    ordered = sorted(pathway.safety, key=lambda t: TIER_ORDER.index(t.tier))
    for tier in ordered:
        hits = [RaisedFlag(tier.tier, f, tier.key) for f in tier.items if holds(f.when, answers)]
        if hits:
            raised.extend(hits)
            tiers.append(tier)
    top = tiers[0].tier if tiers else None
    return SafetyOutcome(top, tuple(raised), tuple(tiers))


def raised_in(outcome: SafetyOutcome, group: SafetyTier) -> list[RedFlag]:
    """The raised warning signs of one group, in file order."""
    return [r.flag for r in outcome.raised if r.group == group.key]


def action_lines(tier: SafetyTier, flags: list[RedFlag]) -> tuple[str, ...]:
    """What to do: the tier's action, then the line for each kind of sign among ``flags``
    (a possible clot, cancer...), once each, in the tier's order. A person sees only the lines
    for what they ticked."""
    kinds = {f.action for f in flags}
    return (tier.action, *(a.text for a in tier.actions if a.id in kinds))


def checked_since(pathway: Pathway, answers: Answers) -> bool:
    """Whether the person said a clinician has checked them since the signs of a raised tier
    with a ``checked_question`` started (the plan then reminds them to go back if they change).
    """
    return any(
        t.checked_question is not None and answers.get(t.checked_question) is True
        for t in safety(pathway, answers).tiers
    )


def check_first(pathway: Pathway, answers: Answers) -> bool:
    """Whether getting checked comes first: a tier with a ``checked_question`` is raised and the
    person has not said yes to it. The plan then holds back self-care suggestions."""
    return any(
        t.checked_question is not None and answers.get(t.checked_question) is not True
        for t in safety(pathway, answers).tiers
    )


@dataclass(frozen=True)
class RaisedCaution:
    """A caution group with the items the answers raise. Cautions never alarm."""

    group: CautionGroup
    items: tuple[RedFlag, ...]


def cautions(pathway: Pathway, answers: Answers) -> tuple[RaisedCaution, ...]:
    """The caution groups (e.g. 'check before using TENS') the answers raise, with their items."""
    out = []
    for group in pathway.cautions:
        items = tuple(f for f in group.items if holds(f.when, answers))
        if items:
            out.append(RaisedCaution(group, items))
    return tuple(out)


def safety_step_gaps(pathway: Pathway, answers: Answers) -> list[Question]:
    """Warning-sign questions that should be answered and are not (on every safety step shown).

    A plan, a FHIR response or a resumed file is only a plan once these are all answered;
    an emergency answer ends the screen early, so nothing after it is asked.
    """
    if safety(pathway, answers).stop:
        return []
    return [
        q
        for step in _walk(pathway, answers)
        if step.kind == "safety"
        for q in missing_required(pathway, step, answers)
    ]


# --- One 'None of these' for a whole warning-sign screen -------------------------------------


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


# --- The plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnQuestion:
    """A question the person wrote themselves."""

    id: str
    text: str


@dataclass(frozen=True)
class QuestionEdits:
    """The person's edits to the selected clinician questions.

    ``hidden`` holds library ids the person unticked; ``order`` is the order they chose (ids not
    in it follow in the selected order); ``own`` holds their own questions; ``shown`` the
    library ids beyond the first ``MAX_PRESELECTED`` that they ticked.
    """

    hidden: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    own: tuple[OwnQuestion, ...] = ()
    shown: tuple[str, ...] = ()  # library ids the person ticked that were offered unticked
    # (they stay on the person's list, ticked or not, once ticked there)


@dataclass(frozen=True)
class ListedQuestion:
    """One line of the person's question list. ``offered`` lines are suggestions the person
    has not taken up: shown unticked, apart from their list (behind a closed toggle)."""

    id: str
    text: str
    own: bool
    included: bool
    core: bool = False
    offered: bool = False


@dataclass(frozen=True)
class AnswerLine:
    """A question and its answer, as plain text for people."""

    question_id: str
    label: str
    answer: str


@dataclass(frozen=True)
class Section:
    """A titled group of answer lines (one per step, or per headed part of a step)."""

    step_id: str
    title: str
    lines: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class OptionStatus:
    """A ladder option with what the person said about it."""

    option: Option
    status: str | None
    status_id: str | None
    tried: bool
    discuss_next: bool
    chosen: bool


@dataclass(frozen=True)
class ScoreValue:
    """A calculated score; ``value`` is None until every item is answered."""

    id: str
    title: str
    value: float | None
    explanation: str | None


@dataclass(frozen=True)
class Plan:
    """Everything the summary shows, derived from the pathway and the answers."""

    pathway: Pathway
    safety: SafetyOutcome
    stage: Stage | None
    tell_first: tuple[AnswerLine, ...]
    sections: tuple[Section, ...]
    values: tuple[AnswerLine, ...]
    scores: tuple[ScoreValue, ...]
    options: tuple[OptionStatus, ...]
    questions: tuple[ListedQuestion, ...]
    dropped: tuple[str, ...] = ()
    review_overdue: bool = False
    answers: Mapping[str, Answer] = field(default_factory=dict)
    cautions: tuple[RaisedCaution, ...] = ()
    check_first: bool = False
    """A same-day sign is raised and the person has not said they were checked since: "What
    next" starts with getting checked, and self-care suggestions are held back."""
    checked: bool = False
    """A same-day sign is raised and the person said a clinician has checked them since."""

    @property
    def tried(self) -> tuple[OptionStatus, ...]:
        """Options the person has tried, with how it went."""
        return tuple(o for o in self.options if o.tried)

    @property
    def to_discuss(self) -> tuple[OptionStatus, ...]:
        """Options the person chose to discuss (never filled in for them)."""
        return tuple(o for o in self.options if o.chosen)

    @property
    def stage_options(self) -> tuple[OptionStatus, ...]:
        """Options people at the person's stage often discuss (shown under their own heading)."""
        return tuple(o for o in self.options if o.discuss_next)

    @property
    def included_questions(self) -> tuple[ListedQuestion, ...]:
        """The questions the person wants to bring, in their order."""
        return tuple(q for q in self.questions if q.included)


def answer_text(pathway: Pathway, question: Question, value: Answer) -> str:
    """An answer as plain words: choice labels, Yes/No, 'n out of 10', or the text itself."""
    if question.kind in ("single", "multiple"):
        labels = {c.id: c.label for c in pathway.choices(question)}
        ids = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(i), str(i)) for i in ids)
    if question.kind == "yes_no":
        return "Yes" if value else "No"
    if question.kind == "scale":
        return f"{value} out of {question.max}"
    return str(value)


def _line(pathway: Pathway, q: Question, answers: Answers) -> AnswerLine:
    label = q.summary_label or q.text
    return AnswerLine(q.id, label, answer_text(pathway, q, answers[q.id]))


def _answered(pathway: Pathway, steps: list[Step], answers: Answers) -> list[tuple[Step, Question]]:
    return [
        (s, q)
        for s in steps
        for q in visible_questions(pathway, s, answers)
        if not is_blank(answers.get(q.id))
    ]


def stage_of(pathway: Pathway, answers: Answers) -> Stage | None:
    """The first stage whose condition holds: where the person is on the ladder."""
    return next((s for s in pathway.stages if holds(s.when, answers)), None)


def scores(pathway: Pathway, answers: Answers) -> tuple[ScoreValue, ...]:
    """Calculated scores such as PEG; a score needs all of its items answered."""
    out = []
    for s in pathway.scores:
        items = [answers.get(i) for i in s.items]
        nums = [v for v in items if isinstance(v, int) and not isinstance(v, bool)]
        value: float | None = None
        if len(nums) == len(items):
            total = float(sum(nums))
            value = round(total / len(nums), 1) if s.method == "mean" else total
        out.append(ScoreValue(s.id, s.title, value, s.explanation))
    return tuple(out)


def _statuses(pathway: Pathway, answers: Answers, stage: Stage | None) -> tuple[OptionStatus, ...]:
    chosen = _chosen_options(pathway, answers)
    discuss = set(stage.discuss) if stage else set()
    if check_first(pathway, answers):
        chosen, discuss = chosen - _keep_going(pathway), set()
    out = []
    for o in sorted(pathway.options, key=lambda o: o.rung):
        sid = answers.get(o.status_question) if o.status_question else None
        label = None
        if isinstance(sid, str) and o.status_question:
            label = answer_text(pathway, pathway.questions[o.status_question], sid)
        tried = isinstance(sid, str) and sid != NOT_TRIED
        status_id = sid if isinstance(sid, str) else None
        out.append(OptionStatus(o, label, status_id, tried, o.id in discuss, o.id in chosen))
    return tuple(out)


def _keep_going(pathway: Pathway) -> set[str]:
    # The first rung: "Keep doing what I am doing" (doing nothing new).
    first = min(pathway.options, key=lambda o: o.rung, default=None)
    return {first.id} if first is not None else set()


def _about_options(q: ClinicianQuestion) -> bool:
    # A question about trying an option (self-care, exercise, medicines...), not about safety.
    return "topic:safety" not in q.tags and any(t.startswith("option:") for t in q.tags)


def _first_in_list(pathway: Pathway, q: ClinicianQuestion) -> int:
    # Safety and wellbeing before values: first what a warning-sign answer selects (such as
    # "finding it hard to cope"), then the help for a "no" in SURE (the summary says it is on
    # the list), then other safety questions, then the rest (values, options).
    screen = {w.id for s in pathway.steps if s.kind == "safety" for w in s.questions}
    if any(t.removeprefix("answer:") in screen for t in q.tags):
        return 0
    if any(t.startswith("sure:") for t in q.tags):
        return 1
    return 2 if "topic:safety" in q.tags else 3


def _chosen_options(pathway: Pathway, answers: Answers) -> set[str]:
    shortlist = pathway.compare.shortlist_question if pathway.compare else None  # not a choice
    for q in pathway.questions.values():
        if q.choices == "ladder" and q.id != shortlist and isinstance(answers.get(q.id), list):
            return {str(v) for v in answers[q.id]}  # type: ignore[union-attr]
    return set()


def select_questions(pathway: Pathway, answers: Answers) -> list[ClinicianQuestion]:
    """The clinician questions the answers select: core first, then those the person's own
    answers select (what a warning-sign answer selects, then the help for a "no" in the SURE
    test, which the summary says is on the list, then other safety questions, then the rest),
    then those linked to options the person chose or that people at their stage often
    discuss. Only the first ``MAX_PRESELECTED`` are ticked, so what the person said comes
    before what their stage suggests."""
    stage = stage_of(pathway, answers)
    linked_options = _chosen_options(pathway, answers) | set(stage.discuss if stage else [])
    if check_first(pathway, answers):  # self-care waits until the person has been checked
        linked_options = _chosen_options(pathway, answers) - _keep_going(pathway)
    linked = {
        qid for o in pathway.options if o.id in linked_options for qid in o.clinician_questions
    }
    rest = [q for q in pathway.clinician_questions if not q.core]
    core = [q for q in pathway.clinician_questions if q.core]
    by_answer = [q for q in rest if q.when is not None and holds(q.when, answers)]
    if check_first(pathway, answers):  # questions about options wait, as the options do
        by_answer = [q for q in by_answer if not _about_options(q)]
    by_answer.sort(key=lambda q: _first_in_list(pathway, q))  # stable
    by_option = [q for q in rest if q.id in linked and q not in by_answer]
    return core + by_answer + by_option


def question_list(
    pathway: Pathway, answers: Answers, edits: QuestionEdits | None = None
) -> tuple[ListedQuestion, ...]:
    """The person's question list: selected library questions and their own, in their order."""
    edits = edits or QuestionEdits()
    items = [
        ListedQuestion(
            q.id,
            q.text,
            False,
            _included(q.id, i, edits),
            q.core,
            offered=i >= MAX_PRESELECTED and q.id not in edits.shown,
        )
        for i, q in enumerate(select_questions(pathway, answers))
    ]
    items += [ListedQuestion(o.id, o.text, True, o.id not in edits.hidden) for o in edits.own]
    rank = {qid: i for i, qid in enumerate(edits.order)}
    natural = {q.id: i for i, q in enumerate(items)}
    items.sort(key=lambda q: rank.get(q.id, len(rank) + natural[q.id]))
    return tuple(items)


def _included(question_id: str, rank: int, edits: QuestionEdits) -> bool:
    # The first MAX_PRESELECTED selected questions are ticked unless unticked; later ones only
    # when the person ticked them.
    if question_id in edits.hidden:
        return False
    return rank < MAX_PRESELECTED or question_id in edits.shown


def plan(
    pathway: Pathway,
    answers: Answers,
    edits: QuestionEdits | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Build the plan: safety first, then where the person is and what they might discuss.

    Args:
        pathway: A validated pathway.
        answers: Valid answers (see ``validate_answers``); hidden answers are dropped.
        edits: The person's edits to their question list.
        today: The date used to decide whether the content is past its review date.
    """
    changed = prune(pathway, answers)
    kept = changed.answers
    steps = _walk(pathway, kept)
    answered = _answered(pathway, steps, kept)
    status_ids = {o.status_question for o in pathway.options if o.status_question is not None}
    held = check_first(pathway, kept)
    stage = None if held else stage_of(pathway, kept)  # its description suggests options
    return Plan(
        pathway=pathway,
        safety=safety(pathway, kept),
        stage=stage,
        tell_first=tuple(
            _line(pathway, pathway.questions[q], kept)
            for q in pathway.tell_first
            if q in kept and q in pathway.questions
        ),
        sections=_sections(pathway, answered, kept, status_ids),
        values=tuple(_line(pathway, q, kept) for s, q in answered if _is_value(pathway, s, q)),
        scores=scores(pathway, kept),
        options=_statuses(pathway, kept, stage),
        questions=question_list(pathway, kept, edits),
        dropped=changed.dropped,
        review_overdue=(today or dt.date.today()) > pathway.next_review,
        answers=kept,
        cautions=cautions(pathway, kept),
        check_first=held,
        checked=checked_since(pathway, kept),
    )


LEANING_TITLE = "Where you are leaning"
"""The section of the leaning and SURE answers, which the compare step asks after the
trade-offs ("Where I am leaning" in the summary)."""


def _leaning_ids(pathway: Pathway) -> set[str]:
    leaning = pathway.leaning
    return {leaning.question, *leaning.sure} if leaning is not None else set()


def _is_value(pathway: Pathway, step: Step, q: Question) -> bool:
    # What matters to the person: a values step, or on the compare step the trade-offs and
    # how they like to decide (not the shortlist, the leaning or the SURE answers).
    if step.kind != "compare":
        return step.kind == "values"
    shortlist = pathway.compare.shortlist_question if pathway.compare else None
    return q.id != shortlist and q.id not in _leaning_ids(pathway)


def _sections(
    pathway: Pathway,
    answered: list[tuple[Step, Question]],
    answers: Answers,
    skip: set[str],
) -> tuple[Section, ...]:
    # One section per step, or per part of a step: a question with a heading starts a part.
    parts = {q.id: (s.id, title) for s in pathway.steps for q, title in _parts(s)}
    sections: dict[tuple[str, str], list[AnswerLine]] = {}
    leaning = _leaning_ids(pathway)
    for step, q in answered:
        on_compare = step.kind == "compare" and q.id in leaning
        if (step.kind != "questions" and not on_compare) or q.id in skip:
            continue
        key = (step.id, LEANING_TITLE) if on_compare else parts[q.id]
        sections.setdefault(key, []).append(_line(pathway, q, answers))
    return tuple(Section(sid, title, tuple(lines)) for (sid, title), lines in sections.items())


def _parts(step: Step) -> Iterator[tuple[Question, str]]:
    # Each question with the title of the part of the step it is in.
    title = step.title
    for q in step.questions:
        title = q.heading or title
        yield q, title
