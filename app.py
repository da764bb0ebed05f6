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
    edits                   summary: the row (container) of Edit buttons
    edit_<step_id>          summary: jump back to an earlier step
    dl_pdf_a4, dl_pdf_letter, dl_markdown, dl_answers, dl_fhir   summary: downloads
    resume_summary          summary: upload a saved answers file
    make_pdf                summary: make the PDF downloads (they appear after it)
    restart_notice          start page after a restart: the notice (container) ...
    resume_restart          ... and its upload of a saved answers file
    about_back              About page: Back

Session state keys (decision_aid_ui/state.py): pathway_id, answers, page, step, edits, flash, ui;
and ``restarted`` (decision_aid_ui/reconnect.py). The query parameter ``walk=1`` marks a walk in
progress so a new session can tell that the page restarted.
"""

from __future__ import annotations

import streamlit as st

from decision_aid_ui import about, catalog, offline, reconnect, start, state, wizard

offline.install()  # before anything can ask Streamlit for this machine's address

st.set_page_config(
    page_title="Mid-back pain: getting ready for your appointment",
    # No page_icon: a Material icon favicon is fetched from fonts.gstatic.com (an external call).
    layout="centered",
    initial_sidebar_state="collapsed",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)

# Step changes keep the scroll position in Streamlit; move to the new heading instead. The new
# heading may not be drawn yet, and the old page's elements linger (marked data-stale) until the
# rerun ends: so try on each animation frame for up to 1.5 s, skip stale elements, and focus
# again if the focused heading is replaced (focus would fall back to the page body), but never
# take focus from where the person has since moved it.
_TO_TOP = """<script>
(function () {
  var w = window.parent, d = w.document, end = Date.now() + 1500, done = null;
  function target() {
    var hs = d.querySelectorAll(".st-key-step_head h2, [data-testid=stMain] h1");
    for (var i = 0; i < hs.length; i++) {
      if (!hs[i].closest("[data-stale=true]")) return hs[i];
    }
    return null;
  }
  function tick() {
    var a = d.activeElement, h = target();
    // the first time, take focus from the button that moved us; later, only take it back
    // when it fell to the page body or stayed on a heading that was replaced
    if (h && h !== a && (!done || !a || a === d.body || a === done || !a.isConnected)) {
      h.setAttribute("tabindex", "-1");
      if (!done) {  // banners above the heading stay in view
        (d.querySelector("[data-testid=stMain]") || h).scrollIntoView({block: "start"});
      }
      h.focus({preventScroll: true});
      done = h;
    }
    if (Date.now() < end) w.requestAnimationFrame(tick);
  }
  tick();
})();
</script>"""


def main() -> None:
    """Draw the page the session is on."""
    reconnect.note_restart()
    state.init()
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
    reconnect.finish_run()
    if state.ui("moved"):
        state.set_ui(moved=False)
        st.html(_TO_TOP, unsafe_allow_javascript=True)
    st.session_state[state.FLASH] = []  # notes not drawn this run are stale


main()
