"""The plan drawn with Streamlit elements for the summary page.

The downloadable Markdown comes from the engine (``summary.to_markdown``). On screen we draw the
same plan ourselves so that everything the person typed goes through ``st.text``: Streamlit's
Markdown turns bare web addresses into links even when escaped, and typed text must stay text.
"""

from __future__ import annotations

import re

import streamlit as st

from decision_aid.evaluate import AnswerLine, Plan
from decision_aid.summary import CERTAINTY_WORDS, NOT_ADVICE, footer_text
from decision_aid_ui import compare_page

Row = tuple[str, str, bool]  # label (content), answer, typed by the person
TRIED = "What I have tried"

# Step titles speak to the person ("About your pain"); the summary is theirs, in the first person.
_FIRST_PERSON = (
    (re.compile(r"\bYour\b"), "My"),
    (re.compile(r"\byour\b"), "my"),
    (re.compile(r"\b[Yy]ou (have|may)\b"), r"I \1"),
    (re.compile(r"\byou are\b"), "I am"),
    (re.compile(r"\bto you\b"), "to me"),
)


def first_person(title: str) -> str:
    """A step title as a summary heading: "What you have tried" -> "What I have tried"."""
    for you, me in _FIRST_PERSON:
        title = you.sub(me, title)
    return title


def show(plan: Plan) -> None:
    """Every part of the summary, in the order of the printed page (safety is above it)."""
    st.markdown(f"_{NOT_ADVICE}_")
    scores = [
        (s.title, f"{s.value:g} out of 10" if s.value is not None else "not all answered", False)
        for s in plan.scores
    ]
    _section("To tell my clinician first", [*_rows(plan, plan.tell_first), *scores])
    tried: list[Row] = [(o.option.title, o.status or "", False) for o in plan.tried]
    for section in plan.sections:
        title = first_person(section.title)
        if title == TRIED:  # e.g. "Medicines now", asked on the "What you have tried" step
            tried += _rows(plan, section.lines)
        else:
            _section(title, _rows(plan, section.lines))
    compare_page.on_summary(plan)
    _section(TRIED, tried)
    _section("What matters to me", _rows(plan, plan.values))
    _discuss(plan)
    _questions(plan)
    _footer(plan)


def _rows(plan: Plan, lines: tuple[AnswerLine, ...]) -> list[Row]:
    kinds = {qid: q.kind for qid, q in plan.pathway.questions.items()}
    return [(ln.label, ln.answer, kinds.get(ln.question_id) == "text") for ln in lines]


def _section(title: str, rows: list[Row]) -> None:
    if not rows:
        return
    st.subheader(title)
    batch: list[str] = []
    for label, answer, typed in rows:
        if not typed:
            batch.append(f"- **{label}:** {answer}")
            continue
        _flush(batch)
        st.text(f"{label}: {answer}")  # typed text: one element, never Markdown
    _flush(batch)


def _flush(batch: list[str]) -> None:
    if batch:
        st.markdown("\n".join(batch))
        batch.clear()


def _discuss(plan: Plan) -> None:
    if plan.stage is not None:
        st.subheader(f"Where I am: {plan.stage.title}")
        st.markdown(plan.stage.description)
    rows = [
        f"- {o.option.title} (evidence: {CERTAINTY_WORDS[o.option.certainty]})"
        for o in plan.to_discuss
    ]
    if rows:
        st.subheader("Options I want to discuss")
        st.markdown("\n".join(rows))


def _questions(plan: Plan) -> None:
    questions = plan.included_questions
    if not questions:
        return
    st.subheader("My questions")
    for i, q in enumerate(questions, 1):
        if q.own:
            st.text(f"{i}. {q.text}")
        else:
            st.markdown(f"{i}\\. {q.text}")


def _footer(plan: Plan) -> None:
    st.caption(footer_text(plan))
