"""Download buttons whose files already exist when the button is drawn.

Streamlit 1.67 stores a deferred download (``data=`` a callable) with no session reference, so
any two script runs of *any* session delete it and the person's click gets a 404
(docs/upstream-streamlit-deferred-download.md). Files passed as bytes are tied to the session
that drew them and live until that session runs again. So every file here is made while the
page is drawn: the text files take about a millisecond. The PDF takes tens of milliseconds, so
it is made only on the run after the person presses "Make my PDF summary".
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from decision_aid.evaluate import Answer, Plan
from decision_aid.model import Pathway
from decision_aid_ui import exports, state

Paper = Literal["A4", "Letter"]
PAPERS: tuple[tuple[Paper, str], ...] = (("A4", "A4 paper"), ("Letter", "US Letter paper"))


def _button(label: str, data: str | bytes, file_name: str, mime: str, key: str, icon: str) -> None:
    # on_click="ignore": a download never reruns the page, so the file stays with this session.
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key,
                       on_click="ignore", icon=icon)


def draw(pathway: Pathway, p: Plan, answers: dict[str, Answer]) -> None:
    """The summary's downloads: PDF (on request), Markdown, saved answers and FHIR."""
    st.subheader("Take it with you")
    stem = exports.file_stem(pathway)
    if exports.available(exports.PDF_MODULE):
        _pdf(p, stem)
    _button("Download my summary as text", exports.markdown(p), f"{stem}-summary.md",
            "text/markdown", "dl_markdown", ":material/description:")
    save_button(pathway, answers, "dl_answers")
    if exports.available(exports.FHIR_MODULE):
        _button("Download for my clinician's computer system",
                exports.fhir(pathway, dict(answers)), f"{stem}-fhir.json",
                "application/fhir+json", "dl_fhir", ":material/local_hospital:")
    st.caption(
        "Nothing you enter is stored or sent anywhere else. Keep the files somewhere private: "
        "they contain your answers. The file for your clinician's computer system is for "
        "clinics that can read it (it uses a standard called FHIR); the other files are for you."
    )


def _pdf(p: Plan, stem: str) -> None:
    missing = exports.missing_in_pdf(p)
    if missing:
        st.info(
            "Some characters you typed cannot be printed in the PDF, so they will be missing "
            "there. The text download below has all of them. The missing characters:"
        )
        st.text(" ".join(missing))  # the person's own characters: shown literally, never Markdown
    if not st.button("Make my PDF summary", key="make_pdf", icon=":material/picture_as_pdf:"):
        return
    for paper, label in PAPERS:
        _button(f"Download my summary as a PDF ({label})", exports.pdf(p, paper),
                f"{stem}-summary-{paper.lower()}.pdf", "application/pdf",
                f"dl_pdf_{paper.lower()}", ":material/picture_as_pdf:")


def save_button(
    pathway: Pathway,
    answers: dict[str, Answer],
    key: str,
    label: str = "Save my answers (to carry on later)",
) -> None:
    """'Save my answers' as a JSON file the person can upload later to carry on."""
    _button(label,
            exports.answers_file(pathway, dict(answers), state.edits()),
            f"{exports.file_stem(pathway)}-my-answers.json", "application/json", key,
            ":material/save:")
