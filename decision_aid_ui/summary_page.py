"""The summary step: the summary, Edit buttons (behind a closed toggle) and downloads.

Continuing from a saved file is on the start page only."""

from __future__ import annotations

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.model import Pathway, Step
from decision_aid.path import visible_steps
from decision_aid.plan import plan
from decision_aid_ui import downloads, keys, state, study_page, summary_view, warning_banner


def draw(pathway: Pathway, step: Step, answers: dict[str, Answer]) -> None:
    """The summary page body (banners are drawn by the wizard frame above it)."""
    p = plan(pathway, answers, state.edits())
    warning_banner.on_summary(p)
    summary_view.show(p)
    _edit_buttons(pathway, answers, step)
    downloads.draw(pathway, p, answers)
    study_page.draw(pathway, answers)  # only when the deployment runs a field test


def _edit_buttons(pathway: Pathway, answers: dict[str, Answer], here: Step) -> None:
    with st.expander("Change an answer", key=keys.EDITS_TOGGLE), st.container(key=keys.EDITS_ROW):
        for s in visible_steps(pathway, answers):
            if s.id != here.id and s.kind != "summary":
                st.button(f"Edit: {s.title}", key=keys.edit(s.id), on_click=_edit, args=(s.id,))


def _edit(step_id: str) -> None:
    state.go("wizard", step_id)
    state.set_ui(from_summary=True)
