"""A FHIR ``QuestionnaireResponse`` read back into answers (the app's resume accepts one).

Every problem raises ValueError, KeyError or TypeError with a plain message; ``saved.loads``
turns it into a message for people.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from decision_aid.answers import Answer, validate_answers
from decision_aid.formats.fhir_conditions import canonical_url, code_system
from decision_aid.model import Pathway, Question
from decision_aid.path import prune

MAX_DEPTH = 8
"""Items nest step group -> question; anything much deeper is not ours."""


def answers_from_response(
    doc: Mapping[str, Any], pathways: Mapping[str, Pathway]
) -> tuple[Pathway, dict[str, Answer]]:
    """Read the answers in a QuestionnaireResponse made by ``fhir.response``.

    Display items, groups and calculated scores are skipped; answers to questions the other
    answers hide are dropped (the FHIR SDC rule), as the engine does.

    Args:
        doc: The parsed JSON of a QuestionnaireResponse.
        pathways: The pathways this tool has, by id.

    Returns:
        The pathway the response is for, and the answers by question id.

    Raises:
        ValueError: not a QuestionnaireResponse, another pathway or version, or bad answers.
        TypeError: an element has the wrong JSON type.
    """
    pathway, version, answers = raw_answers(doc, pathways)
    if version != pathway.version:
        raise ValueError(
            f"this file is for version {version or 'unknown'} of the pathway; "
            f"this is version {pathway.version}"
        )
    return pathway, prune(pathway, validate_answers(pathway, answers)).answers


def raw_answers(
    doc: Mapping[str, Any], pathways: Mapping[str, Pathway]
) -> tuple[Pathway, str, dict[str, Any]]:
    """The pathway, the version the response says it answers, and its answers by linkId, not
    yet checked against the pathway (``saved.loads`` carries them over as it does its own
    files').

    An answer to a question this pathway does not have is an error when the response is for
    this version; for another version it is kept, read by its value type, so that the caller
    can name it or carry it over.

    Raises:
        ValueError: not a QuestionnaireResponse, another pathway, or bad items.
        TypeError: an element has the wrong JSON type.
    """
    if not isinstance(doc, Mapping) or doc.get("resourceType") != "QuestionnaireResponse":
        raise ValueError("it is not a FHIR QuestionnaireResponse")
    pathway, version = _pathway(doc.get("questionnaire"), pathways)
    answers: dict[str, Any] = {}
    for item in _items(doc, 0):
        _read_item(pathway, item, answers, other_version=version != pathway.version)
    return pathway, version, answers


OWN_GROUP = "my_questions"
"""The linkId of the group holding the person's own questions (not a question id: never one)."""
OWN_ITEM = "my_questions.own"
"""The linkId of the repeating string item inside it: one answer per own question."""


def person_questions(doc: Mapping[str, Any]) -> list[str]:
    """The texts of the person's own questions in a response (``fhir.response(own=...)``);
    answers that are not text are skipped. Call after ``raw_answers`` accepted ``doc``."""
    return [
        a["valueString"]
        for item in _items(doc, 0)
        if item.get("linkId") == OWN_ITEM
        for a in _answer_list(item)
        if isinstance(a.get("valueString"), str)
    ]


def _pathway(reference: Any, pathways: Mapping[str, Pathway]) -> tuple[Pathway, str]:
    if not isinstance(reference, str) or not reference:
        raise ValueError("it does not say which questionnaire it answers")
    url, _, version = reference.partition("|")
    pathway = next((p for p in pathways.values() if canonical_url(p) == url), None)
    if pathway is None:
        raise ValueError(f"it answers a questionnaire this tool does not have ({url!r})")
    return pathway, version


def _items(parent: Mapping[str, Any], depth: int) -> Iterator[Mapping[str, Any]]:
    """Every item under ``parent``, depth first, including items nested under answers."""
    if depth > MAX_DEPTH:
        raise ValueError("its items are nested too deeply")
    children = parent.get("item", [])
    if not isinstance(children, list):
        raise TypeError("'item' must be a list")
    for child in children:
        if not isinstance(child, Mapping):
            raise TypeError("each item must be an object")
        yield child
        yield from _items(child, depth + 1)
        for answer in _answer_list(child):
            yield from _items(answer, depth + 1)


def _answer_list(item: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    answers = item.get("answer", [])
    if not isinstance(answers, list) or not all(isinstance(a, Mapping) for a in answers):
        raise TypeError(f"the answers of item {item.get('linkId')!r} must be a list of objects")
    return answers


def _read_item(
    pathway: Pathway, item: Mapping[str, Any], answers: dict[str, Any], other_version: bool
) -> None:
    link_id = item.get("linkId")
    if not isinstance(link_id, str):
        raise TypeError("an item has no linkId")
    if link_id in (OWN_GROUP, OWN_ITEM):
        return  # the person's own questions: read by ``person_questions``
    question = pathway.questions.get(link_id)
    values = _answer_list(item)
    if link_id in answers:
        raise ValueError(f"it answers {link_id!r} twice")
    if question is None:
        if not values or link_id.startswith("score."):
            return  # a step group, a display item or a calculated score
        if not other_version:
            raise ValueError(f"it answers {link_id!r}, which is not a question of this pathway")
        answers[link_id] = _untyped(values)  # an older question: named or carried by the caller
        return
    if values:
        answers[link_id] = _value(pathway, question, values)


def _untyped(values: list[Mapping[str, Any]]) -> Any:
    # An answer to a question this version does not have, read by its value type alone: codes
    # (one, or a list of several), else the one boolean, integer or string; None if neither.
    got = [_plain(v) for v in values]
    if len(got) == 1:
        return got[0]
    return got if all(isinstance(g, str) for g in got) else None


def _plain(answer: Mapping[str, Any]) -> Any:
    coding = answer.get("valueCoding")
    if isinstance(coding, Mapping):
        return coding.get("code") if isinstance(coding.get("code"), str) else None
    for key in ("valueBoolean", "valueInteger", "valueString"):
        if key in answer:
            return answer[key]
    return None


def _value(pathway: Pathway, q: Question, values: list[Mapping[str, Any]]) -> Answer:
    if q.kind == "multiple":
        return [_code(pathway, q, v) for v in values]
    if len(values) != 1:
        raise ValueError(f"{q.id!r} has {len(values)} answers; it takes one")
    if q.kind == "single":
        return _code(pathway, q, values[0])
    key = {"yes_no": "valueBoolean", "scale": "valueInteger", "text": "valueString"}[q.kind]
    return _typed(q, values[0], key)


def _typed(q: Question, answer: Mapping[str, Any], key: str) -> Answer:
    if key not in answer:
        raise ValueError(f"the answer to {q.id!r} needs {key}")
    value: Answer = answer[key]
    return value  # checked against the question by validate_answers


def _code(pathway: Pathway, q: Question, answer: Mapping[str, Any]) -> str:
    coding = answer.get("valueCoding")
    if not isinstance(coding, Mapping) or not isinstance(coding.get("code"), str):
        raise ValueError(f"the answer to {q.id!r} needs a valueCoding with a code")
    system = coding.get("system")
    if system is not None and system != code_system(pathway, q):
        raise ValueError(f"the answer to {q.id!r} uses another code system ({system!r})")
    code: str = coding["code"]
    return code
