"""What the person can download, built only when they click (no Streamlit here).

The PDF and FHIR modules are imported lazily, so a rare download never slows down an ordinary
rerun.
"""

from __future__ import annotations

import functools
import json
import logging
import unicodedata
from collections.abc import Mapping
from typing import Literal

from decision_aid.answers import Answer
from decision_aid.formats import saved, summary
from decision_aid.model import Pathway
from decision_aid.plan import Plan, QuestionEdits


def silence_pdf_logs() -> None:
    """Keep fpdf2's messages out of the server log: they quote the text being drawn.

    fpdf2 logs the characters its font lacks ("missing the following glyphs: '我' ..."), which
    are what the person typed. Its loggers make no records at all, and none would travel on.
    """
    log = logging.getLogger("fpdf")
    log.setLevel(logging.CRITICAL + 1)
    log.handlers[:] = [logging.NullHandler()]
    log.propagate = False


silence_pdf_logs()


def markdown(plan: Plan) -> str:
    """The one-page summary as Markdown (people's text escaped by the engine)."""
    return summary.to_markdown(plan)


def text(plan: Plan) -> str:
    """The summary as a plain text file (no marks; nothing in it is ever rendered)."""
    return summary.to_text(plan)


def pdf(plan: Plan, paper: Literal["A4", "Letter"]) -> bytes:
    """The one-page PDF summary on A4 or Letter paper."""
    from decision_aid.formats import pdf as pdf_export

    return bytes(pdf_export.to_pdf(plan, paper=paper))


def missing_in_pdf(plan: Plan) -> list[str]:
    """The characters of the PDF's text that its font cannot draw, in order of first use."""
    from decision_aid.formats import pdf as pdf_export

    has = _pdf_characters()
    seen: dict[str, None] = {}
    for line in pdf_export.pdf_lines(plan):
        for ch in unicodedata.normalize("NFC", line):
            if ord(ch) not in has and ch.isprintable() and not ch.isspace():
                seen.setdefault(ch)
    return list(seen)


@functools.cache
def _pdf_characters() -> frozenset[int]:
    # Both PDF fonts are cut from DejaVu Sans with the same character list.
    from fontTools.ttLib import TTFont

    from decision_aid.formats import pdf as pdf_export

    with TTFont(pdf_export.FONT_DIR / "DejaVuSans.ttf") as font:
        return frozenset(font.getBestCmap())


def answers_file(
    pathway: Pathway, answers: Mapping[str, Answer], edits: QuestionEdits, step: str | None = None
) -> str:
    """The 'save my answers' JSON file (the CLI's --answers format), with the step it was
    saved on so that it reopens there."""
    return saved.dumps(pathway, answers, edits, step=step)


def fhir(
    pathway: Pathway, answers: Mapping[str, Answer], edits: QuestionEdits | None = None
) -> str:
    """A FHIR QuestionnaireResponse for a clinician's system, as JSON text, with the person's
    own questions on their list (a group of strings)."""
    from decision_aid.formats import fhir as fhir_export

    edits = edits or QuestionEdits()
    own = [o.text for o in edits.own if o.id not in edits.hidden]
    doc = fhir_export.response(pathway, answers, own=own)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def file_stem(pathway: Pathway) -> str:
    """The start of every download's file name."""
    return pathway.id.replace("_", "-")
