"""Carry on from a saved file: the uploader, and what happens when a file is chosen.

A file that cannot be used changes nothing and gets one message. ``saved.loads`` checks all of
the file before anything is applied, and its messages never quote the file, so they are safe to
show as Markdown and stay short whatever the file holds.
"""

from __future__ import annotations

import streamlit as st

from decision_aid import saved
from decision_aid.evaluate import Answer, missing_required, visible_steps
from decision_aid.model import Pathway
from decision_aid_ui import catalog, state


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


def _resume(key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        loaded = saved.loads(upload.getvalue(), catalog.catalog().pathways)
    except saved.ResumeError as e:
        state.flash("error", str(e), at=key, untrusted=True)
        return
    pathway = catalog.pathway(loaded.pathway_id)
    state.begin(pathway.id, loaded.answers, loaded.edits, _resume_step(pathway, loaded.answers))
    state.flash("success", f"Your saved answers for “{pathway.title}” are back.")
    for note in loaded.notes:
        state.flash("info", note, untrusted=True)


def _resume_step(pathway: Pathway, answers: dict[str, Answer]) -> str:
    # The first step still missing a required answer, else the last step (the summary).
    steps = visible_steps(pathway, answers)
    gap = next((s for s in steps if missing_required(pathway, s, answers)), None)
    return (gap or steps[-1]).id
