"""Semantic checks on the comparison, leaning and quiz sections of a pathway.

Small named functions like those in :mod:`decision_aid.checks` (which runs them): each returns
:class:`Issue` items located by key path, so an option missing a row is a file:line:column error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from decision_aid.errors import Issue, Path, quote_all, unknown_id
from decision_aid.model import CompareCell, Comparison, Pathway, Question

NOT_SURE = "not_sure"
"""The choice id of the leaning question that means 'not sure yet'."""

TRADE_OFF_STEPS = ("compare", "values")
"""Where a trade-off question may be asked: on the compare step ("Weigh up your options"), or
on a step of its own (``kind: values``) as older pathways did."""


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
        issues += _cell_issues(pathway, here, f"trade-off {trade.question!r}", trade.cells)
    for i, pic in enumerate(compare.pictures):
        here = ("compare", "pictures", i)
        if pic.option not in pathway.options_by_id:
            known = list(pathway.options_by_id)
            issues.append(Issue((*here, "option"), unknown_id(pic.option, "option", known)))
        issues += _source_issues(pathway, (*here, "sources"), pic.sources)
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


COMPARE_CHECKS = (check_comparison, check_leaning, check_quiz)
"""The checks of this module, in the order :data:`decision_aid.checks.CHECKS` runs them."""


def cited_sources(pathway: Pathway) -> set[str]:
    """Every source id the compare, trade-off, leaning and quiz sections cite."""
    cited: set[str] = set()
    if pathway.compare is not None:
        tables = [r.cells for r in pathway.compare.rows]
        tables += [t.cells for t in pathway.compare.tradeoffs]
        cited |= {s for cells in tables for cell in cells.values() for s in cell.sources}
        cited |= {s for pic in pathway.compare.pictures for s in pic.sources}
    if pathway.leaning is not None:
        cited |= set(pathway.leaning.sources)
    return cited | {s for item in pathway.quiz for s in item.sources}
