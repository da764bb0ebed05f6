"""The 'save my answers' file: what people download to resume later, and what the CLI reads.

The file is JSON, at most 256 KB, and holds only answers and question-list edits: no names, no
dates of birth, nothing that identifies a person. Reading never half-applies: a bad file raises
ResumeError with a message for people, and the caller keeps its current answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aid.evaluate import (
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    Answer,
    AnswerError,
    OwnQuestion,
    QuestionEdits,
    prune,
    safety_step_gaps,
    validate_answers,
)
from decision_aid.model import Pathway

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
_ANSWER_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""A question id as pathways write them: safe to name back to the person."""


_EMERGENCY_MOVES = {
    ("emergency_signs", "chest_pain"): ("emergency_heart_lungs", "chest_pain"),
    ("emergency_signs", "tearing_pain"): ("emergency_heart_lungs", "tearing_pain"),
    ("emergency_signs", "breathless"): ("emergency_heart_lungs", "breathless"),
    ("emergency_signs", "legs_weak_numb"): ("emergency_nerves", "legs_weak_numb"),
    ("emergency_signs", "bladder_bowel"): ("emergency_nerves", "bladder_bowel"),
}
MOVED_CHOICES: dict[str, dict[tuple[str, str], tuple[str, str]]] = {
    "tens": _EMERGENCY_MOVES,
    "spinal_cord_stimulation": {
        **_EMERGENCY_MOVES,
        ("team_signs", "not_coping"): ("soon_signs", "not_coping"),
    },
}
"""Ticks saved by version 0.1.0 of a pathway, moved to the shared warning-sign screen.

Keyed by pathway id: (old question, old choice) -> (new question, new choice). Applied only to
files saved with another version of the pathway.
"""

NARROWED_CHOICES = frozenset(
    {("emergency_signs", "serious_injury"), ("emergency_nerves", "serious_injury")}
)
"""Ticks whose meaning changed (an accident now counts only in the last few days): never
carried over, so the person answers again."""


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
    version = doc.get("pathway_version", "")
    version = version if isinstance(version, str) else ""
    raw = doc.get("answers", {})
    typed = raw.pop(OLD_OWN_BOX, None) if isinstance(raw, dict) else None
    answers, before, after = _carry(pathway, version, raw)
    edits, moved = _own_box(pathway, _edits(pathway, doc.get("my_questions", {})), typed)
    screen = _screen_notes(pathway, answers)
    return Saved(pathway.id, answers, edits, version, (*before, *moved, *after, *screen))


def _carry(
    pathway: Pathway, version: str, raw: Any
) -> tuple[dict[str, Answer], list[str], tuple[str, ...]]:
    # The answers of a file (ours or FHIR) saved with ``version``, carried over to this version
    # of the pathway: retired questions and ratings named in words, warning-sign ticks moved,
    # answers to hidden questions named. Returns the answers, the notes that open the list
    # (which version) and those that close it (what was not carried over).
    raw, retired = retire_old_values(pathway, raw)
    raw, asked_no_more = retire_old_questions(pathway, raw)
    notes: list[str] = []
    if version != pathway.version and isinstance(raw, dict):
        raw, notes = migrate(pathway, raw)
        # The file's own text is never echoed: it could be anything, of any length.
        saved_with = f"version {version}" if _VERSION.fullmatch(version) else "another version"
        notes.insert(
            0,
            f"This file was saved with {saved_with} of this topic; this is version "
            f"{pathway.version}.",
        )
    answers, dropped = _visible(pathway, _answers(pathway, raw))
    return answers, notes, (*retired, *asked_no_more, *dropped)


def migrate(pathway: Pathway, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Carry answers saved with another version of ``pathway`` over to this one.

    Warning-sign ticks move to where the sign is asked now; 'None of these' on the warning-sign
    step is never carried over (the list may have new signs the person has not seen), nor is a
    tick whose meaning narrowed. Answers to questions this version does not have are dropped.

    Returns:
        The answers to check, and notes naming everything not carried over.
    """
    screen = {q.id for s in pathway.steps if s.kind == "safety" for q in s.questions}
    moves = MOVED_CHOICES.get(pathway.id, {})
    out: dict[str, Any] = {}
    dropped: list[str] = []
    unreadable = 0
    for qid, value in answers.items():
        ticks = isinstance(value, list) and (qid in screen or any(k[0] == qid for k in moves))
        if not ticks:
            if qid in pathway.questions:
                out[qid] = value
            else:
                dropped.append(qid)
            continue
        choices, skipped = _text_choices(value)
        unreadable += skipped
        for choice in choices:
            target = moves.get((qid, choice))
            if target is not None:
                out.setdefault(target[0], []).append(target[1])
            elif choice != "none" and (qid, choice) not in NARROWED_CHOICES and qid in screen:
                out.setdefault(qid, []).append(choice)
    notes = [*_dropped_answers_note(pathway, dropped), *_unreadable_ticks_note(unreadable)]
    return out, notes


def _text_choices(value: list[Any]) -> tuple[list[str], int]:
    # The ticks of a warning-sign answer that are text; what else the file put there (a list,
    # an object, a number) is skipped and only counted (issue 26: a nested list crashed).
    kept = [c for c in value if isinstance(c, str)]
    return kept, len(value) - len(kept)


def _unreadable_ticks_note(count: int) -> list[str]:
    if not count:
        return []
    return [f"{count} warning-sign answers in this file could not be read and were left out."]


def _known_old_ids(pathway: Pathway) -> frozenset[str]:
    # Question ids some version of this pathway really had: only these are named back to the
    # person (a file's own ids could be any text, in the app's voice).
    moved = {old for old, _ in MOVED_CHOICES.get(pathway.id, {})}
    narrowed = {old for old, _ in NARROWED_CHOICES}
    return frozenset({*RETIRED_VALUES, *RETIRED_QUESTIONS, *moved, *narrowed, OLD_OWN_BOX})


def _dropped_answers_note(pathway: Pathway, dropped: list[str]) -> list[str]:
    if not dropped:
        return []
    known = _known_old_ids(pathway)
    named = [d for d in dropped if d in known and _ANSWER_ID.fullmatch(d)][:10]
    others = len(dropped) - len(named)
    listed = ", ".join(named)
    if others:
        rest = f"{others} other answer{'s' if others > 1 else ''}"
        listed = f"{listed} and {rest}" if listed else rest
    return [f"These answers are not asked any more and were not carried over: {listed}."]


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


RETIRED_VALUES = {
    "value_avoid_surgery": "Avoiding surgery or implants",
    "value_avoid_medicines": "Avoiding daily medicines",
    "value_fewer_medicines": "Fewer medicines",
    "value_quick_relief": "Quick relief",
    "value_lasting_relief": "Lasting relief",
    "value_cost": "Low cost",
    "value_time": "Little time and effort",
    "value_side_effects": "Few side effects",
    "value_self_manage": "Managing it myself",
    "value_control": "Being in control",
    "value_evidence": "Strong research",
    "value_upkeep": "Little upkeep",
    "value_mri": "MRI scans",
}
"""The 0-10 'what matters' ratings that trade-off questions replaced (issue 14), by old id."""


def retire_old_values(pathway: Pathway, raw: Any) -> tuple[Any, tuple[str, ...]]:
    """Drop old 0-10 value ratings the pathway no longer asks, and say which ones.

    A rating cannot become a trade-off answer without guessing what the person meant, so
    the ratings are named (with the number given) and the person is asked again.

    Returns:
        The answers without the retired ratings, and a note for the person (or none).
    """
    if not isinstance(raw, dict):
        return raw, ()
    old = {k: v for k, v in raw.items() if k in RETIRED_VALUES and k not in pathway.questions}
    if not old:
        return raw, ()
    kept = {k: v for k, v in raw.items() if k not in old}
    named = _first_few([f"{RETIRED_VALUES[k]}{_shown(v)}" for k, v in old.items()])
    note = (
        "This guide now asks what matters to you as trade-offs, so your old 0 to 10 ratings "
        f"could not be carried over: {named}. Please answer the 'Weigh up your options' page again."
    )
    return kept, (note,)


RETIRED_QUESTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "spread": (
        "Where the pain spreads",
        {
            "stays": "Only in my mid-back",
            "ribs": "Around my side and ribs",
            "neck_shoulders": "Up to my neck or shoulders",
            "lower_back": "Into my lower back",
            "legs": "Into my legs",
        },
    ),
    "decision_role": (
        "How I like to decide",
        {
            "myself": "Myself, after hearing the options",
            "together": "With my clinician",
            "clinician": "My clinician decides",
        },
    ),
    "pattern": (
        "Which best describes the pain",
        {
            "constant": "It is there all or most of the time",
            "comes_and_goes": "It comes and goes",
            "flare_ups": "It is mostly mild with bad flare-ups",
        },
    ),
    "sleep": (
        "How much the pain affects your sleep",
        {"not_at_all": "Not at all", "a_little": "A little", "a_lot": "A lot"},
    ),
    "work": (
        "How much the pain affects your work or daily tasks",
        {
            "not_at_all": "Not at all",
            "a_little": "A little",
            "a_lot": "A lot",
            "stopped": "I have had to stop",
        },
    ),
}
"""Questions the main pathway stopped asking (issue 13: ``pattern``, ``sleep`` and ``work`` in
version 0.3.0, ``spread`` in 0.4.0, ``decision_role`` in 0.5.0: SURE's support question asks the
same and adds its own help question), by old id: the question and its answers in words, so a saved
answer is named to the person, never by its id."""


def retire_old_questions(pathway: Pathway, raw: Any) -> tuple[Any, tuple[str, ...]]:
    """Drop answers to questions the pathway no longer asks, and name them with their answers.

    Returns:
        The answers without the retired ones, and a note for the person (or none).
    """
    if not isinstance(raw, dict):
        return raw, ()
    old = [k for k in raw if k in RETIRED_QUESTIONS and k not in pathway.questions]
    if not old:
        return raw, ()
    kept = {k: v for k, v in raw.items() if k not in old}
    named = "; ".join(_retired_answer(k, raw[k]) for k in old)
    note = (
        "This guide no longer asks these questions, so your answers to them were not carried "
        f"over: {named}. You can tell your clinician about them."
    )
    return kept, (note,)


def _retired_answer(question_id: str, value: Any) -> str:
    # The file's own value is named only when it is one of the question's answers.
    text, choices = RETIRED_QUESTIONS[question_id]
    given = value if isinstance(value, list) else [value]
    words = [choices[v] for v in given if isinstance(v, str) and v in choices]
    return f"{text}: {', '.join(words)}" if words else text


def _shown(value: Any) -> str:
    # The file's number is named only when it is a rating (0 to 10): a file may hold any number.
    rating = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    return f" ({value} out of 10)" if rating else ""


_FEW = 5
"""How many retired ratings a note names; the rest are counted, so it stays short."""


def _first_few(names: list[str]) -> str:
    if len(names) <= _FEW:
        return ", ".join(names)
    return f"{', '.join(names[:_FEW])} and {len(names) - _FEW} more"



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
            "The question you typed in the old 'Any other questions' box could not be added: "
            f"your list already has {MAX_OWN_QUESTIONS} questions of your own.",
        )
    notes: tuple[str, ...] = ()
    if len(text) > OWN_QUESTION_MAX_LENGTH:
        notes = (
            f"One of your questions was longer than {OWN_QUESTION_MAX_LENGTH} characters. "
            f"Only its first {OWN_QUESTION_MAX_LENGTH} characters are kept.",
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
    from decision_aid.export import fhir  # a FHIR file is rarer; import only when needed

    typed: list[str] = []
    try:
        pathway, version, raw = fhir.raw_answers(_without_own_box(doc, typed), pathways)
    except (ValueError, KeyError, TypeError) as e:
        raise ResumeError(
            f"This FHIR file could not be used: {_fhir_reason(e)}. {UNCHANGED}"
        ) from None
    # A response made with another version opens as our own files do: carried over, and
    # whatever cannot be carried over is named.
    answers, before, after = _carry(pathway, version, raw)
    edits, moved = _own_box(pathway, _fhir_own_questions(doc), " ".join(typed))
    screen = _screen_notes(pathway, answers)
    return Saved(pathway.id, answers, edits, version, (*before, *moved, *after, *screen))


def _fhir_own_questions(doc: dict[str, Any]) -> QuestionEdits:
    # The person's own questions from a FHIR response: the first 20, each cut to 300 characters
    # (a hand-made file may hold more), blank ones skipped; none from items it cannot read.
    from decision_aid.export import fhir

    try:
        texts = fhir.own_questions(doc)
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
