"""The summary step: the one-page summary, Edit buttons, downloads and resume."""

from __future__ import annotations

import functools
from typing import Literal

import streamlit as st

from decision_aid import saved
from decision_aid.evaluate import Answer, Plan, missing_required, plan, visible_steps
from decision_aid.model import Pathway, Step
from decision_aid_ui import catalog, exports, state, summary_view


def draw(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    """The summary page body (banners are drawn by the wizard frame above it)."""
    p = plan(pathway, answers, state.edits())
    summary_view.show(p)
    _edit_buttons(pathway, answers, step)
    _downloads(pathway, p, answers)
    st.subheader("Continue from a saved file")
    resume_uploader("resume_summary")


def _edit_buttons(pathway: Pathway, answers: dict[str, Answer], here: Step) -> None:
    st.subheader("Change an answer")
    with st.container(horizontal=True, key="edits"):
        for s in visible_steps(pathway, answers):
            if s.id != here.id and s.kind != "summary":
                st.button(f"Edit: {s.title}", key=f"edit_{s.id}", on_click=_edit, args=(s.id,))


def _edit(step_id: str) -> None:
    state.go("wizard", step_id)
    state.set_ui(from_summary=True)


def _downloads(pathway: Pathway, p: Plan, answers: dict[str, Answer]) -> None:
    st.subheader("Take it with you")
    stem = exports.file_stem(pathway)
    if exports.available(exports.PDF_MODULE):
        papers: tuple[tuple[Literal["A4", "Letter"], str], ...] = (
            ("A4", "A4 paper"), ("Letter", "US Letter paper"))
        for paper, label in papers:
            st.download_button(
                f"Download my summary as a PDF ({label})",
                data=functools.partial(exports.pdf, p, paper),
                file_name=f"{stem}-summary-{paper.lower()}.pdf",
                mime="application/pdf",
                key=f"dl_pdf_{paper.lower()}",
                on_click="ignore",
                icon=":material/picture_as_pdf:",
            )
    st.download_button(
        "Download my summary as text",
        data=functools.partial(exports.markdown, p),
        file_name=f"{stem}-summary.md",
        mime="text/markdown",
        key="dl_markdown",
        on_click="ignore",
        icon=":material/description:",
    )
    save_button(pathway, answers, "dl_answers")
    if exports.available(exports.FHIR_MODULE):
        st.download_button(
            "Download for my clinician's computer system",
            data=functools.partial(exports.fhir, pathway, dict(answers)),
            file_name=f"{stem}-fhir.json",
            mime="application/fhir+json",
            key="dl_fhir",
            on_click="ignore",
            icon=":material/local_hospital:",
        )
    st.caption(
        "Files are made on this device when you press a button. Nothing is sent anywhere. "
        "Keep them somewhere private: they contain your answers. The file for your "
        "clinician's computer system is for clinics that can read it (it uses a standard "
        "called FHIR); the other files are for you."
    )


def save_button(pathway: Pathway, answers: dict[str, Answer], key: str) -> None:
    """'Save my answers' as a JSON file the person can upload later to carry on."""
    st.download_button(
        "Save my answers (to carry on later)",
        data=functools.partial(exports.answers_file, pathway, dict(answers), state.edits()),
        file_name=f"{exports.file_stem(pathway)}-my-answers.json",
        mime="application/json",
        key=key,
        on_click="ignore",
        icon=":material/save:",
    )


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
