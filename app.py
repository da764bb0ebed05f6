"""The decision aid's Streamlit app: draws pages, stores answers, and lets the engine decide.

Run with ``streamlit run app.py``. Set DECISION_AID_PATHWAYS to read pathways from another folder.

Widget key scheme (stable; browser tests find each as CSS class ``st-key-<key>``):

    start_<pathway_id>      Start page: start (or carry on with) a pathway
    about_<pathway_id>      Start page: the About page of a pathway
    restart_<pathway_id>    Start page: clear answers and start again
    pathway_<pathway_id>    Start page: the card (container) of a pathway
    resume_start            Start page: upload a saved answers file
    w_<question_id>         a question's widget (radio / text area), or for multiple-choice
                            questions the container around its checkboxes
    w_<question_id>__<choice_id>   one checkbox of a multiple-choice question
    nav                     the row (container) holding Back and Next
    nav_back, nav_next      Back and Next (Next reads "See my summary" before the summary)
    nav_summary             "Back to my summary" after an Edit button
    step_head               the container of the step heading (and the emergency heading):
                            focus moves to its h2 after a step change
    footer                  the row (container) of the footer links
    nav_home, nav_about     footer: start page, About page
    dl_answers_step         footer: save my answers so far (JSON)
    safety_undo             emergency page: "I chose this by mistake – go back"
    card_<option_id>        options step: the expander of a ladder option
    cq_<id>                 questions step: the row (container) of one listed question
    cq_include_<id>         ... its "include" checkbox
    cq_up_<id>, cq_down_<id>, cq_delete_<id>   ... move up, move down, delete (own questions only)
    own_new, own_add        ... the "my question" text box and its Add button
    compare_table           weigh-up step: the comparison (container), shown
    shortlist_toggle        ... the closed toggle holding the choice of other options
    edits                   summary: the row (container) of Edit buttons
    edit_<step_id>          summary: jump back to an earlier step
    dl_pdf_a4, dl_pdf_letter, dl_markdown, dl_answers, dl_fhir   summary: downloads
    resume_summary          summary: upload a saved answers file
    make_pdf                summary: make the PDF downloads (they appear after it)
    restart_notice          start page after a restart: the notice (container) ...
    resume_restart          ... and its upload of a saved answers file
    about_back              About page: Back
    study, study_<field>, dl_study   summary, study mode only (DECISION_AID_STUDY=<site>): the
                            container, one field-test question, the study file download

Session state keys (decision_aid_ui/state.py): pathway_id, answers, page, step, edits, flash, ui;
and ``restarted`` (decision_aid_ui/reconnect.py); in study mode ``study_code``, the random
participant code (decision_aid_ui/study_page.py). The query parameter ``walk=1`` marks a walk in
progress so a new session can tell that the page restarted; ``step`` gives each step its own
address, so the browser's Back and Forward move one step (decision_aid_ui/address.py).
"""

from __future__ import annotations

import streamlit as st

from decision_aid_ui import (
    about,
    address,
    catalog,
    offline,
    page_scripts,
    reconnect,
    sessions,
    start,
    state,
    styles,
    wizard,
)

offline.install()  # before anything can ask Streamlit for this machine's address
sessions.install()  # tab keys checked on rejoin; the planned number of sessions kept

st.set_page_config(
    page_title="Mid-back pain: getting ready for your appointment",
    # No page_icon: a Material icon favicon is fetched from fonts.gstatic.com (an external call).
    layout="centered",
    initial_sidebar_state="collapsed",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)


def _scripts() -> None:
    # Constant scripts (no person's text), drawn first so that after a step change the move to
    # the new heading starts as soon as the heading is drawn, before the new step's buttons
    # (a second tap must not land on the next step's Next). Also the leave warning.
    styles.draw()
    moved = state.ui("moved")
    if moved:
        state.set_ui(moved=False)
    with st.container(key="page_scripts"):
        st.html(page_scripts.page(state.unsaved_mark(), state.ui("moves") if moved else None,
                                  sessions.current_rejoin_id(), sessions.kept_seconds()),
                unsafe_allow_javascript=True)


def main() -> None:
    """Draw the page the session is on."""
    reconnect.note_restart()
    state.init()
    address.follow()  # before the scripts: a move by Back or Forward focuses the new heading
    _scripts()
    page = st.session_state[state.PAGE]
    pathway_id = st.session_state[state.PATHWAY]
    pathways = catalog.catalog().pathways
    if page == "wizard" and pathway_id not in pathways:
        page = "start"  # e.g. the pathway file broke while this session was open
        state.go(page)
        state.flash("warning", catalog.gone_notice())
    if page == "wizard":
        wizard.draw(pathways[pathway_id])
    elif page == "about":
        about.draw()
    else:
        reconnect.draw_notice()
        start.draw()
    address.write()
    reconnect.finish_run()
    st.session_state[state.FLASH] = []  # notes not drawn this run are stale


main()
