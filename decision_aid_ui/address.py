"""Each step has its own address, so the browser's Back and Forward (and a phone's Back
gesture) move one step within the guide instead of leaving it.

The address carries where the person is (``?step=<step id>``, ``?step=about``; nothing on the
start page), never an answer. Streamlit adds a history entry whenever the app changes the
query parameters, and reruns the app with the entry's parameters when the browser goes Back or
Forward to it. So at the start of each run :func:`follow` compares the address with the one this
session last wrote: a difference means the browser moved, and the session goes there. At the
end of the run :func:`write` puts the session's place in the address.
"""

from __future__ import annotations

import streamlit as st

from decision_aid.path import missing_required, visible_steps
from decision_aid_ui import catalog, keys, state

PARAM = "step"
"""The query parameter holding the place: a step id, or ``about``; absent on the start page."""
WRITTEN = keys.ADDRESS
"""Session state: the place the address showed at the end of the last run."""
START = "start"


def place() -> str:
    """Where the session is: a step id, ``about`` or ``start``."""
    page = st.session_state[state.PAGE]
    if page == "wizard" and st.session_state[state.STEP]:
        return str(st.session_state[state.STEP])
    return "about" if page == "about" else START


def _shown() -> str:
    return st.query_params.get(PARAM) or START


def follow() -> None:
    """Go where the browser went: the address changed without this session writing it."""
    shown = _shown()
    if WRITTEN not in st.session_state:  # a new session: nothing of its own to go back to
        st.session_state[WRITTEN] = shown
        return
    if shown == st.session_state[WRITTEN]:
        return
    st.session_state[WRITTEN] = shown
    if shown == START:
        state.go("start")
    elif shown == "about" and state.ui("about"):
        state.go("about")
    else:
        _to_step(shown)


def _to_step(step_id: str) -> None:
    # Only within the walk in progress, and never past a step that still needs an answer.
    pathways = catalog.catalog().pathways
    pathway = pathways.get(st.session_state[state.PATHWAY] or "")
    if pathway is None:
        return
    answers = state.answers()
    steps = visible_steps(pathway, answers)
    ids = [s.id for s in steps]
    if step_id not in ids:
        return
    for s in steps[: ids.index(step_id)]:
        if missing_required(pathway, s, answers):
            step_id = s.id
            break
    state.go("wizard", step_id)


def write() -> None:
    """Put the session's place in the address (a new history entry when it changed)."""
    here = place()
    st.session_state[WRITTEN] = here
    if here == _shown():
        return
    if here == START:
        del st.query_params[PARAM]
    else:
        st.query_params[PARAM] = here
