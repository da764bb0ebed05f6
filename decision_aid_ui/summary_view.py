"""The plan drawn with Streamlit elements for the summary page.

The downloadable Markdown comes from the engine (``summary.to_markdown``). On screen we draw the
same plan ourselves so that everything the person typed goes through ``st.text``: Streamlit's
Markdown turns bare web addresses into links even when escaped, and typed text must stay text.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from decision_aid.evaluate import AnswerLine, Plan
from decision_aid.summary import (
    NOT_ADVICE,
    NOT_CHOSEN,
    TRIED,
    answer_sections,
    first_person,
    footer_text,
    option_line,
    question_groups,
    score_text,
    tried_lines,
    what_next,
)
from decision_aid_ui import compare_page

Row = tuple[str, str, bool]  # label (content), answer, typed by the person

__all__ = ["first_person", "show"]


def show(plan: Plan) -> None:
    """Every part of the summary, in the order of the printed page (safety is above it); each
    part is one small function in ``PARTS``."""
    st.markdown(f"_{NOT_ADVICE}_")
    for part in PARTS:
        part(plan)


def _tell_first(plan: Plan) -> None:
    scores = [(s.title, score_text(s), False) for s in plan.scores]
    _section("To tell my clinician first", [*_rows(plan, plan.tell_first), *scores])


def _answers(plan: Plan) -> None:
    for title, lines in answer_sections(plan):
        _section(title, _rows(plan, lines))


def _tried(plan: Plan) -> None:
    _section(TRIED, [(label, answer, False) for label, answer in tried_lines(plan)])


def _values(plan: Plan) -> None:
    _section("What matters to me", _rows(plan, plan.values))


def _rows(plan: Plan, lines: tuple[AnswerLine, ...]) -> list[Row]:
    kinds = {qid: q.kind for qid, q in plan.pathway.questions.items()}
    return [(ln.label, ln.answer, kinds.get(ln.question_id) == "text") for ln in lines]


def _section(title: str, rows: list[Row]) -> None:
    if not rows:
        return
    st.subheader(title, anchor=False)
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
        st.subheader(f"Where I am: {plan.stage.title}", anchor=False)
        st.markdown(plan.stage.description)
    st.subheader("Options I want to discuss", anchor=False)
    chosen = [f"- {option_line(o)}" for o in plan.to_discuss]
    st.markdown("\n".join(chosen) or NOT_CHOSEN)
    if not plan.to_discuss and plan.stage_options:
        st.subheader("Options people at my stage often discuss", anchor=False)
        st.markdown("\n".join(f"- {option_line(o)}" for o in plan.stage_options))


def _questions(plan: Plan) -> None:
    for heading, first, qs in question_groups(plan):
        st.subheader(heading, anchor=False)
        for i, q in enumerate(qs, first):
            if q.own:
                st.text(f"{i}. {q.text}")
            else:
                st.markdown(f"{i}\\. {q.text}")


def _what_next(plan: Plan) -> None:
    st.subheader("What next", anchor=False)
    st.markdown("\n".join(f"- {t}" for t in what_next(plan)))


def _footer(plan: Plan) -> None:
    st.caption(footer_text(plan))


PARTS: list[Callable[[Plan], None]] = [
    _tell_first,
    _answers,
    compare_page.on_summary,
    _tried,
    _values,
    _discuss,
    _questions,
    _what_next,
    _footer,
]
"""The on-screen summary's parts in reading order; add a part here."""
