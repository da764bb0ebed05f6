"""What an answer is: whether a value fits its question, and how it reads in plain words.

An answer is a value keyed by question id in the answers dict, the only state a session keeps
(with the person's edits to their question list). Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision_aid.errors import AnswerError
from decision_aid.model import Pathway, Question

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
