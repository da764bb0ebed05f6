"""The warning-sign step: its groups of signs and ONE "None of these" for the whole screen.

Each group stays a checkbox group named by its question (for screen readers), without its own
"None of these". The one "None of these" after the last group answers every group "none" (the
engine's ``with_none_of_these``); it is refused while a sign is ticked, so a tick is never
cleared unless the person unticks it. Ticking a sign unticks it. Next answers every untouched
group "none" once a sign or "None of these" is ticked, so the saved file, the summary, FHIR and
the CLI see one answer per group as before. A follow-up group shown by a tick (new nerve signs
after a cancer tick) keeps its own "None of these".

Only pathway content is drawn here, never text a person typed.
"""

from __future__ import annotations

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.errors import AnswerError
from decision_aid.model import Pathway, Question, Step
from decision_aid.path import (
    answer_untouched_groups,
    none_choice,
    none_groups,
    none_of_these,
    screen_answered,
    signs_ticked,
    visible_questions,
    with_none_of_these,
)
from decision_aid_ui import assets, catalog, keys, state, warning_banner, widgets

NONE_LABEL = "None of these"
UNANSWERED = "Please tick any signs you have, or “None of these”, before going on."
ASK_AGAIN = keys.ASK_AGAIN



def none_key(pathway: Pathway, groups: list[Question]) -> str:
    """The key of the one "None of these": the first group's own none box, so a page, a test or
    a script that ticked that box still finds it."""
    return widgets.choice_key(groups[0].id, str(none_choice(pathway, groups[0])))


def draw(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    """Every question of the step, with "None of these" once, after the last group it answers."""
    missing = set(state.ui("missing"))
    groups = none_groups(pathway, step, answers)
    covered = {q.id for q in groups}
    for q in visible_questions(pathway, step, answers):
        if q.id in covered:
            _group(pathway, step, q, answers.get(q.id))
            state.show_flash(at=q.id)
        else:
            widgets.draw(pathway, q, answers, q.id in missing)
        warning_banner.beside(pathway, q, answers)
        if groups and q.id == groups[-1].id:
            unanswered = bool(missing & covered) and not screen_answered(pathway, step, answers)
            _none_box(pathway, step, groups, answers, unanswered)


def _group(pathway: Pathway, step: Step, q: Question, value: Answer | None) -> None:
    chosen = value if isinstance(value, list) else []
    none = none_choice(pathway, q)
    with st.container(key=widgets.key(q.id)):  # a named group (app's script): its first text
        st.markdown(f"**{widgets.label(q)}**")
        for c in pathway.choices(q):
            if c.id == none:
                continue
            k = widgets.choice_key(q.id, c.id)
            if k not in st.session_state:
                st.session_state[k] = c.id in chosen
            st.checkbox(c.label, key=k, help=c.help, on_change=_ticked,
                        args=(pathway.id, step.id, q.id, c.id))
    if q.help:
        st.caption(q.help)


def _none_box(
    pathway: Pathway, step: Step, groups: list[Question], answers: dict[str, Answer],
    unanswered: bool,
) -> None:
    k = none_key(pathway, groups)
    if unanswered:
        with st.container(key=keys.WS_UNANSWERED):
            st.warning(UNANSWERED)
        if st.session_state.pop(ASK_AGAIN, False):
            warning_banner.scroll_to(keys.WS_UNANSWERED)
    st.session_state.setdefault(k, none_of_these(pathway, step, answers))
    st.html(assets.style("warning_screen"))
    with st.container(key=keys.WS_NONE):
        st.checkbox(NONE_LABEL, key=k, on_change=_none_toggled, args=(pathway.id, step.id))
        state.show_flash(at=k)


def _ticked(pathway_id: str, step_id: str, question_id: str, choice_id: str) -> None:
    # A sign ticked (or unticked) in a group: stored as before; "None of these" goes unticked.
    widgets.toggled(pathway_id, question_id, choice_id)
    pathway = catalog.pathway(pathway_id)
    step = pathway.steps_by_id[step_id]
    groups = none_groups(pathway, step, state.answers())
    # Untick "None of these" only when this tick cleared it: writing the box on every tick
    # would send its value to the browser and could undo a click still on its way.
    k = none_key(pathway, groups) if groups else ""
    if k and st.session_state.get(k) and not none_of_these(pathway, step, state.answers()):
        st.session_state[k] = False


def _none_toggled(pathway_id: str, step_id: str) -> None:
    pathway = catalog.pathway(pathway_id)
    step = pathway.steps_by_id[step_id]
    answers = state.answers()
    groups = none_groups(pathway, step, answers)
    k = none_key(pathway, groups)
    ticked = bool(st.session_state.get(k))
    try:
        changed = with_none_of_these(pathway, step, answers, ticked)
    except AnswerError:
        st.session_state[k] = False
        labels = "; ".join(_label(pathway, q, c) for q, c in signs_ticked(pathway, step, answers))
        state.flash("warning", f"You have ticked: {labels}. To tick “None of these”, untick "
                    "it first.", at=k)
        return
    state.set_answers(changed.answers)
    covered = {q.id for q in groups}
    state.set_ui(missing=[q for q in state.ui("missing") if q not in covered])


def _label(pathway: Pathway, q: Question, choice_id: str) -> str:
    return next(c.label for c in pathway.choices(q) if c.id == choice_id)


def before_next(pathway: Pathway, step: Step) -> None:
    """Answer every untouched group "none" once the screen is answered as a whole."""
    answers = state.answers()
    if screen_answered(pathway, step, answers):
        state.set_answers(answer_untouched_groups(pathway, step, answers).answers)


def refused(pathway: Pathway, step: Step, missing: list[str]) -> None:
    """After a Next that was refused: scroll to the one "please tick" note if it is shown."""
    covered = {q.id for q in none_groups(pathway, step, state.answers())}
    if covered.intersection(missing):
        st.session_state[ASK_AGAIN] = True


def listed_missing(pathway: Pathway, step: Step, missing: list[str]) -> list[str]:
    """The missing questions to list by name under the step: not the groups "None of these"
    answers, which have their own note beside it."""
    covered = {q.id for q in none_groups(pathway, step, state.answers())}
    return [q for q in missing if q not in covered]
