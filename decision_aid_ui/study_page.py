"""Study mode on the summary page: the field-test questions and the participant's study file.

Off unless the deployment sets ``DECISION_AID_STUDY`` to a site code. The answers live only in
this session's widgets, like the knowledge check: they are never in the answers, the summary
or the saved file, never logged and never sent. The study file is made in memory and handed
to the browser as a download (decision_aid/study.py says what it holds).
"""

from __future__ import annotations

import os

import streamlit as st

from decision_aid import study
from decision_aid.answers import Answer
from decision_aid.model import Pathway
from decision_aid_ui import keys, signoffs

CODE_KEY = keys.STUDY_CODE
"""Session state key of the participant code: random, made once per session."""

INTRO = """
You see this part because this clinic is testing the guide. Taking part is up to you, and your
answers here change nothing above.

Nothing you answer here is kept on this computer or sent anywhere. At the end, download your
study file and give it to the study team. It holds your choices as numbers, your code and the
name of this guide. It holds no name and nothing you typed.
"""


def site() -> str | None:
    """The site code when this deployment runs a study, else ``None``."""
    return study.site_from(os.environ)


def draw(pathway: Pathway, answers: dict[str, Answer]) -> None:
    """The study part of the summary page, when study mode is on."""
    where = site()
    if where is None:
        return
    code = st.session_state.setdefault(CODE_KEY, study.new_code())
    with st.container(border=True, key=keys.STUDY):
        st.subheader("Taking part in the study", anchor=False)
        st.markdown(INTRO)
        st.markdown(f"Your participant code is **{code}**. You may be asked to read it out.")
        section = ""
        for f in study.fields(pathway):
            if not f.asked:
                continue
            if f.section and f.section != section:
                section = f.section
                st.markdown(f"**{_heading(section)}**")
            _question(f)
        given = {f.name: st.session_state.get(keys.study_field(f.name))
                 for f in study.fields(pathway)}
        row = study.study_row(pathway, where, code, _version(pathway), answers, given)
        st.download_button(
            "Download my study file", data=study.study_file(row).encode("utf-8"),
            file_name=f"study-{code}.csv", mime="text/csv", key=keys.DL_STUDY, on_click="ignore",
            icon=":material/download:",
        )


_HEADINGS = {
    "Preparation for Decision Making scale": "How much did this guide help you?",
    "Acceptability": "What did you think of the guide?",
    "Knowledge check (true or false)": "True or false?",
}


def _heading(section: str) -> str:
    return _HEADINGS.get(section, section)


def _question(f: study.Field) -> None:
    choices = dict(f.choices) if f.type == "radio" else {"1": "True", "0": "False"}
    label = f.label.removeprefix(study.PREP_STEM + " ").capitalize() if f.name.startswith(
        "prep_") else f.label
    st.radio(label, list(choices), format_func=choices.__getitem__, index=None,
             horizontal=True, key=keys.study_field(f.name))


def _version(pathway: Pathway) -> str:
    found = signoffs.statuses().get(pathway.id)
    sha = found.pathway[0].item.sha256[:12] if found and found.pathway else "unknown"
    return f"{pathway.version}+{sha}"
