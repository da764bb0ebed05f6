"""The plan: where the person is, what they might discuss, and the questions they bring.

Derived on every call from the pathway, the answers and the person's edits to their question
list, so a Streamlit rerun, the CLI and the tests all see the same thing. Pure, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from decision_aid.answers import Answer, Answers, answer_text, holds, is_blank
from decision_aid.model import ClinicianQuestion, Option, Pathway, Question, Stage, Step
from decision_aid.path import missing_required, prune, visible_questions, walk
from decision_aid.safety import (
    RaisedCaution,
    SafetyOutcome,
    cautions,
    check_first,
    checked_since,
    safety,
)

NOT_TRIED = "not_tried"
"""The status-question choice id that means an option has not been tried."""

MAX_OWN_QUESTIONS = 20
MAX_PRESELECTED = 6
"""This many library questions are ticked for the person (the 3 to ask first and 3 more), plus
any a warning-sign answer or a "no" in SURE selects; the rest are offered unticked."""
ASK_FIRST = 3
"""How many questions lead the list as the ones to ask first."""
OWN_QUESTION_MAX_LENGTH = 300


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
    library ids offered unticked that they ticked.
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
    discuss. Only the first ``MAX_PRESELECTED`` are ticked (and every one a warning-sign
    answer or a "no" in SURE selects), so what the person said comes before what their stage
    suggests."""
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
    selected = select_questions(pathway, answers)
    ticked = _preselected(pathway, selected)
    items = [
        ListedQuestion(
            q.id,
            q.text,
            False,
            _included(q.id, q.id in ticked, edits),
            q.core,
            offered=q.id not in ticked and q.id not in edits.shown,
        )
        for q in selected
    ]
    items += [ListedQuestion(o.id, o.text, True, o.id not in edits.hidden) for o in edits.own]
    rank = {qid: i for i, qid in enumerate(edits.order)}
    natural = {q.id: i for i, q in enumerate(items)}
    items.sort(key=lambda q: rank.get(q.id, len(rank) + natural[q.id]))
    return tuple(items)


def _preselected(pathway: Pathway, selected: list[ClinicianQuestion]) -> set[str]:
    # The first MAX_PRESELECTED, and always the questions a warning-sign answer selects (such
    # as "finding it hard to cope") and the help for a "no" in SURE, which the summary says is
    # on the list. They come straight after the core questions, so the ticked ones lead.
    return {
        q.id
        for i, q in enumerate(selected)
        if i < MAX_PRESELECTED or (not q.core and _first_in_list(pathway, q) < 2)
    }


def _included(question_id: str, preselected: bool, edits: QuestionEdits) -> bool:
    # Preselected questions are ticked unless unticked; later ones only when the person ticked
    # them.
    if question_id in edits.hidden:
        return False
    return preselected or question_id in edits.shown


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
    steps = walk(pathway, kept)
    answered = _answered(pathway, steps, kept)
    status_ids = {o.status_question for o in pathway.options if o.status_question is not None}
    held = check_first(pathway, kept)
    stage = None if held else stage_of(pathway, kept)  # its description suggests options
    outcome = safety(pathway, kept)
    return Plan(
        pathway=pathway,
        safety=outcome,
        stage=stage,
        tell_first=(
            *(
                _line(pathway, pathway.questions[q], kept)
                for q in pathway.tell_first
                if q in kept and q in pathway.questions
            ),
            *_screen_line(pathway, kept, steps, outcome),
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


SCREEN_LINE = AnswerLine("safety", "Warning signs", "I ticked none.")
"""Told first when the whole warning-sign screen is answered and no sign is ticked: a record of
what the person answered for the clinician (never that anything is ruled out). A ticked sign is
said at the top of the summary instead."""


def _screen_line(
    pathway: Pathway, answers: Answers, steps: list[Step], outcome: SafetyOutcome
) -> tuple[AnswerLine, ...]:
    # ``steps`` and ``outcome`` are the plan's own walk and safety outcome, not worked out again.
    screen = [s for s in steps if s.kind == "safety"]
    asked = any(visible_questions(pathway, s, answers) for s in screen)
    gaps = any(missing_required(pathway, s, answers) for s in screen)
    return (SCREEN_LINE,) if outcome.tier is None and asked and not gaps else ()


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
