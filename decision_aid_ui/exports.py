"""What the person can download, built only when they click (no Streamlit here).

PDF and FHIR are written by other modules; they are imported lazily so a rare download never
slows down an ordinary rerun, and the app still works while they do not exist yet.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping
from typing import Literal

from decision_aid import saved, summary
from decision_aid.evaluate import Answer, Plan, QuestionEdits
from decision_aid.model import Pathway

PDF_MODULE = "decision_aid.export.pdf"
FHIR_MODULE = "decision_aid.export.fhir"


def available(module: str) -> bool:
    """Whether an optional export module exists (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def markdown(plan: Plan) -> str:
    """The one-page summary as Markdown (people's text escaped by the engine)."""
    return summary.to_markdown(plan)


def pdf(plan: Plan, paper: Literal["A4", "Letter"]) -> bytes:
    """The one-page PDF summary on A4 or Letter paper."""
    from decision_aid.export import pdf as pdf_export

    return bytes(pdf_export.to_pdf(plan, paper=paper))


def answers_file(pathway: Pathway, answers: Mapping[str, Answer], edits: QuestionEdits) -> str:
    """The 'save my answers' JSON file (the CLI's --answers format)."""
    return saved.dumps(pathway, answers, edits)


def fhir(pathway: Pathway, answers: Mapping[str, Answer]) -> str:
    """A FHIR QuestionnaireResponse for a clinician's system, as JSON text."""
    from decision_aid.export import fhir as fhir_export

    return json.dumps(fhir_export.response(pathway, answers), indent=2, ensure_ascii=False) + "\n"


def file_stem(pathway: Pathway) -> str:
    """The start of every download's file name."""
    return pathway.id.replace("_", "-")
