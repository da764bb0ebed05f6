"""Conditions are data: a small interpreter over Compare / AllOf / AnyOf / NotOf. No eval."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from decision_aid.model import AllOf, AnyOf, Compare, Condition, NotOf


def holds(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """Whether ``condition`` is true for ``answers``; no condition is always true.

    A comparison with a question that has no answer is false (except ``answered``), so
    content never branches on a guess.
    """
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(holds(c, answers) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, answers) for c in condition.any)
    if isinstance(condition, NotOf):
        return not holds(condition.not_, answers)
    return _compare(condition, answers)


def _compare(c: Compare, answers: Mapping[str, Any]) -> bool:
    present = c.question in answers and answers[c.question] not in (None, "", [])
    if c.operator == "answered":
        return present == (c.value is not False)
    if not present:
        return False
    got = answers[c.question]
    want = c.value
    if c.operator == "equals":
        return bool(got == want)
    if c.operator == "not_equals":
        return bool(got != want)
    if c.operator == "in":
        return isinstance(want, list) and got in want
    if c.operator == "contains":
        return isinstance(got, list) and want in got
    return _order(c.operator, got, want)


def _order(operator: str, got: Any, want: Any) -> bool:
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    if isinstance(want, bool) or not isinstance(want, int | float):
        return False
    return {
        "gt": got > want,
        "gte": got >= want,
        "lt": got < want,
        "lte": got <= want,
    }[operator]


def example(condition: Condition | None) -> dict[str, Any]:
    """The fewest ticks that make a warning-sign condition hold: one ``contains`` answer per
    comparison, every part of an ``all``, the first of an ``any`` (``not`` adds nothing).

    Used to check that a combination can be raised, and to probe it from the command line.
    """
    answers: dict[str, Any] = {}
    if isinstance(condition, Compare) and condition.operator == "contains":
        answers[condition.question] = [condition.value]
    elif isinstance(condition, AllOf):
        for part in condition.all:
            for qid, ticks in example(part).items():
                answers[qid] = [*answers.get(qid, []), *ticks]
    elif isinstance(condition, AnyOf) and condition.any:
        answers = example(condition.any[0])
    return answers


def leaves(condition: Condition | None) -> Iterator[Compare]:
    """Every comparison inside ``condition``, depth first."""
    return (compare for _, compare in located_leaves(condition))


def located_leaves(
    condition: Condition | None, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Compare]]:
    """Every comparison inside ``condition``, depth first, with its key path below ``path``
    (``all``/``any`` and an index, or ``not``, as in the YAML)."""
    if condition is None:
        return
    if isinstance(condition, Compare):
        yield path, condition
    elif isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        for i, part in enumerate(parts):
            yield from located_leaves(part, (*path, key, i))
    else:
        yield from located_leaves(condition.not_, (*path, "not"))
