"""The 'save my answers' file: what people download to resume later, and what the CLI reads.

The file is JSON, at most 256 KB, and holds only answers and question-list edits: no names, no
dates of birth, nothing that identifies a person. Reading never half-applies: a bad file raises
ResumeError with a message for people, and the caller keeps its current answers. What older
versions asked is content (each pathway's ``retired:``), carried over by ``migrate``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aid.answers import Answer, validate_answers
from decision_aid.errors import AnswerError
from decision_aid.formats import migrate
from decision_aid.model import Pathway
from decision_aid.path import prune, safety_step_gaps
from decision_aid.plan import MAX_OWN_QUESTIONS, OWN_QUESTION_MAX_LENGTH, OwnQuestion, QuestionEdits

FORMAT = "thoracic-decision-aid/answers"
FORMAT_VERSION = 1
MIN_FORMAT_VERSION = 1
"""The oldest format version this tool reads (versions are counted from 1)."""
MAX_BYTES = 256 * 1024
OWN_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
"""What an own question's id may be (the app gives own_1, own_2, ...)."""
_VERSION = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}")
"""A pathway version in the file that is safe to repeat back: digits and dots, short."""
UNCHANGED = "Your current answers have not changed."


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
    step: str = ""
    """The step the person was on when they saved ("" in files saved before it was kept)."""


def dumps(
    pathway: Pathway,
    answers: Mapping[str, Answer],
    edits: QuestionEdits | None = None,
    now: dt.datetime | None = None,
    step: str | None = None,
) -> str:
    """The saved file for these answers, as JSON text; ``step`` is where the person was (an
    optional key: files without it still open, on the first step still needing an answer)."""
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
    if step in pathway.steps_by_id:
        doc["step"] = step
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
    version = doc.get("pathway_version", "")
    version = version if isinstance(version, str) else ""
    raw = doc.get("answers", {})
    typed = migrate.take_own_box(pathway, raw)
    answers, before, after = _carry(pathway, version, raw)
    edits, moved = migrate.own_box(pathway, _edits(pathway, doc.get("my_questions", {})), typed)
    screen = _screen_notes(pathway, answers)
    step = doc.get("step")
    step = step if isinstance(step, str) and step in pathway.steps_by_id else ""
    notes = (*before, *moved, *after, *screen)
    return Saved(pathway.id, answers, edits, version, notes, step)


def _carry(
    pathway: Pathway, version: str, raw: Any
) -> tuple[dict[str, Answer], list[str], tuple[str, ...]]:
    # The answers of a file (ours or FHIR) saved with ``version``, carried over to this version
    # of the pathway by its ``retired`` data (decision_aid/formats/migrate.py), answers to hidden
    # questions named. Returns the answers, the notes that open the list (which version) and
    # those that close it (what was not carried over).
    other = version != pathway.version
    try:
        carried = migrate.carry(pathway, raw, other_version=other)
    except Exception:  # noqa: BLE001 - whatever a file holds, the person gets a message
        raise ResumeError(f"This file could not be used. {UNCHANGED}") from None
    notes = list(carried.notes)
    if other and isinstance(raw, dict):
        # The file's own text is never echoed: it could be anything, of any length.
        saved_with = f"version {version}" if _VERSION.fullmatch(version) else "another version"
        notes.insert(
            0,
            f"This file was saved with {saved_with} of this topic; this is version "
            f"{pathway.version}.",
        )
    answers, dropped = _visible(pathway, _answers(pathway, carried.answers))
    return answers, notes, (*carried.retired, *dropped)


def _screen_notes(pathway: Pathway, answers: Mapping[str, Answer]) -> list[str]:
    gaps = safety_step_gaps(pathway, answers)
    if not gaps:
        return []
    if len(gaps) > _FEW:  # (nearly) all of them: a list of every group says nothing more
        return ["The warning-sign questions are new or have changed, or were not answered. "
                "Please answer them first."]
    names = "; ".join(q.summary_label or q.text for q in gaps)
    return [
        "Some warning-sign questions are new or have changed, or were not answered. Please "
        f"answer them first: {names}."
    ]


_FEW = 5
"""How many warning-sign groups a note names before it says "all of them"."""


def _visible(
    pathway: Pathway, answers: dict[str, Answer]
) -> tuple[dict[str, Answer], tuple[str, ...]]:
    # Answers to questions hidden by other answers are dropped, as the app and the FHIR export
    # drop them (the FHIR SDC rule), and the person is told which.
    changed = prune(pathway, answers)
    return changed.answers, _dropped_note(pathway, changed.dropped)


def _name(pathway: Pathway, question_id: str) -> str:
    q = pathway.questions[question_id]
    return q.summary_label or q.text


def _dropped_note(pathway: Pathway, dropped: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if not dropped:
        return ()
    names = "; ".join(f"“{_name(pathway, q)}”" for q in dropped)
    return (
        "Some answers in this file were left out because their questions do not apply to your "
        f"other answers: {names}.",
    )


def _parse(data: str | bytes) -> dict[str, Any]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise ResumeError(
            f"This file is too large ({len(raw) // 1024} KB). A saved answers file is at most "
            f"{MAX_BYTES // 1024} KB. Please choose the file this tool saved for you."
        )
    text = _decode(raw)
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKeyError:
        raise ResumeError(
            "This saved file is damaged: it gives the same item twice, so it is not clear which "
            f"one to use. {UNCHANGED}"
        ) from None
    except (ValueError, RecursionError):  # bad JSON, or a number too long to read
        raise ResumeError(
            "This file could not be read. It is not a saved answers file from this tool. "
            f"{UNCHANGED}"
        ) from None
    if not isinstance(doc, dict):
        raise ResumeError("This file is not a saved answers file from this tool.")
    if not all(_is_text(s) for s in _strings_in(doc)):
        raise ResumeError(
            "This saved file is damaged: some of its text has broken characters. "
            f"{UNCHANGED}"
        )
    return doc


def _decode(raw: bytes) -> str:
    # Editors may re-save the file with a byte order mark, or as UTF-16 or UTF-32: read those
    # too (JSON's own rules tell them apart); anything else must be UTF-8.
    try:
        return raw.decode(json.detect_encoding(raw))
    except UnicodeDecodeError:
        raise ResumeError(
            "This file could not be read: its text is not in a form this tool reads (UTF-8). "
            f"If you edited it, save it again as UTF-8 text. {UNCHANGED}"
        ) from None


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        raise _DuplicateKeyError
    return doc


def _strings_in(doc: Any) -> Iterator[str]:
    # Every key and text value, without recursion (the file may be nested deeply).
    todo = [doc]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)


def _is_text(value: str) -> bool:
    # JSON can carry a lone surrogate ("\ud800"), which no page or file can show.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
            f"version, or start again here. {UNCHANGED}"
        )
    if version < MIN_FORMAT_VERSION:
        raise ResumeError(
            f"This saved file is damaged: its format version is not valid. {UNCHANGED}"
        )


def _pathway_for(pathway_id: Any, pathways: Mapping[str, Pathway]) -> Pathway:
    if not isinstance(pathway_id, str) or pathway_id not in pathways:
        known = ", ".join(f"“{p.title}”" for p in pathways.values()) or "none"
        raise ResumeError(
            f"This file is for a topic this tool does not have. Topics here: {known}. "
            f"{UNCHANGED}"
        )
    return pathways[pathway_id]


def _answers(pathway: Pathway, raw: Any) -> dict[str, Answer]:
    try:
        return validate_answers(pathway, raw)
    except AnswerError as e:
        # Name the question by its words here, never by what the file holds.
        q = pathway.questions.get(e.question_id) if isinstance(raw, dict) else None
        which = (f"the answer to “{_name(pathway, q.id)}”" if q
                 else "an answer for a question it does not have")
        raise ResumeError(
            f"Some answers in this file do not fit the questions of “{pathway.title}” "
            f"({which}). {UNCHANGED}"
        ) from None


def _edits(pathway: Pathway, raw: Any) -> QuestionEdits:
    if not isinstance(raw, dict):
        raise ResumeError("This saved file is damaged: the question list is not readable.")
    hidden, order, own = raw.get("hidden", []), raw.get("order", []), raw.get("own", [])
    shown = raw.get("shown", [])
    if not (_strings(hidden) and _strings(order) and _strings(shown) and isinstance(own, list)):
        raise ResumeError("This saved file is damaged: the question list is not readable.")
    if len(own) > MAX_OWN_QUESTIONS:
        raise ResumeError(f"This file has more than {MAX_OWN_QUESTIONS} of your own questions.")
    mine = tuple(_own(o) for o in own)
    ids = [o.id for o in mine]
    if len(set(ids)) != len(ids) or not all(OWN_ID.fullmatch(i) for i in ids):
        raise ResumeError(
            "This saved file is damaged: your own questions do not have the labels this tool "
            f"gives them, or two have the same label. {UNCHANGED}"
        )
    library = {q.id for q in pathway.clinician_questions}
    if library.intersection(ids):
        raise ResumeError(f"This saved file is damaged: one of your own questions has the label "
                          f"of a built-in question. {UNCHANGED}")
    return QuestionEdits(tuple(hidden), tuple(order), mine, tuple(shown))


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
    from decision_aid.formats import fhir_read  # a FHIR file is rarer; import only when needed

    typed: list[str] = []
    try:
        without = migrate.without_own_box(migrate.own_boxes(pathways), doc, typed)
        pathway, version, raw = fhir_read.raw_answers(without, pathways)
    except (ValueError, KeyError, TypeError) as e:
        raise ResumeError(
            f"This FHIR file could not be used: {_fhir_reason(e)}. {UNCHANGED}"
        ) from None
    # A response made with another version opens as our own files do: carried over, and
    # whatever cannot be carried over is named.
    answers, before, after = _carry(pathway, version, raw)
    edits, moved = migrate.own_box(pathway, _fhir_person_questions(doc), " ".join(typed))
    screen = _screen_notes(pathway, answers)
    step = doc.get("step")
    step = step if isinstance(step, str) and step in pathway.steps_by_id else ""
    notes = (*before, *moved, *after, *screen)
    return Saved(pathway.id, answers, edits, version, notes, step)


def _fhir_person_questions(doc: dict[str, Any]) -> QuestionEdits:
    # The person's own questions from a FHIR response: the first 20, each cut to 300 characters
    # (a hand-made file may hold more), blank ones skipped; none from items it cannot read.
    from decision_aid.formats import fhir_read

    try:
        texts = fhir_read.person_questions(doc)
    except (ValueError, TypeError):
        texts = []
    kept = [" ".join(t.split())[:OWN_QUESTION_MAX_LENGTH] for t in texts]
    kept = [t for t in kept if t][:MAX_OWN_QUESTIONS]
    return QuestionEdits(own=tuple(OwnQuestion(f"own_{n}", t) for n, t in enumerate(kept, 1)))


_FHIR_REASONS = (
    ("it is not a FHIR", "it is not a FHIR QuestionnaireResponse"),
    ("it does not say", "it does not say which questions it answers"),
    ("it answers a questionnaire", "it answers questions this tool does not have"),
    ("its items are nested", "its items are nested too deeply"),
)


def _fhir_reason(error: Exception) -> str:
    # The reader's messages quote the file; say the same in words of our own.
    text = str(error)
    return next((r for start, r in _FHIR_REASONS if text.startswith(start)),
                "some of its answers do not fit this tool's questions")
