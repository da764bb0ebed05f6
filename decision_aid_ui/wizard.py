"""The wizard: one step per page, progress, banners, Back and Next, and the emergency stop."""

from __future__ import annotations

import datetime as dt
import html
import re

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.model import Pathway, Step
from decision_aid.path import (
    missing_required,
    step_after,
    step_before,
    visible_questions,
    visible_steps,
)
from decision_aid.plan import plan
from decision_aid.safety import SafetyOutcome, action_lines, safety
from decision_aid_ui import (
    assets,
    cards,
    catalog,
    compare_page,
    downloads,
    keys,
    my_questions,
    state,
    summary_page,
    warning_banner,
    warning_screen,
    widgets,
)


def draw(pathway: Pathway) -> None:
    """The current step, or the emergency page when an answer needs help right now."""
    answers = state.answers()
    outcome = safety(pathway, answers)
    if not outcome.stop:
        state.set_ui(review=False)
    elif not state.ui("review"):
        emergency(pathway, outcome)
        return
    steps = visible_steps(pathway, answers)
    step = _current(pathway, steps)
    overdue_notice(pathway)
    warning_banner.top(pathway, outcome, review=bool(state.ui("review")))
    state.show_flash()
    if not state.ui("review"):  # after an emergency answer the path ends early: no "of N"
        n, x = len(steps), [s.id for s in steps].index(step.id) + 1
        st.progress(x / n, text=f"Step {x} of {n}")
    with st.container(key=keys.STEP_HEAD):  # the stable target app.py focuses after a move
        st.header(step.title, anchor=False)
    st.html(assets.style("widgets"))
    if step.intro:
        st.markdown(step.intro)
    if step.background is not None:  # e.g. what the condition is: one click away, closed
        with st.expander(step.background.title):
            st.markdown(step.background.text)
    _BODY.get(step.kind, _questions)(pathway, step, answers)
    if step.question_list is not None:  # e.g. weighing up: its answers choose most of it
        my_questions.section(pathway, step.question_list, answers)
    _nav(pathway, step, steps)


def _current(pathway: Pathway, steps: list[Step]) -> Step:
    # The stored step, or the nearest earlier visible one if a change hid it.
    ids = [s.id for s in steps]
    sid = st.session_state[state.STEP]
    if sid not in ids:
        order = {s.id: i for i, s in enumerate(pathway.steps)}
        earlier = [s for s in steps if order[s.id] <= order.get(sid, -1)]
        st.session_state[state.STEP] = (earlier[-1] if earlier else steps[0]).id
    return pathway.steps_by_id[st.session_state[state.STEP]]


def overdue_notice(pathway: Pathway) -> None:
    """Say so when the content is past its review date."""
    if dt.date.today() > pathway.next_review:
        st.warning(
            f"This information was due for review on {pathway.next_review:%d %B %Y}. "
            "Some of it may be out of date. Please check with your clinician."
        )


def emergency(pathway: Pathway, outcome: SafetyOutcome) -> None:
    """Replace the wizard with what to do now, and a way back for a mistaken answer."""
    tier = outcome.tiers[0]
    flags = [r.flag for r in outcome.raised if r.tier == "emergency"]
    items = "\n".join(f"- {f.text}" for f in flags)
    todo = " ".join(action_lines(tier, flags))
    with st.container(key=keys.STEP_HEAD):
        st.header(tier.title, anchor=False)
    st.error(
        f"**{tier.message}**\n\n**What to do now:** {todo}\n\nYou told us about:\n\n{items}",
        icon=":material/emergency:",
    )
    links = call_links(tier.action)
    if links:
        st.html(links)
    st.markdown(
        "This tool cannot help with this. Please stop here and get help now. "
        "Your answers are kept until you close this page."
    )
    st.button(
        "I chose this by mistake – go back",
        key=keys.SAFETY_UNDO,
        on_click=_undo_emergency,
        args=(pathway.id,),
    )
    overdue_notice(pathway)


_NUMBER = re.compile(r"\b(999|911|112)\b")  # emergency numbers, as the content writes them


def call_links(action: str) -> str:
    """The emergency numbers named in ``action`` (content) as links a phone dials on a tap."""
    numbers = list(dict.fromkeys(_NUMBER.findall(action)))
    links = " · ".join(f'<a href="tel:{n}">Call {html.escape(n)}</a>' for n in numbers)
    return f'<p class="aid-call">{links}</p>' if numbers else ""


def _undo_emergency(pathway_id: str) -> None:
    pathway = catalog.pathway(pathway_id)
    steps = visible_steps(pathway, state.answers())
    state.go("wizard", steps[-1].id)  # the step whose answer raised the emergency
    state.set_ui(review=True)


def _questions(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    missing = set(state.ui("missing"))
    for q in visible_questions(pathway, step, answers):
        widgets.draw(pathway, q, answers, q.id in missing)


def _options(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    p = plan(pathway, answers, state.edits())
    shown = visible_questions(pathway, step, answers)
    missing = set(state.ui("missing"))
    ticked = cards.ladder(pathway, p, shown, answers, missing)
    for q in shown:  # any other question of the step, after the cards
        if q is not ticked:
            widgets.draw(pathway, q, answers, q.id in missing)


def _clinician_questions(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    _questions(pathway, step, answers)
    my_questions.editor(pathway, answers)


_BODY = {
    "safety": warning_screen.draw,
    "options": _options,
    "compare": compare_page.draw,
    "clinician_questions": _clinician_questions,
    "summary": summary_page.draw,
}


def _nav(pathway: Pathway, step: Step, steps: list[Step]) -> None:
    ids = state.ui("missing")
    if step.kind == "safety":  # the groups "None of these" answers have their own note
        ids = warning_screen.listed_missing(pathway, step, ids)
    missing = [pathway.questions[q] for q in ids if q in pathway.questions]
    if missing:
        listed = "\n".join(f"- {q.summary_label or q.text}" for q in missing)
        st.warning(f"Please answer {'this question' if len(missing) == 1 else 'these questions'} "
                   f"before going on:\n\n{listed}")
    last = step.kind == "summary" or step.id == steps[-1].id
    nxt = None if last else steps[[s.id for s in steps].index(step.id) + 1]
    with st.container(horizontal=True, key=keys.NAV):
        # Each button's widget key names its step, so a second tap on a button drawn for this
        # step can never run with the arguments of the next step's button (same key, new args).
        with st.container(key=keys.NAV_BACK, width="content"):
            st.button("Back", key=nav_key("back", step.id), icon=":material/arrow_back:",
                      on_click=_back, args=(pathway.id, step.id))
        if not last:
            label = "See my summary" if nxt is not None and nxt.kind == "summary" else "Next"
            with st.container(key=keys.NAV_NEXT, width="content"):
                st.button(label, key=nav_key("next", step.id), type="primary",
                          icon=":material/arrow_forward:", icon_position="right",
                          on_click=_next, args=(pathway.id, step.id))
    if state.ui("from_summary") and not last:
        st.button("Back to my summary", key=keys.NAV_SUMMARY, on_click=_to_summary,
                  args=(pathway.id,))
    _footer(pathway, step)


def _footer(pathway: Pathway, step: Step) -> None:
    # A few words only, on every step: save, and a menu with the start page and About page.
    with st.container(horizontal=True, key=keys.FOOTER, vertical_alignment="center"):
        if step.kind != "summary":
            downloads.save_button(pathway, state.answers(), keys.DL_ANSWERS_STEP,
                                     label="Save my answers")
        with st.popover("Menu", icon=":material/menu:", type="tertiary", key=keys.NAV_MENU):
            st.button("Start page", key=keys.NAV_HOME, type="tertiary", on_click=state.go,
                      args=("start",))
            st.button("About this guide", key=keys.NAV_ABOUT, type="tertiary",
                      on_click=open_about, args=(pathway.id, "wizard"))


def open_about(pathway_id: str, back_to: str) -> None:
    """Show the About page of a pathway; its Back button returns to ``back_to``."""
    state.set_ui(about=pathway_id, back_to=back_to)
    state.go("about")


def nav_key(kind: str, step_id: str) -> str:
    """The widget key of Back (``kind="back"``) or Next drawn for a step."""
    return keys.nav_button(kind, step_id)


def _stale(step_id: str) -> bool:
    # A click on a button drawn for another step (a double tap landing after the step changed).
    return st.session_state[state.PAGE] != "wizard" or st.session_state[state.STEP] != step_id


def _next(pathway_id: str, step_id: str) -> None:
    if _stale(step_id):
        return
    pathway = catalog.pathway(pathway_id)
    step = pathway.steps_by_id[step_id]
    widgets.commit_text(pathway, visible_questions(pathway, step, state.answers()))
    if step.kind == "safety":
        warning_screen.before_next(pathway, step)
    answers = state.answers()
    missing = [q.id for q in missing_required(pathway, step, answers)]
    state.set_ui(missing=missing)
    if missing:
        if step.kind == "safety":
            warning_screen.refused(pathway, step, missing)
        return
    state.set_ui(review=False)
    nxt = step_after(pathway, answers, step_id)
    if nxt is not None:
        state.go("wizard", nxt)
        if pathway.steps_by_id[nxt].kind == "summary":
            state.set_ui(from_summary=False)


def _back(pathway_id: str, step_id: str) -> None:
    if _stale(step_id):
        return
    pathway = catalog.pathway(pathway_id)
    step = pathway.steps_by_id[step_id]
    widgets.commit_text(pathway, visible_questions(pathway, step, state.answers()))
    prev = step_before(pathway, state.answers(), step_id)
    if prev is None or prev == step_id:
        state.go("start")
    else:
        state.go("wizard", prev)


def _to_summary(pathway_id: str) -> None:
    pathway = catalog.pathway(pathway_id)
    steps = visible_steps(pathway, state.answers())
    state.set_ui(from_summary=False)
    state.go("wizard", steps[-1].id)
