"""Conditions are data: every operator and combinator, on answered and unanswered questions."""

from __future__ import annotations

import pytest

from decision_aid.answers import holds, leaves
from decision_aid.model import AllOf, AnyOf, Compare, NotOf

A = {"s": "b", "m": ["x", "y"], "n": 5, "y": False, "t": "hello"}


def c(q: str, op: str, v: object = None) -> Compare:
    return Compare(question=q, operator=op, value=v)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        (c("s", "equals", "b"), True),
        (c("s", "equals", "a"), False),
        (c("s", "not_equals", "a"), True),
        (c("s", "in", ["a", "b"]), True),
        (c("s", "in", ["a"]), False),
        (c("s", "in", "b"), False),
        (c("m", "contains", "x"), True),
        (c("m", "contains", "z"), False),
        (c("s", "contains", "b"), False),
        (c("n", "gt", 4), True),
        (c("n", "gt", 5), False),
        (c("n", "gte", 5), True),
        (c("n", "lt", 5), False),
        (c("n", "lte", 5), True),
        (c("s", "gt", 1), False),
        (c("n", "gt", "4"), False),
        (c("y", "equals", False), True),
        (c("t", "answered", True), True),
        (c("t", "answered"), True),
        (c("t", "answered", False), False),
        (c("missing", "answered", False), True),
        (c("missing", "not_equals", "a"), False),
        (c("missing", "equals", "a"), False),
        (None, True),
    ],
)
def test_compare(cond: Compare | None, expected: bool) -> None:
    assert holds(cond, A) is expected


def test_combinators() -> None:
    yes, no = c("s", "equals", "b"), c("s", "equals", "a")
    assert holds(AllOf(all=[yes, yes]), A)
    assert not holds(AllOf(all=[yes, no]), A)
    assert holds(AnyOf(any=[no, yes]), A)
    assert not holds(AnyOf(any=[no, no]), A)
    assert holds(NotOf.model_validate({"not": no}), A)
    nested = AllOf(all=[AnyOf(any=[no, yes]), NotOf.model_validate({"not": no})])
    assert holds(nested, A)
    assert [x.question for x in leaves(nested)] == ["s", "s", "s"]
    assert list(leaves(None)) == []


def test_empty_answers_count_as_unanswered() -> None:
    assert holds(c("m", "answered", False), {"m": []})
    assert holds(c("t", "answered", False), {"t": ""})
