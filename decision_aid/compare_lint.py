"""Lints for the comparison, trade-off, leaning and quiz wording: neutral, never ranking.

The grid sets options side by side, which invites 'best' and 'better'; these words are
forbidden there (and in every sentence the engine writes about the grid), on top of the
pathway-wide lints in :mod:`decision_aid.lint`, which also read the blocks listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from decision_aid.model import Pathway

NEUTRAL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bbest\b", "the aid does not rank options"),
    (r"\bbetter (?:option|choice|treatment|for you)\b", "the aid does not rank options"),
    (r"\bright (?:choice |option )?for you\b", "only the person can judge that"),
    (r"\brecommended (?:for|to) you\b", "the aid does not recommend"),
    (r"\b(?:top|first) (?:choice|pick)\b", "the aid does not rank options"),
    (r"\bideal\b", "the aid does not rank options"),
    (r"\b(?:good|great|close|perfect) match\b", "the aid never matches options to people"),
    (r"\bmatch(?:es)? (?:you|your)\b", "the aid never matches options to people"),
    (r"\bsuits? you\b", "only the person can judge that"),
    (r"\bmost suitable\b", "the aid does not rank options"),
    (r"\b(?:score|scored|ranked|ranking|winner)\b", "the aid never scores or ranks options"),
)
"""Ranking words forbidden in comparison content and generated grid text."""

_NEUTRAL = tuple((re.compile(p, re.IGNORECASE), why) for p, why in NEUTRAL_PATTERNS)


def compare_blocks(p: Pathway) -> Iterator[tuple[str, str]]:
    """Every patient-facing text of the compare, leaning and quiz sections, with where it is."""
    if p.compare is not None:
        for row in p.compare.rows:
            yield f"CompareRow(id={row.id!r}).text", row.text
            for oid, cell in row.cells.items():
                yield f"CompareRow(id={row.id!r}).cells.{oid}", cell.text
        for t in p.compare.tradeoffs:
            for oid, cell in t.cells.items():
                yield f"TradeOff(question={t.question!r}).cells.{oid}", cell.text
        for i, pic in enumerate(p.compare.pictures):
            here = f"Picture(option={pic.option!r})[{i}]"
            yield f"{here}.event", pic.event
            yield f"{here}.population", pic.population
            for arm in pic.arms:
                yield f"{here}.arm", arm.label
    if p.leaning is not None:
        yield "Leaning.raise_note", p.leaning.raise_note
    for item in p.quiz:
        yield f"QuizItem(id={item.id!r}).statement", item.statement
        yield f"QuizItem(id={item.id!r}).feedback", item.feedback


def ranking_words(text: str) -> list[tuple[str, str]]:
    """The ranking words in ``text`` as ``(matched words, why)`` pairs."""
    return [(m.group(0), why) for pattern, why in _NEUTRAL for m in pattern.finditer(text)]


def lint_neutral(p: Pathway) -> list[str]:
    """Ranking words in the comparison, values, leaning and quiz wording.

    Args:
        p: A pathway that passed the model.

    Returns:
        One message per ranking word found.
    """
    blocks = list(compare_blocks(p))
    for step in p.steps:
        if step.kind in ("values", "compare"):
            blocks += [(f"Question(id={q.id!r})", _question_text(p, q.id)) for q in step.questions]
    return [
        f"At {where}: {words!r} is not allowed because {why}. Reword it."
        for where, text in blocks
        for words, why in ranking_words(text)
    ]


def _question_text(p: Pathway, qid: str) -> str:
    q = p.questions[qid]
    labels = [c.label for c in p.choices(q)] if q.choices != "ladder" else []
    return " ".join([q.text, q.help or "", *labels])
