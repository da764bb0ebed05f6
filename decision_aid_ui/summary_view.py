"""The plan drawn with Streamlit elements for the summary page.

What matters in a short visit comes first (warnings are drawn above by the summary page, never
collapsed): what to tell the clinician first, the top questions, the options chosen and what
next. Everything else (the other questions, every answer, where I am) is one click away in a
closed toggle. The side-by-side table is not repeated here; it is in the Markdown and the PDF.

The downloadable Markdown comes from the engine (``summary.to_markdown``). On screen we draw the
same plan ourselves so that everything the person typed goes through ``st.text``: Streamlit's
Markdown turns bare web addresses into links even when escaped, and typed text must stay text.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from decision_aid.formats.summary import (
    NOT_ADVICE,
    NOT_CHOSEN,
    OTHER,
    RAISE_TITLE,
    TRIED,
    answer_sections,
    option_line,
    other_answers,
    question_groups,
    raise_note,
    score_text,
    tried_lines,
    version_line,
    what_next,
)
from decision_aid.plan import AnswerLine, ListedQuestion, Plan
from decision_aid_ui import keys

Row = tuple[str, str, bool]  # label (content), answer, typed by the person
REST = "The rest of my summary"

def show(plan: Plan) -> None:
    """The summary in the order of the printed page (safety is above it): the visit's parts,
    then the rest behind a closed toggle; each part is one small function."""
    for part in VISIT:
        part(plan)
    with st.expander(REST, key=keys.SUMMARY_REST):
        for part in REST_PARTS:
            part(plan)
        p = plan.pathway
        st.caption(f"{p.title}: content last reviewed {p.last_reviewed}; next review due "
                   f"{p.next_review}.")
    st.caption(f"{NOT_ADVICE} {version_line(plan)}")


def _tell_first(plan: Plan) -> None:
    scores = [(s.title, score_text(s), False) for s in plan.scores]
    note = raise_note(plan)
    raised = [(RAISE_TITLE, note, False)] if note else []
    _section("To tell my clinician first", [*_rows(plan, plan.tell_first), *scores, *raised])


def _answers(plan: Plan) -> None:
    for title, lines in answer_sections(plan):
        _section(title, _rows(plan, lines))
    _section(TRIED, [(label, answer, False) for label, answer in tried_lines(plan)])
    _section("What matters to me", _rows(plan, plan.values))
    _section(OTHER, _rows(plan, tuple(other_answers(plan))))


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
        # Typed text: one element, never Markdown; drawn as an item of the list around it.
        with st.container(key=keys.typed(title, label)):
            st.text(f"{label}: {answer}")
    _flush(batch)


def _flush(batch: list[str]) -> None:
    if batch:
        st.markdown("\n".join(batch))
        batch.clear()


def _chosen(plan: Plan) -> None:
    st.subheader("Options I want to discuss", anchor=False)
    chosen = [f"- {option_line(o)}" for o in plan.to_discuss]
    st.markdown("\n".join(chosen) or NOT_CHOSEN)
    if not plan.to_discuss and plan.stage_options:
        st.subheader("Options people at my stage often discuss", anchor=False)
        st.markdown("\n".join(f"- {option_line(o)}" for o in plan.stage_options))


def _where(plan: Plan) -> None:
    if plan.stage is not None:
        st.subheader(f"Where I am: {plan.stage.title}", anchor=False)
        st.markdown(plan.stage.description)


def _questions(groups: list[tuple[str, int, tuple[ListedQuestion, ...]]]) -> None:
    for heading, first, qs in groups:
        st.subheader(heading, anchor=False)
        for i, q in enumerate(qs, first):
            if q.own:
                st.text(f"{i}. {q.text}")
            else:
                st.markdown(f"{i}\\. {q.text}")


def _top_questions(plan: Plan) -> None:
    _questions(question_groups(plan)[:1])


def _more_questions(plan: Plan) -> None:
    _questions(question_groups(plan)[1:])


def _what_next(plan: Plan) -> None:
    st.subheader("What next", anchor=False)
    st.markdown("\n".join(f"- {t}" for t in what_next(plan)))


VISIT: list[Callable[[Plan], None]] = [_tell_first, _top_questions, _chosen, _what_next]
"""What matters in the visit, always shown, in reading order; add a part here."""
REST_PARTS: list[Callable[[Plan], None]] = [_more_questions, _answers, _where]
"""Everything else, behind the closed "The rest of my summary" toggle."""
