"""The start page: what this is and is not, how to save, and the choice of pathway."""

from __future__ import annotations

import streamlit as st

from decision_aid.model import Pathway
from decision_aid_ui import catalog, downloads, keys, resume, signoffs, state, wizard

LEAD = """
Use it before you see your clinician.
It does not say what is wrong or which treatment to have. Nothing you enter is stored or sent.
"""

EMERGENCY = "**Not for emergencies:** call 999 (911 in the US)."

INTRO = """
**What it does:** asks about your pain, what you have tried and what matters to you; shows
options people often discuss, with their possible benefits and harms; and makes a summary with
your questions to take to your appointment.

**What it does not do:** it does not tell you what is wrong, and it does not tell you to have,
or not have, any treatment.

**Your privacy:** nothing you enter is stored or sent anywhere. Your answers stay on this page
until you close it. To take a break, use **Save my answers** to keep a file on your device, and
open that file here next time.
"""

DRAFT_NOTICE = "**Draft:** not yet checked by a clinician or a patient."


def draw() -> None:
    """The start page: a short lead, then the topics, so the first Start button is on the
    first screen of a phone; the rest is one click away in closed toggles."""
    st.title("Getting ready to talk about mid-back pain", anchor=False)
    st.markdown(LEAD)
    st.markdown(EMERGENCY)
    state.show_flash()
    cat = catalog.catalog()
    st.header("Choose a topic", anchor=False)
    if not cat.pathways:
        st.warning("No topics are available right now. Please try again later.")
    topics = ordered(list(cat.pathways.values()))
    for pathway in topics:
        _card(pathway)
    for problem in cat.problems:
        _problem(problem)
    # A draft until every topic, and the warning-sign screen it includes, is signed off at
    # its current content hash (decision_aid/rules/signoff.py): a later edit makes it a draft again.
    if not cat.pathways or any(signoffs.draft(pid) for pid in cat.pathways):
        st.warning(DRAFT_NOTICE, icon=":material/edit_note:")
    with st.expander("About this tool"):
        st.markdown(INTRO)
        for pathway in topics:
            st.button(f"About: {short_title(pathway)}", key=keys.about(pathway.id),
                      type="tertiary", on_click=wizard.open_about, args=(pathway.id, "start"))
    with st.expander("Carry on from a saved file", key=keys.RESUME_TOGGLE):
        resume.resume_uploader(keys.RESUME_START)


def ordered(pathways: list[Pathway]) -> list[Pathway]:
    """Topics from the simplest to the most involved, by the ladder of options.

    The pathway with the most options is the general one and comes first; a topic pathway
    (TENS, a stimulator) follows at the rung its option has on that ladder, matched by id or by
    the initials of its id ("spinal_cord_stimulation" -> "scs"). Others keep file order, last.
    """
    if not pathways:
        return []
    general = max(pathways, key=lambda p: len(p.options))
    rungs = {o.id: o.rung for o in general.options}

    def rung(p: Pathway) -> float:
        if p is general:
            return -1
        initials = "".join(w[:1] for w in p.id.split("_"))
        return float(rungs.get(p.id, rungs.get(initials, len(rungs) + 1)))

    return sorted(pathways, key=rung)


def _card(pathway: Pathway) -> None:
    current = st.session_state[state.PATHWAY] == pathway.id and bool(state.answers())
    with st.container(border=True, key=keys.pathway_card(pathway.id)):
        # Each button names its topic: a screen reader's list of buttons shows no cards.
        name = short_title(pathway)
        st.button(
            f"Carry on: {name}" if current else f"Start: {name}",
            key=keys.start(pathway.id),
            type="primary",
            on_click=_start,
            args=(pathway.id,),
        )
        st.caption(" ".join(filter(None, (
            pathway.tagline or first_sentence(pathway.summary), reading_time(pathway)))))
        wizard.overdue_notice(pathway)
        if current:
            st.button("Clear my answers and start again", key=keys.restart(pathway.id),
                      on_click=state.set_ui,
                      kwargs={"confirm": {"action": "clear", "pathway": pathway.id}})
        _confirm(pathway)


def reading_time(pathway: Pathway) -> str | None:
    """How long the topic takes to read, as ``make bench`` measured it (the pathway's
    ``reading_minutes``, checked by figure 8), or None when the pathway gives none."""
    if pathway.reading_minutes is None:
        return None
    low, high = pathway.reading_minutes
    return f"About {low} minutes." if low == high else f"About {low} to {high} minutes."


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence."""
    return text.split(". ")[0].rstrip(".") + "."


def _confirm(pathway: Pathway) -> None:
    """Ask before answers are cleared or replaced by another topic; offer to save them first."""
    asked = state.ui("confirm")
    held = catalog.catalog().pathways.get(st.session_state[state.PATHWAY])
    if not asked or asked["pathway"] != pathway.id or held is None:
        return
    with st.container(border=True, key=keys.CONFIRM):
        if asked["action"] == "clear":
            st.warning("Clear all your answers and start again? This cannot be undone.")
        else:
            st.warning(
                f"You have answers for “{short_title(held)}”. Starting “{short_title(pathway)}” "
                "clears them. Save them first if you want to come back to them."
            )
        downloads.save_button(held, state.answers(), keys.DL_ANSWERS_CONFIRM)
        with st.container(horizontal=True):
            st.button("Yes, clear my answers", key=keys.CONFIRM_YES, on_click=_confirmed,
                      args=(pathway.id,))
            st.button("No, keep my answers", key=keys.CONFIRM_NO, type="primary",
                      on_click=state.set_ui, kwargs={"confirm": None})


def _confirmed(pathway_id: str) -> None:
    cleared = st.session_state[state.PATHWAY] == pathway_id
    state.begin(pathway_id, step=catalog.pathway(pathway_id).steps[0].id)
    if cleared:
        state.flash("info", "Your answers were cleared. You are starting again.")


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
    elif state.unsaved_mark():  # answers for another topic: ask before replacing them
        state.set_ui(confirm={"action": "replace", "pathway": pathway_id})
    else:
        state.begin(pathway_id, step=catalog.pathway(pathway_id).steps[0].id)
