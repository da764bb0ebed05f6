"""The comparison grid and the SURE note as summary text: Markdown parts and PDF sections.

``summary.to_markdown`` and ``export.pdf.blocks`` call these with one hook line each, so the
layout of those modules stays theirs. Only pathway content is shown here, never typed text.
"""

from __future__ import annotations

from decision_aid import compare
from decision_aid.evaluate import Plan
from decision_aid.model import ClinicianQuestion, Compare, Pathway
from decision_aid.summary import PLAIN, escape_markdown

GRID_TITLE = "Options I compared side by side"
RAISE_TITLE = "Worth raising with my clinician"
PDF_SOURCES = "The sources of each answer are listed in the app and in the text file."


def sure_noes(plan: Plan) -> list[str]:
    """The SURE questions the person answered 'no', in SURE order."""
    leaning = plan.pathway.leaning
    if leaning is None:
        return []
    return [qid for qid in leaning.sure if plan.answers.get(qid) is False]


def sure_help(pathway: Pathway, question_id: str) -> ClinicianQuestion | None:
    """The question the pathway adds to the list when SURE question ``question_id`` is 'no'."""
    for q in pathway.clinician_questions:
        w = q.when
        if isinstance(w, Compare) and w.question == question_id and w.value is False:
            return q
    return None


def raise_note(plan: Plan) -> str | None:
    """The pathway's note for a 'no' in the SURE test, or None when no answer is 'no'."""
    leaning = plan.pathway.leaning
    return leaning.raise_note if leaning is not None and sure_noes(plan) else None


def markdown(plan: Plan) -> list[str]:
    """The SURE note and the grid as Markdown parts (headings and bodies)."""
    parts: list[str] = []
    note = raise_note(plan)
    if note:
        parts += [f"## {RAISE_TITLE}", escape_markdown(note)]
    g = compare.on_page(plan.pathway, plan.answers)
    if g is None:
        return parts
    numbers = compare.source_numbers(g)
    parts += [f"## {GRID_TITLE}", _by_question(g, numbers) if PLAIN.get() else _table(g, numbers)]
    if g.note:
        parts.append(escape_markdown(g.note))
    arms = [escape_markdown(s) for s in side_by_side(plan, g)]
    if arms:
        parts.append("\n".join(f"- {s}" for s in arms))
    return parts + [_sources(plan, numbers)]


def side_by_side(plan: Plan, g: compare.Grid) -> list[str]:
    """The comparing pictures' sentences for the options in the grid (same whole numbers)."""
    pics = compare.pictures(plan.pathway, [c.option_id for c in g.columns])
    return [s for p in pics for s in compare.picture_sentences(p)]


def _table(g: compare.Grid, numbers: dict[str, int]) -> str:
    head = [escape_markdown(t) for t in ("Question", *(c.title for c in g.columns))]
    lines = [_cells(head), "|" + "---|" * len(head)]
    for row in g.rows:
        cells = [_cited(c, numbers) for c in row.cells]
        lines.append(_cells([escape_markdown(row.question), *cells]))
    return "\n".join(lines)


def _by_question(g: compare.Grid, numbers: dict[str, int]) -> str:
    # Plain text has no tables: question by question, each option's answer under it.
    blocks = []
    for row in g.rows:
        answers = [f"- {c.title}: {_cited(cell, numbers)}"
                   for c, cell in zip(g.columns, row.cells, strict=True)]
        blocks.append("\n".join([row.question, *answers]))
    return "\n\n".join(blocks)


def _cells(escaped: list[str]) -> str:
    return "| " + " | ".join(escaped) + " |"


def _cited(cell: compare.Cell, numbers: dict[str, int]) -> str:
    refs = compare.refs(cell, numbers)
    text = escape_markdown(cell.text)
    if not refs:
        return text
    return f"{text} [{refs}]" if PLAIN.get() else f"{text} \\[{refs}\\]"


def _sources(plan: Plan, numbers: dict[str, int]) -> str:
    by_id = plan.pathway.sources_by_id
    dot = "." if PLAIN.get() else "\\."
    rows = [f"{n}{dot} {escape_markdown(by_id[sid].citation)}" for sid, n in numbers.items()]
    return "Sources:\n\n" + "\n".join(f"- {r}" for r in rows)


PDF_CELL = "\t"
"""Between the cells of one grid row in the PDF's lines (the PDF draws tabs as spaces)."""


def pdf_sections(plan: Plan) -> list[tuple[str, list[str]]]:
    """The SURE note as a (heading, lines) section for the PDF."""
    note = raise_note(plan)
    return [(RAISE_TITLE, [note])] if note else []


def pdf_grid(plan: Plan) -> tuple[list[str], list[str]]:
    """The options compared as a small grid for the PDF: its rows (the column heads first,
    cells joined by ``PDF_CELL``), then the lines under it (what did not fit, the pictures'
    sentences, where the sources are). Empty when nothing was compared. Only the pathway's
    own rows: how sure the research is and what the person leaned to are on the page already
    (beside each option, and under "What matters to me")."""
    g = compare.on_page(plan.pathway, plan.answers)
    if g is None:
        return [], []
    rows = [PDF_CELL.join(["", *(c.title for c in g.columns)])]
    rows += [PDF_CELL.join([r.question, *(c.text for c in r.cells)])
             for r in g.rows if r.kind == "fact"]
    under = [g.note] if g.note else []
    return rows, [*under, *side_by_side(plan, g), PDF_SOURCES]
