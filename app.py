"""The decision aid's Streamlit app: draws pages, stores answers, and lets the engine decide.

Run with ``streamlit run app.py``. Set DECISION_AID_PATHWAYS to read pathways from another folder.

Widget key scheme (stable; browser tests find each as CSS class ``st-key-<key>``). Every key is
declared in decision_aid_ui/keys.py, and tests/test_keys.py checks this list against it:

    page_scripts            every page: the container of the page's scripts (hidden)
    start_<pathway_id>      Start page: start (or carry on with) a pathway
    about_<pathway_id>      Start page: the About page of a pathway
    restart_<pathway_id>    Start page: clear answers and start again
    pathway_<pathway_id>    Start page: the card (container) of a pathway
    resume_toggle, resume_start   Start page: the closed toggle with the upload of a saved file
    confirm, confirm_yes, confirm_no, dl_answers_confirm   Start page: "clear my answers?" (a
                            container), its Yes and No, and saving the answers first
    confirm_resume, resume_yes, resume_no, dl_answers_resume   a file opened over other answers:
                            the question (container), its Yes and No, and saving them first
    restart_notice          start page after a restart: the notice (container) ...
    resume_restart          ... and its upload of a saved answers file
    tab_restore_box, tab_restore   ... the hidden box a reloaded tab fills (container, text box)
    about_back              About page: Back
    w_<question_id>         a question's widget (radio / text area), or for multiple-choice
                            questions the container around its checkboxes
    w_<question_id>__<choice_id>   one checkbox of a multiple-choice question
    scale_<question_id>     the container of a 0-10 scale question
    aid_grid_<question_id>, aid_row_<question_id>   alike questions drawn as one grid: the grid
                            (named by its first question) and one row
    warn_at_<question_id>   the warning message beside the question whose sign was ticked
    warning_banner          the compact banner of raised warnings at the top of a step
    ws_unanswered, ws_none  warning-sign step: the "please tick" note, the "None of these" row
    nav                     the row (container) holding Back and Next
    nav_back, nav_next      the containers of Back and Next (Next reads "See my summary" before
                            the summary) ...
    nav_<kind>__<step_id>   ... and the buttons themselves, kind back or next, new on each step
    nav_summary             "Back to my summary" after an Edit button
    step_head               the container of the step heading (and the emergency heading):
                            focus moves to its h2 after a step change
    footer, nav_menu        the row (container) of the footer links, and its menu
    nav_home, nav_about     footer: start page, About page
    dl_answers_step         footer: save my answers so far (JSON)
    safety_undo             emergency page: "I chose this by mistake – go back"
    card_<option_id>        options step: the card (container) of an option
    more_<option_id>        ... its "More" part (container), and the toggle in it, one key while
                            the option is ticked and another while not:
                            more_<option_id>_ticked, more_<option_id>_unticked
    sources_<option_id>     ... its sources toggle
    ladder_simpler, ladder_more_involved   ... the closed groups of other options
    cq_row_<item_id>        questions step: the row (container) of one listed question
    cq_own_<item_id>        ... an own question's checkbox, text and delete button (container)
    cq_include_<item_id>    ... its "include" checkbox
    cq_up_<item_id>, cq_down_<item_id>, cq_delete_<item_id>   ... move up, move down, delete
                            (own questions only)
    cq_more                 ... the closed toggle of more questions to ask
    cq_script               ... the container of the script keeping focus in the text box
    own_box, own_new, own_add   ... the "my question" row (container), text box and Add button
    compare_table           weigh-up step: the comparison (container), shown
    shortlist_toggle        ... the closed toggle holding the choice of other options
    quiz_<item_id>          ... one question of "check what you know"
    summary_rest            summary: the closed toggle with the rest of the answers
    edits_toggle, edits     summary: the closed toggle and the row (container) of Edit buttons
    edit_<step_id>          summary: jump back to an earlier step
    typed_<title>_<label>   summary: a typed answer (container; other characters become _)
    downloads, make_pdf     summary: the row (container) of downloads; make the PDF (on the
                            paper of the browser's region: US Letter where CLDR says so, else A4)
    pdf_other               ... after a press: make it on the other paper instead
    dl_pdf_<paper>, dl_markdown, dl_answers, dl_fhir   summary: downloads (paper a4 or letter)
    study, study_<field>, dl_study   summary, study mode only (DECISION_AID_STUDY=<site>): the
                            container, one field-test question, the study file download

Session state keys (decision_aid_ui/keys.py): pathway_id, answers, page, step, edits, flash, ui
(decision_aid_ui/state.py); ``restarted`` (reconnect.py); ``address``, the step address last
written (address.py); ``warn_seen``, ``warn_new``, ``warn_scrolls``, the warnings already
scrolled to (warning_banner.py); ``ws_ask_again`` (warning_screen.py); in study mode
``study_code``, the random participant code (study_page.py); ``summary_files``, the summary's
files and the answers they were made from, and ``pdf_paper``, the paper asked for with
``pdf_other`` (downloads.py); and each keyed widget's value.
The query parameter ``walk=1`` marks a walk in
progress so a new session can tell that the page restarted; ``step`` gives each step its own
address, so the browser's Back and Forward move one step (decision_aid_ui/address.py).
"""

from __future__ import annotations

import streamlit as st

from decision_aid_ui import (
    about,
    address,
    catalog,
    keys,
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
    with st.container(key=keys.PAGE_SCRIPTS):
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
