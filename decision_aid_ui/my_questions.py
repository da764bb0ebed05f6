"""The person's question list: tick to include, move up or down, delete, add their own.

Library questions are pathway content; the person's own questions are shown only with
``st.text`` (never as Markdown), and their checkbox labels never contain what they typed.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from decision_aid.evaluate import (
    ASK_FIRST,
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    Answer,
    ListedQuestion,
    OwnQuestion,
    question_list,
)
from decision_aid.model import Pathway
from decision_aid_ui import catalog, state

NEW_KEY = "own_new"


def editor(pathway: Pathway, answers: dict[str, Answer]) -> None:
    """Draw the list with its controls and the 'add my own' box."""
    items = question_list(pathway, answers, state.edits())
    st.markdown(
        "A visit is short: the first 3 ticked questions are the ones to ask first. Use Move up "
        "and Move down to choose them. The rest are for if there is time. Untick any you do not "
        "want, tick others, or add your own."
    )
    included = [i for i, item in enumerate(items) if item.included]
    later = included[ASK_FIRST] if len(included) > ASK_FIRST else None
    st.subheader("Ask first", anchor=False)
    own_number = 0
    for i, item in enumerate(items):
        if i == later:
            st.subheader("If there is time", anchor=False)
        own_number += item.own
        _row(pathway, item, i, len(items), own_number)
    _add_own(pathway, sum(1 for q in items if q.own))


def _row(pathway: Pathway, item: ListedQuestion, i: int, n: int, own_number: int) -> None:
    with st.container(border=True, key=f"cq_{item.id}"):
        if item.own:
            st.text(item.text)
        k = f"cq_include_{item.id}"
        if k not in st.session_state:  # seed once; later its own state is newer (widgets._seed)
            st.session_state[k] = item.included
        label = f"Include my question {own_number}" if item.own else item.text
        st.checkbox(label, key=k, on_change=_toggle, args=(item.id,))
        with st.container(horizontal=True, gap="small"):
            args = (pathway.id, item.id)
            st.button("Move up", key=f"cq_up_{item.id}", icon=":material/arrow_upward:",
                      disabled=i == 0, on_click=_move, args=(*args, -1))
            st.button("Move down", key=f"cq_down_{item.id}", icon=":material/arrow_downward:",
                      disabled=i == n - 1, on_click=_move, args=(*args, 1))
            if item.own:
                st.button("Delete", key=f"cq_delete_{item.id}", icon=":material/delete:",
                          on_click=_delete, args=(item.id,))


def _toggle(question_id: str) -> None:
    e = state.edits()
    hidden = [h for h in e.hidden if h != question_id]
    shown = [s for s in e.shown if s != question_id]
    if st.session_state.get(f"cq_include_{question_id}"):
        shown.append(question_id)
    else:
        hidden.append(question_id)
    state.set_edits(dataclasses.replace(e, hidden=tuple(hidden), shown=tuple(shown)))


def _move(pathway_id: str, question_id: str, delta: int) -> None:
    pathway = catalog.pathway(pathway_id)
    e = state.edits()
    ids = [q.id for q in question_list(pathway, state.answers(), e)]
    i = ids.index(question_id)
    j = i + delta
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        state.set_edits(dataclasses.replace(e, order=tuple(ids)))


def _delete(question_id: str) -> None:
    e = state.edits()
    own = tuple(o for o in e.own if o.id != question_id)
    order = tuple(q for q in e.order if q != question_id)
    hidden = tuple(q for q in e.hidden if q != question_id)
    state.set_edits(dataclasses.replace(e, hidden=hidden, order=order, own=own))
    state.flash("info", "Your question was deleted.", at="own")


def _add_own(pathway: Pathway, count: int) -> None:
    st.subheader("Add my own question")
    full = count >= MAX_OWN_QUESTIONS
    st.text_input(
        "My question",
        key=NEW_KEY,
        max_chars=OWN_QUESTION_MAX_LENGTH,
        disabled=full,
        help=f"Up to {OWN_QUESTION_MAX_LENGTH} characters.",
    )
    st.button("Add my question", key="own_add", on_click=_add, disabled=full)
    if full:
        st.caption(f"You have added {MAX_OWN_QUESTIONS} questions, the most this list can hold.")
    state.show_flash(at="own")


def _add() -> None:
    text = " ".join(str(st.session_state.get(NEW_KEY) or "").split())
    e = state.edits()
    if not text:
        state.flash("warning", "Please write your question in the box first.", at="own")
        return
    if len(e.own) >= MAX_OWN_QUESTIONS or len(text) > OWN_QUESTION_MAX_LENGTH:
        state.flash("warning", "This question could not be added.", at="own")
        return
    used = {o.id for o in e.own}
    number = next(n for n in range(1, MAX_OWN_QUESTIONS + 2) if f"own_{n}" not in used)
    state.set_edits(dataclasses.replace(e, own=(*e.own, OwnQuestion(f"own_{number}", text))))
    st.session_state[NEW_KEY] = ""
    state.flash("success", "Your question was added to the end of the list.", at="own")
