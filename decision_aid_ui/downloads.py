"""Download buttons whose files already exist when the button is drawn.

Streamlit 1.67 stores a deferred download (``data=`` a callable) with no session reference, so
any two script runs of *any* session delete it and the person's click gets a 404
(docs/upstream-streamlit-deferred-download.md). Files passed as bytes are tied to the session
that drew them and live until that session runs again. So every file here is made while the
page is drawn: the text files take about a millisecond. The PDF takes tens of milliseconds, so
it is made only on the run after the person presses "PDF to print", and on one paper.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Literal

import streamlit as st

from decision_aid.answers import Answer
from decision_aid.model import Pathway
from decision_aid.plan import Plan
from decision_aid_ui import exports, keys, state

Paper = Literal["A4", "Letter"]
PAPERS: tuple[tuple[Paper, str], ...] = (("A4", "A4 paper"), ("Letter", "US Letter paper"))


def _button(label: str, data: str | bytes, file_name: str, mime: str, key: str, icon: str) -> None:
    # on_click="ignore": a download never reruns the page, so the file stays with this session.
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key,
                       on_click="ignore", icon=icon)


@dataclasses.dataclass(frozen=True)
class _Files:
    """The summary's files, made from the answers, edits and step named by ``made_from``."""

    made_from: str
    text: str
    answers: str
    fhir: str
    missing: tuple[str, ...]


def draw(pathway: Pathway, p: Plan, answers: dict[str, Answer]) -> None:
    """The summary's downloads, named for what people do with them: a PDF to print (made on
    request), a text file, the saved answers and the file for a clinic's computer system."""
    st.subheader("Take it with you")
    stem = exports.file_stem(pathway)
    files = _files(pathway, p, answers)
    _missing_note(files.missing)
    with st.container(horizontal=True, gap="small", key=keys.DOWNLOADS):
        _pdf(p, stem)
        _button("Text file", files.text, f"{stem}-summary.txt", "text/plain",
                keys.DL_MARKDOWN, ":material/description:")
        _button(SAVE_LABEL, files.answers, f"{stem}-my-answers.json", "application/json",
                keys.DL_ANSWERS, SAVE_ICON)
        _button("For my clinician's computer system", files.fhir, f"{stem}-fhir.json",
                "application/fhir+json", keys.DL_FHIR, ":material/local_hospital:")
    st.caption("Nothing you enter is stored or sent. The files hold your answers: keep them "
               "private.")


def _files(pathway: Pathway, p: Plan, answers: dict[str, Answer]) -> _Files:
    """The files for these answers: made once, then kept in the session (in memory only) while
    the summary reruns with the same answers (a press on "PDF to print", a paper size)."""
    edits, step = state.edits(), state.step_on()
    made_from = json.dumps([pathway.id, pathway.version, answers, dataclasses.asdict(edits), step,
                            dt.date.today()], sort_keys=True, default=str)  # review-due note
    kept = st.session_state.get(keys.FILES)
    if isinstance(kept, _Files) and kept.made_from == made_from:
        return kept
    files = _Files(made_from, exports.text(p),
                   exports.answers_file(pathway, dict(answers), edits, step),
                   exports.fhir(pathway, dict(answers), edits),
                   tuple(exports.missing_in_pdf(p)))
    st.session_state[keys.FILES] = files
    return files


def _missing_note(missing: tuple[str, ...]) -> None:
    if missing:
        st.info(
            "Some characters you typed cannot be printed in the PDF, so they will be missing "
            "there. The text file has all of them. The missing characters:"
        )
        st.text(" ".join(missing))  # the person's own characters: shown literally, never Markdown


def _pdf(p: Plan, stem: str) -> None:
    """"PDF to print": a press makes one PDF, on the paper of the browser's region, with a
    button for the other paper (each PDF costs tens of milliseconds of the server's time)."""
    pressed = st.button("PDF to print", key=keys.MAKE_PDF, icon=":material/picture_as_pdf:")
    asked = st.session_state.pop(keys.PDF_PAPER, None)  # set by the other paper's button
    if not pressed and asked not in PAPER_LABELS:
        return
    paper: Paper = asked if asked in PAPER_LABELS else paper_for(st.context.locale)
    _button(f"Download the PDF ({PAPER_LABELS[paper]})", exports.pdf(p, paper),
            f"{stem}-summary-{paper.lower()}.pdf", "application/pdf",
            keys.dl_pdf(paper), ":material/picture_as_pdf:")
    other: Paper = "Letter" if paper == "A4" else "A4"
    st.button(f"{PAPER_LABELS[other]} instead", key=keys.PDF_OTHER,
              on_click=_ask_for, args=(other,))


def _ask_for(paper: Paper) -> None:
    st.session_state[keys.PDF_PAPER] = paper


PAPER_LABELS: dict[Paper, str] = dict(PAPERS)

LETTER_REGIONS = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"})
"""Where US Letter is the everyday paper: CLDR's ``paperSize type="US-Letter"`` territories
(Unicode LDML, part 6, measurement data); A4 everywhere else."""


def paper_for(locale: str | None) -> Paper:
    """The paper a browser's language tag (``navigator.language``, e.g. "en-US") points to:
    US Letter in its region's list, else A4, also when the tag names no region."""
    parts = (locale or "").replace("_", "-").split("-")
    regions = [x.upper() for x in parts[1:] if len(x) == 2 and x.isalpha()]
    return "Letter" if regions and regions[0] in LETTER_REGIONS else "A4"


SAVE_LABEL = "Save my answers (to carry on later)"
SAVE_ICON = ":material/save:"


def save_button(
    pathway: Pathway, answers: dict[str, Answer], key: str, label: str = SAVE_LABEL
) -> None:
    """'Save my answers' as a JSON file the person can upload later to carry on."""
    _button(label,
            exports.answers_file(pathway, dict(answers), state.edits(), state.step_on()),
            f"{exports.file_stem(pathway)}-my-answers.json", "application/json", key, SAVE_ICON)
