"""The start page: what this is and is not, how to save, and the choice of pathway."""

from __future__ import annotations

import streamlit as st

from decision_aid.model import Pathway
from decision_aid_ui import catalog, state, summary_page, wizard

INTRO = """
This tool helps you get ready to talk with a doctor, nurse or physiotherapist about pain in
the middle of your back. It takes about **10 minutes**.

**What it does:** asks about your pain, what you have tried and what matters to you; shows
options people often discuss, with their possible benefits and harms; and makes a one-page
summary with your questions to take to your appointment.

**What it does not do:** it does not tell you what is wrong, and it does not tell you to have,
or not have, any treatment.

**Your privacy:** nothing you enter is stored or sent anywhere. Your answers stay on this page
until you close it. To take a break, use **Save my answers** to keep a file on your device, and
open that file here next time.
"""

DRAFT_NOTICE = (
    "**This is a draft.** A clinician has not checked its content yet, and neither has a person "
    "with back pain. It may have mistakes."
)


def draw() -> None:
    """The start page."""
    st.title("Getting ready to talk about mid-back pain")
    cat = catalog.catalog()
    # Until every named reviewer of every topic has signed off, say plainly it is a draft.
    if not cat.pathways or not all(p.signed_off for p in cat.pathways.values()):
        st.warning(DRAFT_NOTICE, icon=":material/edit_note:")
    st.markdown(INTRO)
    state.show_flash()
    st.header("Choose what you want to think about")
    if not cat.pathways:
        st.warning("No topics are available right now. Please try again later.")
    for pathway in cat.pathways.values():
        _card(pathway)
    for problem in cat.problems:
        _problem(problem)
    st.header("Carry on from where you stopped")
    summary_page.resume_uploader("resume_start")


def _card(pathway: Pathway) -> None:
    current = st.session_state[state.PATHWAY] == pathway.id and bool(state.answers())
    with st.container(border=True, key=f"pathway_{pathway.id}"):
        st.subheader(pathway.title)
        st.markdown(pathway.summary)
        wizard.overdue_notice(pathway)
        # Each button names its topic: a screen reader's list of buttons shows no cards.
        name = short_title(pathway)
        with st.container(horizontal=True):
            st.button(
                f"Carry on: {name}" if current else f"Start: {name}",
                key=f"start_{pathway.id}",
                type="primary",
                on_click=_start,
                args=(pathway.id,),
            )
            st.button(f"About: {name}", key=f"about_{pathway.id}",
                      on_click=wizard.open_about, args=(pathway.id, "start"))
            if current:
                st.button("Clear my answers and start again", key=f"restart_{pathway.id}",
                          on_click=_restart, args=(pathway.id,))


def short_title(pathway: Pathway) -> str:
    """The title up to its first comma ("Mid-back pain, getting ready..." -> "Mid-back pain")."""
    return pathway.title.split(",")[0].strip() or pathway.title


def _problem(problem: catalog.Problem) -> None:
    if not problem.file:  # a notice for people (a guide taken down), not a broken file
        st.info(problem.message, icon=":material/info:")
        return
    st.warning(
        f"One topic could not be opened because its file **{problem.file}** has a problem. "
        "The other topics work as usual. Details for the team who look after this tool:",
        icon=":material/report:",
    )
    st.text(problem.message)


def _start(pathway_id: str) -> None:
    if st.session_state[state.PATHWAY] == pathway_id and state.answers():
        state.go("wizard")  # carry on at the stored step
        return
    state.begin(pathway_id, step=catalog.pathway(pathway_id).steps[0].id)


def _restart(pathway_id: str) -> None:
    state.begin(pathway_id, step=catalog.pathway(pathway_id).steps[0].id)
    state.flash("info", "Your answers were cleared. You are starting again.")
