"""The person's question list: "Ask first", "If there is time", more questions behind a toggle,
and one box for their own questions (Enter adds; the box empties and keeps focus).

Library questions are pathway content; the person's own questions are shown only with
``st.text`` (never as Markdown), and no widget label ever contains what they typed.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.model import Pathway, QuestionListPart
from decision_aid.plan import (
    ASK_FIRST,
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    ListedQuestion,
    OwnQuestion,
    question_list,
)
from decision_aid_ui import assets, catalog, keys, state, widgets

NEW_KEY = keys.OWN_NEW
MORE_KEY = keys.CQ_MORE



def section(pathway: Pathway, part: QuestionListPart, answers: dict[str, Answer]) -> None:
    """The list as a part of a step about something else (it follows that step's answers)."""
    st.subheader(part.title, anchor=False)
    if part.intro:
        st.markdown(part.intro)
    editor(pathway, answers, level=4)


def _heading(text: str, level: int) -> None:
    if level == 3:
        st.subheader(text, anchor=False)
    else:  # under the part's own heading: a constant, never the person's text
        st.html(f"<h{level} class='aid-part'>{text}</h{level}>")


def editor(pathway: Pathway, answers: dict[str, Answer], level: int = 3) -> None:
    """Draw the list with its controls, the offered questions and the 'add my own' box;
    ``level`` is the level of its "Ask first" and "If there is time" headings."""
    st.html(assets.style("my_questions"))
    with st.container(key=keys.CQ_SCRIPT):
        st.html(assets.script("keep_focus"), unsafe_allow_javascript=True)
    items = question_list(pathway, answers, state.edits())
    listed = [q for q in items if not q.offered]
    included = [i for i, item in enumerate(listed) if item.included]
    later = included[ASK_FIRST] if len(included) > ASK_FIRST else None
    _heading("Ask first", level)
    own_number = 0
    for i, item in enumerate(listed):
        if i == later:
            _heading("If there is time", level)
        own_number += item.own
        _row(pathway, item, i, len(listed), own_number)
    _add_own(sum(1 for q in items if q.own))
    _offered([q for q in items if q.offered])


def _row(pathway: Pathway, item: ListedQuestion, i: int, n: int, own_number: int) -> None:
    k = keys.cq_include(item.id)
    if k not in st.session_state:  # seed once; later its own state is newer (widgets._seed)
        st.session_state[k] = item.included
    with st.container(horizontal=True, gap="small", wrap=False, vertical_alignment="center",
                      key=keys.cq_row(item.id)):
        if item.own:
            _own(item, own_number)
        else:
            st.checkbox(item.text, key=k, on_change=_toggle, args=(item.id,), width="stretch",
                        wrap=True)
        args = (pathway.id, item.id)
        st.button(f"Move question {i + 1} up", key=keys.cq_up(item.id),
                  icon=":material/arrow_upward:", disabled=i == 0, on_click=_move,
                  args=(*args, -1))
        st.button(f"Move question {i + 1} down", key=keys.cq_down(item.id),
                  icon=":material/arrow_downward:", disabled=i == n - 1, on_click=_move,
                  args=(*args, 1))


def _own(item: ListedQuestion, own_number: int) -> None:
    # Typed text is never a label and never Markdown, so an own question is a box without a
    # label and the text beside it, set out as a checkbox's box and label are (the same gap;
    # the text's look is in my_questions.css). Its delete button sits under the text, so the
    # row keeps a suggested row's columns and its arrows line up with theirs.
    with st.container(horizontal=True, gap="xsmall", wrap=False, vertical_alignment="top",
                      width="stretch", key=keys.cq_own(item.id)):
        st.checkbox(f"Include my question {own_number}", key=keys.cq_include(item.id),
                    on_change=_toggle, args=(item.id,), label_visibility="collapsed")
        with st.container(gap="xsmall"):
            st.text(item.text, width="stretch")
            st.button(f"Delete my question {own_number}", key=keys.cq_delete(item.id),
                      icon=":material/delete:", on_click=_delete, args=(item.id,))


def _offered(items: list[ListedQuestion]) -> None:
    if not items:
        return
    # Keyed, so it stays open while its count changes as the person ticks questions in it;
    # its boxes are drawn only while it is open (opening it reruns the page).
    with st.expander(f"More questions you could ask ({len(items)})", key=MORE_KEY,
                     on_change="rerun") as more:
        for item in items if more.open else ():
            k = keys.cq_include(item.id)
            st.session_state[k] = False  # offered means not taken up (a tick moves it up)
            st.checkbox(item.text, key=k, on_change=_toggle, args=(item.id,))


def _toggle(question_id: str) -> None:
    # A ticked question joins the person's list and stays there, ticked or not, so a row never
    # jumps away from under the finger.
    e = state.edits()
    hidden = [h for h in e.hidden if h != question_id]
    shown = [s for s in e.shown if s != question_id] + [question_id]
    if not st.session_state.get(keys.cq_include(question_id)):
        hidden.append(question_id)
    state.set_edits(dataclasses.replace(e, hidden=tuple(hidden), shown=tuple(shown)))


def _move(pathway_id: str, question_id: str, delta: int) -> None:
    pathway = catalog.pathway(pathway_id)
    e = state.edits()
    items = question_list(pathway, state.answers(), e)
    ids = [q.id for q in items if not q.offered]
    i = ids.index(question_id)
    j = i + delta
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        ids += [q.id for q in items if q.offered]
        state.set_edits(dataclasses.replace(e, order=tuple(ids)))


def _delete(question_id: str) -> None:
    e = state.edits()
    own = tuple(o for o in e.own if o.id != question_id)
    order = tuple(q for q in e.order if q != question_id)
    hidden = tuple(q for q in e.hidden if q != question_id)
    state.set_edits(dataclasses.replace(e, hidden=hidden, order=order, own=own))
    st.session_state.pop(keys.cq_include(question_id), None)  # a later own_N starts ticked
    state.flash("info", "Your question was deleted.", at="own")


def _add_own(count: int) -> None:
    full = count >= MAX_OWN_QUESTIONS
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom", key=keys.OWN_BOX):
        # Enter (or leaving the box) adds the question: the box empties and keeps focus.
        st.text_input("Add my own question", key=NEW_KEY, max_chars=OWN_QUESTION_MAX_LENGTH,
                      disabled=full, on_change=_add, width="stretch",
                      placeholder=widgets.limit_words(OWN_QUESTION_MAX_LENGTH))
        st.button("Add", key=keys.OWN_ADD, on_click=_add, kwargs={"quiet": True}, disabled=full)
    if full:
        st.caption(f"You have added {MAX_OWN_QUESTIONS} questions, the most this list can hold.")
    state.show_flash(at="own")


def _add(quiet: bool = False) -> None:
    text = " ".join(str(st.session_state.get(NEW_KEY) or "").split())
    e = state.edits()
    if not text:
        # The Add button after Enter (or a blur) has already added the question: say nothing.
        if not quiet:
            state.flash("warning", "Please write your question in the box first.", at="own")
        return
    if text in {o.text for o in e.own}:
        # Already on the list: a click on Add can carry the box's old text after Enter added
        # it (the page had not yet heard that the box was emptied).
        st.session_state[NEW_KEY] = ""
        return
    if len(e.own) >= MAX_OWN_QUESTIONS or len(text) > OWN_QUESTION_MAX_LENGTH:
        state.flash("warning", "This question could not be added.", at="own")
        return
    used = {o.id for o in e.own}
    number = next(n for n in range(1, MAX_OWN_QUESTIONS + 2) if f"own_{n}" not in used)
    state.set_edits(dataclasses.replace(e, own=(*e.own, OwnQuestion(f"own_{number}", text))))
    st.session_state[NEW_KEY] = ""
