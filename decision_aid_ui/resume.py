"""Carry on from a saved file: the uploader, and what happens when a file is chosen.

A file that cannot be used changes nothing and gets one message. ``saved.loads`` checks all of
the file before anything is applied, and its messages never quote the file, so they are safe to
show as Markdown and stay short whatever the file holds. A good file that would replace answers
the person has now is opened only after they say yes (with a chance to save theirs first).
"""

from __future__ import annotations

import logging

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.formats import saved
from decision_aid.model import Pathway
from decision_aid.path import missing_required, visible_steps
from decision_aid_ui import catalog, downloads, keys, state

CONFIRM = "resume"
"""The ``confirm`` action while an uploaded file waits for a yes or no."""
COULD_NOT_USE = (f"This file could not be used. It is not a saved answers file this tool can "
                 f"read. {saved.UNCHANGED}")
"""The message for a file that failed in a way ``saved.loads`` did not foresee."""
_LOG = logging.getLogger(__name__)


def resume_uploader(key: str) -> None:
    """Upload a saved answers file; a bad file leaves the current answers untouched."""
    st.file_uploader(
        "Choose the answers file you saved earlier",
        type=["json"],
        key=key,
        on_change=_resume,
        args=(key,),
        help=f"The file made by 'Save my answers' (at most {saved.MAX_BYTES // 1024} KB).",
    )
    state.show_flash(at=key)
    _confirm(key)


def _read(key: str) -> saved.Saved | None:
    # The file chosen in the uploader, read and checked; None (with a message) when unusable.
    upload = st.session_state.get(key)
    if upload is None:
        return None
    try:
        return saved.loads(upload.getvalue(), catalog.catalog().pathways)
    except saved.ResumeError as e:
        state.flash("error", str(e), at=key, untrusted=True)
    except Exception as e:  # noqa: BLE001  whatever a crafted file does, the person gets words
        # The log names the kind of failure only: never the file, never the person's answers.
        _LOG.warning("a saved file could not be used (%s)", type(e).__name__)
        state.flash("error", COULD_NOT_USE, at=key)
    return None


def _resume(key: str) -> None:
    state.set_ui(confirm=None)
    loaded = _read(key)
    if loaded is None:
        return
    if state.unsaved_mark() and _differs(loaded):  # answers now: ask before replacing them
        state.set_ui(confirm={"action": CONFIRM, "pathway": None, "key": key})
        return
    _open(loaded)


def _differs(loaded: saved.Saved) -> bool:
    return (loaded.pathway_id, loaded.answers) != (st.session_state[state.PATHWAY],
                                                    state.answers())


def _confirm(key: str) -> None:
    asked = state.ui("confirm")
    held = catalog.catalog().pathways.get(st.session_state[state.PATHWAY])
    if not asked or asked.get("action") != CONFIRM or asked.get("key") != key:
        return
    with st.container(border=True, key=keys.CONFIRM_RESUME):
        st.warning("Open this file? It replaces the answers you have now. Save them first if "
                   "you want to keep them.")
        if held is not None:
            downloads.save_button(held, state.answers(), keys.DL_ANSWERS_RESUME,
                                  label="Save my answers")
        with st.container(horizontal=True):
            st.button("Yes, open the file", key=keys.RESUME_YES, on_click=_confirmed, args=(key,))
            st.button("No, keep my answers", key=keys.RESUME_NO, type="primary",
                      on_click=state.set_ui, kwargs={"confirm": None})


def _confirmed(key: str) -> None:
    state.set_ui(confirm=None)
    loaded = _read(key)
    if loaded is not None:
        _open(loaded)


def _open(loaded: saved.Saved) -> None:
    pathway = catalog.pathway(loaded.pathway_id)
    step = resume_step(pathway, loaded.answers, loaded.step)
    state.begin(pathway.id, loaded.answers, loaded.edits, step)
    state.flash("success", f"Your saved answers for “{pathway.title}” are back.")
    for note in loaded.notes:
        state.flash("info", note, untrusted=True)


def resume_step(pathway: Pathway, answers: dict[str, Answer], saved_on: str = "") -> str:
    """Where a saved file reopens: the step it was saved on, unless an earlier step still
    needs an answer (that step, then); a file without its step opens on the first step still
    needing an answer, else the summary."""
    steps = visible_steps(pathway, answers)
    ids = [s.id for s in steps]
    gap = next((s for s in steps if missing_required(pathway, s, answers)), None)
    if saved_on in ids and (gap is None or ids.index(gap.id) >= ids.index(saved_on)):
        return saved_on
    return (gap or steps[-1]).id
