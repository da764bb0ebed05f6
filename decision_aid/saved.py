"""The 'save my answers' file: what people download to resume later, and what the CLI reads.

The file is JSON, at most 256 KB, and holds only answers and question-list edits: no names, no
dates of birth, nothing that identifies a person. Reading never half-applies: a bad file raises
ResumeError with a message for people, and the caller keeps its current answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aid.evaluate import (
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    Answer,
    AnswerError,
    OwnQuestion,
    QuestionEdits,
    validate_answers,
)
from decision_aid.model import Pathway

FORMAT = "thoracic-decision-aid/answers"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024


class ResumeError(ValueError):
    """A saved file that cannot be used; the message is written for the person who chose it."""


@dataclass(frozen=True)
class Saved:
    """The contents of a valid saved file."""

    pathway_id: str
    answers: dict[str, Answer]
    edits: QuestionEdits = QuestionEdits()
    pathway_version: str = ""
    notes: tuple[str, ...] = field(default=())


def dumps(
    pathway: Pathway,
    answers: Mapping[str, Answer],
    edits: QuestionEdits | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The saved file for these answers, as JSON text."""
    edits = edits or QuestionEdits()
    saved_at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pathway": pathway.id,
        "pathway_version": pathway.version,
        "saved_at": saved_at,
        "answers": dict(answers),
        "my_questions": {
            "hidden": list(edits.hidden),
            "order": list(edits.order),
            "own": [{"id": o.id, "text": o.text} for o in edits.own],
            "shown": list(edits.shown),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def loads(data: str | bytes, pathways: Mapping[str, Pathway]) -> Saved:
    """Read a saved file (ours, or a FHIR QuestionnaireResponse) for one of ``pathways``.

    Raises:
        ResumeError: the file is too large, not JSON, not ours, from a newer version, for an
            unknown pathway, or holds answers that do not fit the pathway.
    """
    doc = _parse(data)
    if doc.get("resourceType") == "QuestionnaireResponse":
        return _from_fhir(doc, pathways)
    _check_format(doc)
    pathway = _pathway_for(doc.get("pathway"), pathways)
    raw = doc.get("answers", {})
    typed = raw.pop(OLD_OWN_BOX, None) if isinstance(raw, dict) else None
    answers = _answers(pathway, raw)
    edits, moved = _own_box(pathway, _edits(doc.get("my_questions", {})), typed)
    version = str(doc.get("pathway_version", ""))
    notes: tuple[str, ...] = moved
    if version != pathway.version:
        notes += (
            f"This file was saved with version {version or 'unknown'} of this pathway; "
            f"this is version {pathway.version}. Your answers still fit.",
        )
    return Saved(pathway.id, answers, edits, version, notes)


OLD_OWN_BOX = "own_questions"
"""The retired second own-question box ("Any other questions you would like to ask?"): what
older files typed there becomes one of the person's own questions."""


def _own_box(
    pathway: Pathway, edits: QuestionEdits, typed: Any
) -> tuple[QuestionEdits, tuple[str, ...]]:
    text = " ".join(typed.split()) if isinstance(typed, str) else ""
    if not text or OLD_OWN_BOX in pathway.questions:
        return edits, ()
    if len(edits.own) >= MAX_OWN_QUESTIONS:
        return edits, (
            f"Your question “{text}” could not be added: your list already has "
            f"{MAX_OWN_QUESTIONS} questions of your own.",
        )
    notes: tuple[str, ...] = ()
    if len(text) > OWN_QUESTION_MAX_LENGTH:
        notes = (
            f"One of your questions was longer than {OWN_QUESTION_MAX_LENGTH} characters. "
            f"Only its start is kept: “{text[OWN_QUESTION_MAX_LENGTH:]}” was left out.",
        )
        text = text[:OWN_QUESTION_MAX_LENGTH]
    used = {o.id for o in edits.own}
    new = next(f"own_{n}" for n in range(1, MAX_OWN_QUESTIONS + 2) if f"own_{n}" not in used)
    own = (*edits.own, OwnQuestion(new, text))
    return dataclasses.replace(edits, own=own), notes


def _parse(data: str | bytes) -> dict[str, Any]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise ResumeError(
            f"This file is too large ({len(raw) // 1024} KB). A saved answers file is at most "
            f"{MAX_BYTES // 1024} KB. Please choose the file this tool saved for you."
        )
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # bad UTF-8, bad JSON, or a number too long to read
        raise ResumeError(
            "This file could not be read. It is not a saved answers file from this tool. "
            "Your current answers have not changed."
        ) from None
    if not isinstance(doc, dict):
        raise ResumeError("This file is not a saved answers file from this tool.")
    return doc


def _check_format(doc: Mapping[str, Any]) -> None:
    if doc.get("format") != FORMAT:
        raise ResumeError(
            "This file is not a saved answers file from this tool. "
            "Please choose the file you saved with 'Save my answers'."
        )
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ResumeError("This saved file is damaged: its format version is missing.")
    if version > FORMAT_VERSION:
        raise ResumeError(
            "This file was saved by a newer version of this tool. Please use the newer "
            "version, or start again here. Your current answers have not changed."
        )


def _pathway_for(pathway_id: Any, pathways: Mapping[str, Pathway]) -> Pathway:
    if not isinstance(pathway_id, str) or pathway_id not in pathways:
        known = ", ".join(repr(p.title) for p in pathways.values()) or "none"
        raise ResumeError(
            f"This file is for a pathway this tool does not have ({pathway_id!r}). "
            f"Pathways here: {known}."
        )
    return pathways[pathway_id]


def _answers(pathway: Pathway, raw: Any) -> dict[str, Answer]:
    try:
        return validate_answers(pathway, raw)
    except AnswerError as e:
        raise ResumeError(
            f"Some answers in this file do not fit the questions of {pathway.title!r} "
            f"({e}). Your current answers have not changed."
        ) from None


def _edits(raw: Any) -> QuestionEdits:
    if not isinstance(raw, dict):
        raise ResumeError("This saved file is damaged: the question list is not readable.")
    hidden, order, own = raw.get("hidden", []), raw.get("order", []), raw.get("own", [])
    shown = raw.get("shown", [])
    if not (_strings(hidden) and _strings(order) and _strings(shown) and isinstance(own, list)):
        raise ResumeError("This saved file is damaged: the question list is not readable.")
    if len(own) > MAX_OWN_QUESTIONS:
        raise ResumeError(f"This file has more than {MAX_OWN_QUESTIONS} of your own questions.")
    return QuestionEdits(tuple(hidden), tuple(order), tuple(_own(o) for o in own), tuple(shown))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _own(raw: Any) -> OwnQuestion:
    fields = (raw.get("id"), raw.get("text")) if isinstance(raw, dict) else (None, None)
    if not all(isinstance(f, str) for f in fields):
        raise ResumeError("This saved file is damaged: one of your own questions is not readable.")
    if len(raw["text"]) > OWN_QUESTION_MAX_LENGTH:
        raise ResumeError(
            f"One of your own questions is longer than {OWN_QUESTION_MAX_LENGTH} characters."
        )
    return OwnQuestion(raw["id"], raw["text"])


def _from_fhir(doc: dict[str, Any], pathways: Mapping[str, Pathway]) -> Saved:
    from decision_aid.export import fhir  # a FHIR file is rarer; import only when needed

    typed: list[str] = []
    try:
        pathway, answers = fhir.answers_from_response(_without_own_box(doc, typed), pathways)
    except (ValueError, KeyError, TypeError) as e:
        raise ResumeError(
            f"This FHIR file could not be used: {e}. Your current answers have not changed."
        ) from None
    edits, notes = _own_box(pathway, QuestionEdits(), " ".join(typed))
    return Saved(pathway.id, _answers(pathway, answers), edits, pathway.version, notes)


_MAX_DEPTH = 64  # deeper files are refused by the FHIR reader with its own message


def _without_own_box(node: Any, typed: list[str], depth: int = 0) -> Any:
    # A copy of a FHIR response without the retired box's items; their text goes into ``typed``.
    if depth > _MAX_DEPTH:
        return node
    if isinstance(node, list):
        return [_without_own_box(n, typed, depth + 1) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("linkId") == OLD_OWN_BOX:
        answers = node.get("answer")
        for a in answers if isinstance(answers, list) else []:
            if isinstance(a, dict) and isinstance(a.get("valueString"), str):
                typed.append(a["valueString"])
        return None
    out = {k: _without_own_box(v, typed, depth + 1) for k, v in node.items()}
    if isinstance(out.get("item"), list):
        out["item"] = [i for i in out["item"] if i is not None]
    return out
