"""Carry answers saved with an older version of a pathway over to this one, from its data.

What changed between versions is content, written in each pathway's ``retired:`` block (and the
shared screen's): questions no longer asked (named in their own words), 0 to 10 ratings that
trade-offs replaced, ticks that moved to another question, ticks whose meaning narrowed, and
the retired free-text box. This module reads that block; it holds no question ids or words.

Everything here is defensive by construction: an answer is only ever looked up, never trusted.
Values that are not text, numbers or lists of them are skipped and counted; a file's own text is
never repeated back (only words from the pathway, numbers 0 to 10, and id-shaped ids).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from decision_aid.model import Pathway, RetiredQuestion
from decision_aid.plan import MAX_OWN_QUESTIONS, OWN_QUESTION_MAX_LENGTH, OwnQuestion, QuestionEdits

_ANSWER_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""A question id as pathways write them: safe to name back to the person."""

_MAX_NAMED = 10
"""The most dropped ids named in one note."""


@dataclasses.dataclass(frozen=True)
class Carried:
    """Answers to check against this version, and what the person is told about the rest.

    Attributes:
        answers: The answers left to validate (a dict, or the file's value when it is none).
        notes: Notes that open the list (what moved or was dropped between versions).
        retired: Notes naming retired ratings and questions, in the pathway's words.
    """

    answers: Any
    notes: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()


def carry(pathway: Pathway, raw: Any, *, other_version: bool) -> Carried:
    """Take retired answers out of ``raw`` and, for another version's file, move the rest.

    Args:
        pathway: The pathway the file is for (with its ``retired`` block).
        raw: The file's answers, as read (anything: a file may hold any JSON).
        other_version: Whether the file was saved with another version of the pathway.

    Returns:
        The answers to validate and the notes for the person.
    """
    if not isinstance(raw, dict):
        return Carried(raw)
    raw, retired = _retire(pathway, raw)
    if not other_version:
        return Carried(raw, (), retired)
    moved, notes = _move(pathway, raw)
    return Carried(moved, tuple(notes), retired)


# --- retired questions and ratings ---------------------------------------------------------------


def _retire(pathway: Pathway, raw: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    by_id = {q.id: q for q in pathway.retired.questions if q.id not in pathway.questions}
    old = [k for k in raw if k in by_id]
    kept = {k: v for k, v in raw.items() if k not in by_id}
    ratings = [by_id[k] for k in old if by_id[k].rating]
    questions = [by_id[k] for k in old if not by_id[k].rating]
    notes = []
    if ratings:
        named = _first_few([f"{q.text}{_rating(raw[q.id])}" for q in ratings])
        notes.append(
            "This guide now asks what matters to you as trade-offs, so your old 0 to 10 ratings "
            f"could not be carried over: {named}. Please answer the 'Weigh up your options' page "
            "again."
        )
    if questions:
        named = "; ".join(_retired_answer(q, raw[q.id]) for q in questions)
        notes.append(
            "This guide no longer asks these questions, so your answers to them were not "
            f"carried over: {named}. You can tell your clinician about them."
        )
    return kept, tuple(notes)


def _rating(value: Any) -> str:
    # Only a whole number 0 to 10 is repeated back; anything else the file holds is not.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
        return f" ({value} out of 10)"
    return " (?)"


_FEW = 5
"""How many retired ratings a note names; the rest are counted, so it stays short."""


def _first_few(names: list[str]) -> str:
    if len(names) <= _FEW:
        return ", ".join(names)
    return f"{', '.join(names[:_FEW])} and {len(names) - _FEW} more"


def _retired_answer(question: RetiredQuestion, value: Any) -> str:
    # The file's own value is named only when it is one of the question's answers.
    given = value if isinstance(value, list) else [value]
    words = [question.choices[v] for v in given if isinstance(v, str) and v in question.choices]
    return f"{question.text}: {', '.join(words)}" if words else question.text


# --- another version: moved ticks, narrowed ticks, dropped answers -------------------------------


def _move(pathway: Pathway, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Warning-sign ticks move to where the sign is asked now; 'None of these' on the
    warning-sign step is never carried over (the list may have new signs the person has not
    seen), nor is a narrowed tick. Answers to questions this version lacks are dropped."""
    retired = pathway.retired
    screen = {q.id for s in pathway.steps if s.kind == "safety" for q in s.questions}
    moves = {(m.old.question, m.old.choice): m.new for m in retired.moved_choices}
    movers = {m.old.question for m in retired.moved_choices}
    narrowed = {(c.question, c.choice) for c in retired.narrowed_choices}
    out: dict[str, Any] = {}
    dropped: list[str] = []
    unreadable: list[str] = []
    bad_ticks = 0
    for qid, value in answers.items():
        if isinstance(value, list) and (qid in screen or qid in movers):
            # Each tick on its own: one that is not text is skipped and counted, the rest kept.
            choices = [c for c in value if isinstance(c, str)]
            bad_ticks += len(value) - len(choices)
            for choice in choices:
                target = moves.get((qid, choice))
                if target is not None:
                    out.setdefault(target.question, []).append(target.choice)
                elif choice != "none" and (qid, choice) not in narrowed and qid in screen:
                    out.setdefault(qid, []).append(choice)
        elif not _readable(value):
            unreadable.append(qid)
        elif qid in pathway.questions:
            out[qid] = value
        else:
            dropped.append(qid)
    notes = _drop_notes(pathway, dropped, unreadable)
    if bad_ticks:
        notes.append(f"{bad_ticks} warning-sign ticks in this file could not be read and were "
                     "left out.")
    return out, notes


def _known_old_ids(pathway: Pathway) -> frozenset[str]:
    """Question ids some version of this pathway asked, from its ``retired`` block."""
    r = pathway.retired
    ids = {q.id for q in r.questions} | {m.old.question for m in r.moved_choices}
    ids |= {c.question for c in r.narrowed_choices}
    return frozenset(ids | ({r.own_question_box} if r.own_question_box else set()))


def _readable(value: Any) -> bool:
    """Text, a number, true/false, or a list of those: what an answer can be."""
    scalar = (str, int, float, bool)
    return isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(v, scalar) for v in value)
    )


def _drop_notes(pathway: Pathway, dropped: list[str], unreadable: list[str]) -> list[str]:
    notes = []
    if dropped:
        # ids come from the file, in the app's voice if named: only ids some version of this
        # pathway really asked are named (never more than ten); any other is only counted
        known = _known_old_ids(pathway)
        named = [d for d in dropped if d in known and _ANSWER_ID.fullmatch(d)][:_MAX_NAMED]
        others = len(dropped) - len(named)
        listed = ", ".join(named)
        if others:
            rest = f"{others} other answer{'s' if others > 1 else ''}"
            listed = f"{listed} and {rest}" if listed else rest
        notes.append(f"These answers are not asked any more and were not carried over: {listed}.")
    if unreadable:
        # Named by the pathway's own words where the question is asked now, else counted.
        asked = [pathway.questions[q] for q in unreadable if q in pathway.questions]
        words = "; ".join(f"“{q.summary_label or q.text}”" for q in asked[:_MAX_NAMED])
        others = len(unreadable) - len(asked)
        which = ", ".join(p for p in (words, f"{others} others" if others else "") if p)
        notes.append(
            f"{len(unreadable)} answers in this file could not be read and were left out (they "
            f"are not text, numbers or lists of them): {which}."
        )
    return notes


# --- the retired free-text box -------------------------------------------------------------------


def own_box(
    pathway: Pathway, edits: QuestionEdits, typed: Any
) -> tuple[QuestionEdits, tuple[str, ...]]:
    """What an older file typed in the retired box becomes one of the person's own questions.

    Returns:
        The question-list edits with it added, and a note when it was shortened or not added.
    """
    box = pathway.retired.own_question_box
    text = " ".join(typed.split()) if isinstance(typed, str) else ""
    if not text or box is None or box in pathway.questions:
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
    return dataclasses.replace(edits, own=(*edits.own, OwnQuestion(new, text))), notes


def take_own_box(pathway: Pathway, raw: Any) -> Any:
    """Remove the retired box's answer from ``raw`` answers and return its text (or None)."""
    box = pathway.retired.own_question_box
    if box is None or box in pathway.questions or not isinstance(raw, dict):
        return None
    return raw.pop(box, None)


_MAX_DEPTH = 64  # deeper files are refused by the FHIR reader with its own message


def own_boxes(pathways: Mapping[str, Pathway]) -> frozenset[str]:
    """The retired boxes of ``pathways`` (a FHIR file names its pathway only once read)."""
    return frozenset(
        p.retired.own_question_box for p in pathways.values() if p.retired.own_question_box
    )


def without_own_box(boxes: frozenset[str], node: Any, typed: list[str], depth: int = 0) -> Any:
    """A copy of a FHIR response without the retired boxes' items; their text goes into
    ``typed``."""
    if not boxes or depth > _MAX_DEPTH:
        return node
    if isinstance(node, list):
        return [without_own_box(boxes, n, typed, depth + 1) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("linkId") in boxes:
        answers = node.get("answer")
        for a in answers if isinstance(answers, list) else []:
            if isinstance(a, dict) and isinstance(a.get("valueString"), str):
                typed.append(a["valueString"])
        return None
    out = {k: without_own_box(boxes, v, typed, depth + 1) for k, v in node.items()}
    if isinstance(out.get("item"), list):
        out["item"] = [i for i in out["item"] if i is not None]
    return out
