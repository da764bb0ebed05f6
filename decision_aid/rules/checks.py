"""Semantic checks on a structurally valid pathway: small named functions, run in order.

Each ``check_*`` function takes a :class:`Pathway` and returns :class:`Issue` items located by
key path; the loader maps the paths to lines. All checks run and all issues are reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Literal

from decision_aid.answers import example, holds, located_leaves
from decision_aid.errors import Issue, Path, did_you_mean, format_path, quote_all, unknown_id
from decision_aid.model import (
    NOT_SURE,
    TIER_ORDER,
    TRADE_OFF_STEPS,
    CautionGroup,
    Compare,
    CompareCell,
    Comparison,
    Condition,
    Pathway,
    Question,
    RedFlag,
    SafetyTier,
    Scalar,
)
from decision_aid.rules.figure_lint import check_figure_references

ReviewStatus = Literal["current", "due", "overdue"]

OVERDUE_AFTER = dt.timedelta(days=90)
"""How long past ``next_review`` content may stay in use before ``--strict`` fails it."""

OPERATORS: dict[str, tuple[str, ...]] = {
    "single": ("equals", "not_equals", "in", "answered"),
    "multiple": ("contains", "answered"),
    "yes_no": ("equals", "not_equals", "answered"),
    "scale": ("equals", "not_equals", "in", "gt", "gte", "lt", "lte", "answered"),
    "text": ("answered",),
}
"""The operators that make sense for each question kind."""


# --- walking the pathway ------------------------------------------------------------------------


def _questions(pathway: Pathway) -> Iterator[tuple[Path, int, Question]]:
    """Every question with its key path and the index of its step."""
    for s, step in enumerate(pathway.steps):
        for q, question in enumerate(step.questions):
            yield ("steps", s, "questions", q), s, question


@dataclasses.dataclass(frozen=True)
class _Scope:
    """Which questions a condition may depend on: those before position ``limit``."""

    limit: int | None
    rule: str
    self_id: str | None = None


def _conditions(pathway: Pathway) -> Iterator[tuple[Path, Condition, _Scope]]:
    """Every condition in the pathway with its key path and scope."""
    yield from _step_conditions(pathway)
    yield from _question_conditions(pathway)
    anywhere = _Scope(None, "")
    for _, flag_path, flag in _all_flags(pathway):
        yield (*flag_path, "when"), flag.when, anywhere
    for i, stage in enumerate(pathway.stages):
        yield from _maybe(("stages", i, "when"), stage.when, anywhere)
    for i, cq in enumerate(pathway.clinician_questions):
        yield from _maybe(("clinician_questions", i, "when"), cq.when, anywhere)


def _step_conditions(pathway: Pathway) -> Iterator[tuple[Path, Condition, _Scope]]:
    firsts = _first_positions(pathway)
    step_rule = "a step's condition may only depend on questions of earlier steps"
    route_rule = "a route may only depend on questions of its own step or earlier ones"
    for s, step in enumerate(pathway.steps):
        yield from _maybe(
            ("steps", s, "enable_when"), step.enable_when, _Scope(firsts[s], step_rule)
        )
        route_scope = _Scope(firsts[s + 1], route_rule)
        for r, route in enumerate(step.next):
            yield from _maybe(("steps", s, "next", r, "when"), route.when, route_scope)


def _question_conditions(pathway: Pathway) -> Iterator[tuple[Path, Condition, _Scope]]:
    rule = "a question's condition may only depend on questions asked before it"
    for position, (path, _, question) in enumerate(_questions(pathway)):
        scope = _Scope(position, rule, question.id)
        yield from _maybe((*path, "enable_when"), question.enable_when, scope)


def _maybe(
    path: Path, condition: Condition | None, scope: _Scope
) -> Iterator[tuple[Path, Condition, _Scope]]:
    if condition is not None:
        yield path, condition, scope


def _first_positions(pathway: Pathway) -> list[int]:
    """The position of the first question of each step, plus one past the end."""
    firsts, count = [], 0
    for step in pathway.steps:
        firsts.append(count)
        count += len(step.questions)
    return [*firsts, count]


def _compares(pathway: Pathway) -> Iterator[tuple[Path, Compare, _Scope]]:
    for path, condition, scope in _conditions(pathway):
        for leaf_path, compare in located_leaves(condition, path):
            yield leaf_path, compare, scope


# --- identity and references --------------------------------------------------------------------


def check_unique_ids(pathway: Pathway) -> list[Issue]:
    """Ids are unique among steps, questions, choices of a question, options, and so on."""
    groups: list[tuple[str, Iterable[tuple[Path, str]]]] = [
        ("step", ((("steps", i), s.id) for i, s in enumerate(pathway.steps))),
        ("question", ((path, q.id) for path, _, q in _questions(pathway))),
        ("option", ((("options", i), o.id) for i, o in enumerate(pathway.options))),
        ("stage", ((("stages", i), s.id) for i, s in enumerate(pathway.stages))),
        ("clinician question", _listed("clinician_questions", pathway.clinician_questions)),
        ("source", ((("sources", i), s.id) for i, s in enumerate(pathway.sources))),
        ("red flag", _red_flags(pathway)),
        ("score", ((("scores", i), s.id) for i, s in enumerate(pathway.scores))),
    ]
    issues = [issue for what, items in groups for issue in _duplicates(items, what)]
    for path, _, question in _questions(pathway):
        if isinstance(question.choices, list):
            choices = (((*path, "choices", i), c.id) for i, c in enumerate(question.choices))
            issues += _duplicates(choices, f"choice of question {question.id!r}")
    return issues


def _listed(key: str, items: Iterable[object]) -> Iterator[tuple[Path, str]]:
    for i, item in enumerate(items):
        yield (key, i), str(getattr(item, "id", ""))


def _red_flags(pathway: Pathway) -> Iterator[tuple[Path, str]]:
    for _, path, flag in _all_flags(pathway):
        yield path, flag.id


def _all_flags(pathway: Pathway) -> Iterator[tuple[str, Path, RedFlag]]:
    """Every warning sign and caution, with the list it sits in and its key path."""
    groups: list[tuple[str, Sequence[SafetyTier | CautionGroup]]] = [
        ("safety", pathway.safety),
        ("cautions", pathway.cautions),
    ]
    for key, listed in groups:
        for g, group in enumerate(listed):
            for i, flag in enumerate(group.items):
                yield key, (key, g, "items", i), flag


def _duplicates(items: Iterable[tuple[Path, str]], what: str) -> list[Issue]:
    first: dict[str, Path] = {}
    issues = []
    for path, id_ in items:
        if id_ in first:
            message = f"{id_!r} is already the id of the {what} at {format_path(first[id_])}; "
            issues.append(Issue((*path, "id"), message + f"{what} ids must be unique."))
        else:
            first[id_] = path
    return issues


def check_has_sources(pathway: Pathway) -> list[Issue]:
    """A pathway cites at least one source, its own or from the shared library."""
    if pathway.sources:
        return []
    message = "the pathway has no sources: list the ones it cites under 'library: {include: "
    message += "shared/sources.yaml, sources: [...]}'."
    return [Issue(("sources",), message)]


def check_references(pathway: Pathway) -> list[Issue]:
    """Every id a pathway refers to (questions, steps, options, sources, ...) exists."""
    known = {
        "question": list(pathway.questions),
        "step": list(pathway.steps_by_id),
        "option": list(pathway.options_by_id),
        "source": list(pathway.sources_by_id),
        "clinician question": [c.id for c in pathway.clinician_questions],
    }
    lookup = {what: set(ids) for what, ids in known.items()}
    return [
        Issue(path, unknown_id(ref, what, known[what]))
        for path, ref, what in _references(pathway)
        if ref not in lookup[what]
    ]


def _references(pathway: Pathway) -> Iterator[tuple[Path, str, str]]:
    """Every reference as (key path, id, what it refers to)."""
    for path, compare, _ in _compares(pathway):
        yield (*path, "question"), compare.question, "question"
    for s, step in enumerate(pathway.steps):
        for r, route in enumerate(step.next):
            yield ("steps", s, "next", r, "goto"), route.goto, "step"
        yield from _each(("steps", s, "sources"), step.sources, "source")
        if step.question_list is not None:
            listed = step.question_list.sources
            yield from _each(("steps", s, "question_list", "sources"), listed, "source")
    for i, stage in enumerate(pathway.stages):
        yield from _each(("stages", i, "discuss"), stage.discuss, "option")
    for t, tier in enumerate(pathway.safety):
        for i, flag in enumerate(tier.items):
            for e, ev in enumerate(flag.evidence):
                yield ("safety", t, "items", i, "evidence", e, "source"), ev.source, "source"
    yield from _option_references(pathway)
    for i, score in enumerate(pathway.scores):
        yield from _each(("scores", i, "items"), score.items, "question")
    yield from _each(("tell_first",), pathway.tell_first, "question")


def _option_references(pathway: Pathway) -> Iterator[tuple[Path, str, str]]:
    for i, option in enumerate(pathway.options):
        yield from _each(("options", i, "sources"), option.sources, "source")
        cqs = option.clinician_questions
        yield from _each(("options", i, "clinician_questions"), cqs, "clinician question")
        if option.status_question is not None:
            yield ("options", i, "status_question"), option.status_question, "question"
        for f, figure in enumerate(option.figures):
            yield from _each(("options", i, "figures", f, "sources"), figure.sources, "source")


def _each(path: Path, ids: list[str], what: str) -> Iterator[tuple[Path, str, str]]:
    for i, ref in enumerate(ids):
        yield (*path, i), ref, what


# --- questions and conditions -------------------------------------------------------------------


def check_choices(pathway: Pathway) -> list[Issue]:
    """Single and multiple questions have choices, others none; ladder and exclusive fit."""
    issues = []
    for path, _, question in _questions(pathway):
        issues += _choice_issues(pathway, path, question)
    return issues


def _choice_issues(pathway: Pathway, path: Path, question: Question) -> list[Issue]:
    kind, choices = question.kind, question.choices
    if kind not in ("single", "multiple"):
        if choices is None:
            return []
        return [Issue((*path, "choices"), f"a {kind} question has no choices: remove 'choices'.")]
    if not choices:
        message = f"a {kind} question needs choices: add 'choices:' with items like "
        return [Issue(path, message + "{id: ..., label: ...}.")]
    if choices == "ladder":
        return _ladder_issues(pathway, path, question)
    return [
        Issue((*path, "choices", i, "exclusive"), _NOT_EXCLUSIVE)
        for i, choice in enumerate(choices)
        if choice.exclusive and kind != "multiple"
    ]


_NOT_EXCLUSIVE = (
    "'exclusive' works only on a multiple question (a single question allows one answer "
    "anyway): remove it."
)


def _ladder_issues(pathway: Pathway, path: Path, question: Question) -> list[Issue]:
    if question.kind != "multiple":
        message = "'choices: ladder' works only on a multiple question: use 'kind: multiple'."
        return [Issue((*path, "choices"), message)]
    if not pathway.options:
        return [Issue((*path, "choices"), "'choices: ladder' needs options, but there are none.")]
    return []


def check_scales(pathway: Pathway) -> list[Issue]:
    """Every scale question has ``min`` below ``max``."""
    return [
        Issue((*path, "max"), f"max ({q.max}) must be greater than min ({q.min}).")
        for path, _, q in _questions(pathway)
        if q.kind == "scale" and q.min >= q.max
    ]


def check_condition_values(pathway: Pathway) -> list[Issue]:
    """Each comparison's operator and value fit the kind and choices of its question."""
    issues = []
    for path, compare, _ in _compares(pathway):
        question = pathway.questions.get(compare.question)
        if question is not None:
            issues += _compare_issues(pathway, path, compare, question)
    return issues


def _compare_issues(pathway: Pathway, path: Path, c: Compare, q: Question) -> list[Issue]:
    allowed = OPERATORS[q.kind]
    if c.operator not in allowed:
        message = f"{c.operator!r} does not work on the {q.kind} question {q.id!r}: "
        return [Issue((*path, "operator"), message + f"use one of {quote_all(allowed)}.")]
    problem = _value_problem(pathway, c, q)
    return [Issue((*path, "value"), problem)] if problem else []


def _value_problem(pathway: Pathway, c: Compare, q: Question) -> str | None:
    value = c.value
    if c.operator == "answered":
        ok = value is None or isinstance(value, bool)
        return None if ok else f"{value!r}: 'answered' takes true or false."
    if value is None:
        return f"{c.operator!r} needs a value: add 'value: ...'."
    if c.operator == "in":
        if not isinstance(value, list):
            return f"{value!r} is not a list: 'in' needs a list of values, e.g. [a, b]."
        return next(filter(None, (_scalar_problem(pathway, v, q) for v in value)), None)
    if isinstance(value, list):
        return f"{value!r} is a list: only 'in' takes a list."
    return _scalar_problem(pathway, value, q)


def _scalar_problem(pathway: Pathway, value: Scalar, q: Question) -> str | None:
    if q.kind == "yes_no":
        return None if isinstance(value, bool) else f"{value!r} is not true or false."
    if q.kind == "scale":
        ok = isinstance(value, int) and not isinstance(value, bool) and q.min <= value <= q.max
        return None if ok else f"{value!r} is not a whole number from {q.min} to {q.max}."
    ids = [c.id for c in pathway.choices(q)]
    if value in ids:
        return None
    hint = did_you_mean(value, ids) or f" Use one of {quote_all(ids)}."
    return f"{value!r} is not a choice of question {q.id!r}.{hint}"


def check_condition_order(pathway: Pathway) -> list[Issue]:
    """Conditions depend only on questions asked before them, so there are no cycles."""
    positions = {qid: i for i, qid in enumerate(pathway.questions)}
    issues = []
    for path, compare, scope in _compares(pathway):
        position = positions.get(compare.question)
        if scope.limit is None or position is None or position < scope.limit:
            continue
        issues.append(Issue((*path, "question"), _order_message(pathway, compare, scope)))
    return issues


def _order_message(pathway: Pathway, compare: Compare, scope: _Scope) -> str:
    ref = compare.question
    if ref == scope.self_id:
        return f"the condition of question {ref!r} depends on {ref!r} itself, a cycle: remove it."
    step = pathway.step_of[ref].id
    return f"{ref!r} is asked later (step {step!r}); {scope.rule}, so the order has no cycles."


# --- flow ---------------------------------------------------------------------------------------


def check_routes_forward(pathway: Pathway) -> list[Issue]:
    """Routes only go forward: a route to the same or an earlier step would be a cycle."""
    index = {step.id: i for i, step in enumerate(pathway.steps)}
    issues = []
    for s, step in enumerate(pathway.steps):
        for r, route in enumerate(step.next):
            target = index.get(route.goto)
            if target is not None and target <= s:
                what = "this step" if target == s else "an earlier step"
                message = f"{route.goto!r} is {what}; routes may only go forward, or they "
                issues.append(Issue(("steps", s, "next", r, "goto"), message + "make a cycle."))
    return issues


def check_reachable(pathway: Pathway) -> list[Issue]:
    """Every step can be reached from the first one."""
    index = {step.id: i for i, step in enumerate(pathway.steps)}
    seen, todo = {0}, [0]
    while todo:
        for target in _onward(pathway, todo.pop(), index):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return [
        Issue(
            ("steps", i),
            f"step {step.id!r} can never be reached: no route leads to it and "
            "the step before it always goes elsewhere.",
        )
        for i, step in enumerate(pathway.steps)
        if i not in seen
    ]


def _onward(pathway: Pathway, s: int, index: dict[str, int]) -> list[int]:
    """The steps a person can go to from step ``s``."""
    step, following = pathway.steps[s], [s + 1] if s + 1 < len(pathway.steps) else []
    targets = following if step.enable_when is not None else []  # a skipped step falls through
    for route in step.next:
        targets += [index[route.goto]] if route.goto in index else []
        if route.when is None:
            return targets
    return targets + following


def check_summary(pathway: Pathway) -> list[Issue]:
    """There is exactly one summary step."""
    summaries = [i for i, step in enumerate(pathway.steps) if step.kind == "summary"]
    if not summaries:
        message = "no step has kind 'summary': every path must end at a summary; add one "
        return [Issue(("steps",), message + "as the last step.")]
    message = "a second summary step: a pathway has exactly one, and it is the last step."
    return [Issue(("steps", i, "kind"), message) for i in summaries[1:]]


def check_question_list(pathway: Pathway) -> list[Issue]:
    """The person's question list is edited on one step at most (its widgets are drawn once)."""
    where = [i for i, step in enumerate(pathway.steps) if step.has_question_list]
    if len(where) < 2:
        return []
    message = (f"the question list is already edited on step {pathway.steps[where[0]].id!r}: "
               "a pathway edits it on one step only.")
    return [Issue(("steps", i), message) for i in where[1:]]


def check_dead_ends(pathway: Pathway) -> list[Issue]:
    """Every path ends at the summary: the last step is the summary, so no step is a dead end."""
    last = pathway.steps[-1]
    if last.kind == "summary":
        return []
    message = f"step {last.id!r} is a dead end: it is the last step but not the summary, so a "
    message += "path would end without one. Make the summary the last step."
    return [Issue(("steps", len(pathway.steps) - 1), message)]


# --- content ------------------------------------------------------------------------------------


def check_dates(pathway: Pathway) -> list[Issue]:
    """``published`` <= ``last_reviewed`` < ``next_review``."""
    issues = []
    if pathway.last_reviewed < pathway.published:
        message = f"last_reviewed {pathway.last_reviewed} is before published {pathway.published}"
        issues.append(Issue(("last_reviewed",), message + ": a review cannot precede publication."))
    if pathway.next_review <= pathway.last_reviewed:
        message = f"next_review {pathway.next_review} must be after last_reviewed "
        issues.append(Issue(("next_review",), message + f"{pathway.last_reviewed}."))
    return issues


def check_status_questions(pathway: Pathway) -> list[Issue]:
    """Each option's status question is a single question with a ``not_tried`` choice."""
    issues = []
    for i, option in enumerate(pathway.options):
        question = pathway.questions.get(option.status_question or "")
        if question is None:
            continue
        ids = [c.id for c in pathway.choices(question)]
        if question.kind != "single" or "not_tried" not in ids:
            message = f"status question {question.id!r} must be a single question with a "
            message += "'not_tried' choice, e.g. {id: not_tried, label: Not tried}."
            issues.append(Issue(("options", i, "status_question"), message))
    return issues


def check_stages(pathway: Pathway) -> list[Issue]:
    """Only the last stage may leave out ``when`` (a stage without it always matches)."""
    message = "has no 'when', so it always matches and the stages after it are never used; "
    message += "only the last stage may leave out 'when'."
    return [
        Issue(("stages", i), f"stage {stage.id!r} {message}")
        for i, stage in enumerate(pathway.stages[:-1])
        if stage.when is None
    ]


def check_retired(pathway: Pathway) -> list[Issue]:
    """Retired questions are not asked any more, and moved ticks land on a real choice."""
    issues = []
    for i, q in enumerate(pathway.retired.questions):
        if q.id in pathway.questions:
            message = f"question {q.id!r} is asked in this version: remove it from retired."
            issues.append(Issue(("retired", "questions", i, "id"), message))
    box = pathway.retired.own_question_box
    if box is not None and box in pathway.questions:
        message = f"question {box!r} is asked in this version: it cannot be a retired box."
        issues.append(Issue(("retired", "own_question_box"), message))
    for i, move in enumerate(pathway.retired.moved_choices):
        problem = _choice_problem(pathway, move.new.question, move.new.choice)
        if problem:
            issues.append(Issue(("retired", "moved_choices", i, "new"), problem))
    return issues


def _choice_problem(pathway: Pathway, qid: str, choice: str) -> str | None:
    question = pathway.questions.get(qid)
    if question is None:
        return unknown_id(qid, "question", list(pathway.questions))
    ids = [c.id for c in pathway.choices(question)]
    if choice not in ids:
        return f"{choice!r} is not a choice of question {qid!r}; its choices: {quote_all(ids)}."
    return None


def check_safety_tiers(pathway: Pathway) -> list[Issue]:
    """Safety tiers come most urgent first; a tier appears twice only as a named extra group."""
    issues, highest, seen = [], -1, set()
    order = f"list tiers in the order {quote_all(TIER_ORDER)}"
    for i, tier in enumerate(pathway.safety):
        rank = TIER_ORDER.index(tier.tier)
        if tier.key in seen:
            message = f"tier {tier.tier!r} appears twice: put all its items in one tier, or "
            message += "give the extra group its own 'id' (e.g. 'implant_team')."
            issues.append(Issue(("safety", i, "tier"), message))
        elif rank < highest:
            message = f"tier {tier.tier!r} comes after {TIER_ORDER[highest]!r}: {order}."
            issues.append(Issue(("safety", i, "tier"), message))
        seen.add(tier.key)
        highest = max(highest, rank)
    return issues


def check_evidence_tiers(pathway: Pathway) -> list[Issue]:
    """A warning sign sits in the tier its sources give, unless a judgement says why not.

    Signs without evidence are not checked here (the content tests require evidence for every
    shipped sign); a sign whose sources give no tier needs a judgement that places it.
    """
    issues = []
    for t, tier in enumerate(pathway.safety):
        for i, flag in enumerate(tier.items):
            message = _tier_problem(tier.tier, flag)
            if message:
                issues.append(Issue(("safety", t, "items", i, "evidence"), message))
    return issues


def check_action_lines(pathway: Pathway) -> list[Issue]:
    """A sign's ``action`` names an action line of its own tier; cautions have none."""
    issues = []
    groups: list[tuple[str, Sequence[SafetyTier | CautionGroup]]] = [
        ("safety", pathway.safety),
        ("cautions", pathway.cautions),
    ]
    for key, listed in groups:
        for g, group in enumerate(listed):
            issues += _action_issues((key, g), group)
    return issues


def _action_issues(path: Path, group: SafetyTier | CautionGroup) -> list[Issue]:
    issues = []
    lines = [a.id for a in group.actions] if isinstance(group, SafetyTier) else []
    for i, flag in enumerate(group.items):
        if flag.action is not None and flag.action not in lines:
            where = f"tier {group.tier!r}" if isinstance(group, SafetyTier) else "a caution group"
            message = f"{flag.id!r} names action line {flag.action!r}, which {where} does not "
            message += f"have: add it to that tier's 'actions'.{did_you_mean(flag.action, lines)}"
            issues.append(Issue((*path, "items", i, "action"), message))
    return issues


def check_checked_question(pathway: Pathway) -> list[Issue]:
    """A tier's ``checked_question`` is a yes/no question on the warning-sign step that is shown
    whenever a sign of that tier is raised (else a person could never say they were checked)."""
    issues = []
    for t, tier in enumerate(pathway.safety):
        qid = tier.checked_question
        if qid is None:
            continue
        path: Path = ("safety", t, "checked_question")
        q = pathway.questions.get(qid)
        step = pathway.step_of.get(qid)
        if q is None or q.kind != "yes_no" or step is None or step.kind != "safety":
            message = f"{qid!r} is not a yes/no question on the warning-sign step."
            issues.append(Issue(path, message))
            continue
        hidden = [f.id for f in tier.items if not holds(q.enable_when, example(f.when))]
        if hidden:
            message = f"question {qid!r} stays hidden when {quote_all(hidden)} is raised: add "
            message += "those answers to its 'enable_when'."
            issues.append(Issue(path, message))
    return issues


def _tier_problem(tier: str, flag: RedFlag) -> str | None:
    tiers = [e.tier for e in flag.evidence if e.tier is not None]
    if not flag.evidence or flag.judgement is not None:
        return None
    if not tiers:
        return (
            f"no source gives {flag.id!r} a tier: add the tier a source gives it, or a "
            "'judgement' that says why it is placed in this tier."
        )
    source_tier = min(tiers, key=TIER_ORDER.index)
    if source_tier == tier:
        return None
    return (
        f"{flag.id!r} is in tier {tier!r}, but its sources give {source_tier!r}: move it, or "
        "record a 'judgement' that says why the aid differs from the source."
    )


Check = Callable[[Pathway], list[Issue]]

# --- the comparison, leaning and quiz -----------------------------------------------------------


def check_comparison(pathway: Pathway) -> list[Issue]:
    """The comparison's shortlist question fits, and every row answers every option once."""
    compare = pathway.compare
    if compare is None:
        return []
    issues = _shortlist_issues(pathway, compare)
    if compare.current not in pathway.options_by_id:
        known = list(pathway.options_by_id)
        issues.append(Issue(("compare", "current"), unknown_id(compare.current, "option", known)))
    issues += _duplicate_rows(compare)
    for i, row in enumerate(compare.rows):
        issues += _cell_issues(pathway, ("compare", "rows", i), f"row {row.id!r}", row.cells)
    for i, trade in enumerate(compare.tradeoffs):
        here: Path = ("compare", "tradeoffs", i)
        issues += _tradeoff_issues(pathway, here, trade.question, trade.neutral)
        rows = [r.id for r in compare.rows]
        if trade.row is not None and trade.row not in rows:
            issues.append(Issue((*here, "row"), unknown_id(trade.row, "grid row", rows)))
        elif trade.row is None:
            issues += _cell_issues(pathway, here, f"trade-off {trade.question!r}", trade.cells)
    for i, pic in enumerate(compare.pictures):
        here = ("compare", "pictures", i)
        if pic.option not in pathway.options_by_id:
            known = list(pathway.options_by_id)
            issues.append(Issue((*here, "option"), unknown_id(pic.option, "option", known)))
    return issues


def _shortlist_issues(pathway: Pathway, compare: Comparison) -> list[Issue]:
    path: Path = ("compare", "shortlist_question")
    question = pathway.questions.get(compare.shortlist_question)
    if question is None:
        known = list(pathway.questions)
        return [Issue(path, unknown_id(compare.shortlist_question, "question", known))]
    if question.kind != "multiple" or question.choices != "ladder":
        message = f"the shortlist question {question.id!r} must be a multiple question with "
        return [Issue(path, message + "'choices: ladder'.")]
    return []


def _duplicate_rows(compare: Comparison) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for i, row in enumerate(compare.rows):
        if row.id in seen:
            message = f"{row.id!r} is already the id of another row; row ids must be unique."
            issues.append(Issue(("compare", "rows", i, "id"), message))
        seen.add(row.id)
    return issues


def _cell_issues(
    pathway: Pathway, path: Path, what: str, cells: Mapping[str, CompareCell]
) -> list[Issue]:
    """Every option has exactly one cell, and every cell cites known sources."""
    options = list(pathway.options_by_id)
    missing = [o for o in options if o not in cells]
    issues = []
    if missing:
        message = f"{what} has no answer for option {quote_all(missing)}: add "
        message += f"'{missing[0]}: {{text: ..., sources: [...]}}' under 'cells'."
        issues.append(Issue((*path, "cells"), message))
    for key, cell in cells.items():
        if key not in pathway.options_by_id:
            message = unknown_id(key, "option", options)
            issues.append(Issue((*path, "cells", key), message, on_key=True))
        issues += _source_issues(pathway, (*path, "cells", key, "sources"), cell.sources)
    return issues


def _source_issues(pathway: Pathway, path: Path, sources: list[str]) -> list[Issue]:
    known = list(pathway.sources_by_id)
    return [
        Issue((*path, j), unknown_id(sid, "source", known))
        for j, sid in enumerate(sources)
        if sid not in pathway.sources_by_id
    ]


def _tradeoff_issues(pathway: Pathway, path: Path, qid: str, neutral: str) -> list[Issue]:
    question = pathway.questions.get(qid)
    if question is None:
        return [Issue((*path, "question"), unknown_id(qid, "question", list(pathway.questions)))]
    if question.kind != "single" or pathway.step_of[qid].kind not in TRADE_OFF_STEPS:
        message = f"trade-off question {qid!r} must be a single question on the compare step."
        return [Issue((*path, "question"), message)]
    ids = [c.id for c in pathway.choices(question)]
    if neutral not in ids:
        return [Issue((*path, "neutral"), unknown_id(neutral, f"choice of {qid!r}", ids))]
    return []


def check_leaning(pathway: Pathway) -> list[Issue]:
    """The leaning question offers options (or 'not_sure'); SURE items are yes/no questions."""
    leaning = pathway.leaning
    if leaning is None:
        return []
    issues = list(_leaning_question_issues(pathway, leaning.question))
    issues += _source_issues(pathway, ("leaning", "sources"), leaning.sources)
    for i, qid in enumerate(leaning.sure):
        question = pathway.questions.get(qid)
        if question is None:
            known = list(pathway.questions)
            issues.append(Issue(("leaning", "sure", i), unknown_id(qid, "question", known)))
        elif question.kind != "yes_no":
            message = f"SURE item {qid!r} must be a yes_no question."
            issues.append(Issue(("leaning", "sure", i), message))
    return issues


def _leaning_question_issues(pathway: Pathway, qid: str) -> Iterator[Issue]:
    question: Question | None = pathway.questions.get(qid)
    if question is None:
        yield Issue(("leaning", "question"), unknown_id(qid, "question", list(pathway.questions)))
        return
    if question.kind != "single":
        yield Issue(("leaning", "question"), f"leaning question {qid!r} must be single.")
        return
    allowed = [*pathway.options_by_id, NOT_SURE]
    for c in pathway.choices(question):
        if c.id not in allowed:
            message = f"leaning choice {c.id!r} must be an option id or {NOT_SURE!r}."
            yield Issue(("leaning", "question"), message)


def check_quiz(pathway: Pathway) -> list[Issue]:
    """Each quiz statement points back to a known option card and cites known sources."""
    issues = []
    options = list(pathway.options_by_id)
    for i, item in enumerate(pathway.quiz):
        if item.option not in pathway.options_by_id:
            issues.append(Issue(("quiz", i, "option"), unknown_id(item.option, "option", options)))
        issues += _source_issues(pathway, ("quiz", i, "sources"), item.sources)
    return issues


CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_has_sources,
    check_references,
    check_choices,
    check_scales,
    check_condition_values,
    check_condition_order,
    check_routes_forward,
    check_reachable,
    check_summary,
    check_dead_ends,
    check_question_list,
    check_dates,
    check_status_questions,
    check_stages,
    check_safety_tiers,
    check_evidence_tiers,
    check_retired,
    check_comparison,
    check_leaning,
    check_quiz,
    check_figure_references,
    check_action_lines,
    check_checked_question,
)
"""Every semantic check, in the order they run."""


def run_checks(pathway: Pathway) -> list[Issue]:
    """Run every check in :data:`CHECKS` and collect all their issues.

    Args:
        pathway: A structurally valid pathway.

    Returns:
        Every semantic issue, check by check.
    """
    return [issue for check in CHECKS for issue in check(pathway)]


# --- review dates -------------------------------------------------------------------------------


def review_status(pathway: Pathway, today: dt.date) -> ReviewStatus:
    """Whether the content is current, due for review, or overdue (> 90 days past review).

    Args:
        pathway: The pathway.
        today: The date to judge by.

    Returns:
        ``"current"`` until ``next_review``, then ``"due"``, then ``"overdue"``.
    """
    if today <= pathway.next_review:
        return "current"
    return "overdue" if today - pathway.next_review > OVERDUE_AFTER else "due"


def review_issues(pathway: Pathway, today: dt.date, *, strict: bool = False) -> list[Issue]:
    """A warning when the content is past review; with ``strict``, an error when overdue.

    Args:
        pathway: The pathway.
        today: The date to judge by.
        strict: Report content more than 90 days past ``next_review`` as an error.

    Returns:
        No issue, or one issue located at ``next_review``.
    """
    status = review_status(pathway, today)
    if status == "current":
        return []
    days = (today - pathway.next_review).days
    message = f"next_review {pathway.next_review} passed {days} days ago: check the sources, "
    message += "then update last_reviewed and next_review."
    if strict and status == "overdue":
        return [Issue(("next_review",), message + " More than 90 days overdue fails --strict.")]
    return [Issue(("next_review",), message, severity="warning")]
