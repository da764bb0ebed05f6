"""What an answer is: whether a value fits its question, how it reads in plain words, and the
conditions over answers that content branches on.

An answer is a value keyed by question id in the answers dict, the only state a session keeps
(with the person's edits to their question list). Conditions are data: a small interpreter over
Compare / AllOf / AnyOf / NotOf, no eval. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from decision_aid.errors import AnswerError
from decision_aid.model import AllOf, AnyOf, Compare, Condition, NotOf, Pathway, Question

Answer = bool | int | str | list[str]
Answers = Mapping[str, Answer]


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


# --- Conditions ---------------------------------------------------------------------------------


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
