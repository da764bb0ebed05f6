"""The plan as a summary: Markdown, plain text for people, JSON for tools.

In the Markdown everything a person typed is escaped, so it shows as the literal text they
wrote and can never become a link, an image or HTML in whatever renders the Markdown. The plain
text (the app's "Text file") has the same words in the same order with no marks at all: a text
file is never rendered, so nothing in it needs escaping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from decision_aid import compare, figures
from decision_aid.answers import answer_text
from decision_aid.figures import CERTAINTY_WORDS
from decision_aid.model import TIER_ORDER, ClinicianQuestion, Compare, Pathway
from decision_aid.plan import ASK_FIRST, AnswerLine, ListedQuestion, OptionStatus, Plan, ScoreValue
from decision_aid.safety import action_lines, raised_in

NOT_ADVICE = "This summary is not a diagnosis and does not say which treatment to have."

# Every character that can start Markdown or HTML syntax (links, images, emphasis, code, tags,
# entities, tables, autolinks). CommonMark allows a backslash before any ASCII punctuation.
_SYNTAX = re.compile(r"([\\`*_{}\[\]()<>#+!|~&:=\"'])")


PLAIN: ContextVar[bool] = ContextVar("plain", default=False)
"""True while :func:`to_text` writes the plain text: the helpers below then add no marks."""


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown and HTML syntax and fold line breaks, so people's text stays
    the literal text they typed (in plain text: the text itself, with line breaks folded)."""
    flat = " ".join(text.split())
    return flat if PLAIN.get() else _SYNTAX.sub(r"\\\1", flat)


def literal(text: str) -> str:
    """Text a person typed, as a Markdown code span: shown exactly as typed, and never turned
    into a link (viewers such as GitHub link a bare ``http://...`` even when it is escaped).
    In plain text: the text itself."""
    flat = " ".join(text.split())
    if not flat or PLAIN.get():
        return flat
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


# Step titles speak to the person ("About your pain"); the summary is theirs, in the first person.
_FIRST_PERSON = (
    (re.compile(r"\bYour\b"), "My"),
    (re.compile(r"\byour\b"), "my"),
    (re.compile(r"\b[Yy]ou (have|may)\b"), r"I \1"),
    (re.compile(r"\byou are\b"), "I am"),
    (re.compile(r"\bto you\b"), "to me"),
)

TRIED = "What I have tried"
NOT_CHOSEN = "I have not chosen yet."


def first_person(title: str) -> str:
    """A step title as a summary heading: "What you have tried" -> "What I have tried"."""
    for you, me in _FIRST_PERSON:
        title = you.sub(me, title)
    return title


def score_text(score: ScoreValue) -> str:
    """A calculated score in words: its value and, in the first person, what it is."""
    if score.value is None:
        return "not worked out, as not all of its questions were answered"
    text = f"{score.value:g} out of 10"
    if score.explanation:
        text += f". {first_person(score.explanation.split('. ')[0].rstrip('.'))}"
    return text


def answer_sections(plan: Plan) -> list[tuple[str, tuple[AnswerLine, ...]]]:
    """The answer sections as (first-person title, lines), each fact once: answers already
    told first are left out, and every "tried" answer goes under one heading."""
    told = {ln.question_id for ln in plan.tell_first}
    out: list[tuple[str, tuple[AnswerLine, ...]]] = []
    for section in plan.sections:
        lines = tuple(ln for ln in section.lines if ln.question_id not in told)
        title = first_person(section.title)
        if lines and title != TRIED:
            out.append((title, lines))
    return out


def tried_lines(plan: Plan) -> list[tuple[str, str]]:
    """What the person tried (option and how it went), then other answers of that step."""
    rows = [(o.option.title, o.status or "") for o in plan.tried]
    for section in plan.sections:
        if first_person(section.title) == TRIED:
            rows += [(ln.label, ln.answer) for ln in section.lines]
    return rows


CHECK_FIRST = (
    "First, get checked today. What to do is at the top of this summary.",
    "Ideas to try yourself, and keeping on as you are, wait until a clinician has checked "
    "you. After that, come back and answer yes where the warning signs ask if you have been "
    "checked.",
)
"""What next after a same-day sign, until the person says a clinician has checked them
(``Plan.check_first``, decided by the engine)."""

CHECKED = (
    "You said a clinician has checked the warning signs above. If they change or get worse, "
    "get checked again today."
)
"""What next once the person says a clinician has checked the same-day signs (``Plan.checked``)."""


def what_next(plan: Plan) -> list[str]:
    """A short "what next" list: getting checked first after a same-day sign, then bring the
    summary, the top questions first, and when to get help sooner: each warning-sign tier's
    ``if_new`` (the emergency tier's first), so a sign that needs a check today is not sent
    to 999, nor one that needs 999 to the GP."""
    out = [
        *(CHECK_FIRST if plan.check_first else ()),
        *((CHECKED,) if plan.checked else ()),
        "Bring this summary to your appointment, printed or on your phone.",
        f"Ask your top {ASK_FIRST} questions first.",
    ]
    tiers = sorted((t for t in plan.pathway.safety if t.if_new),
                   key=lambda t: TIER_ORDER.index(t.tier))
    if tiers:
        return out + [str(t.if_new) for t in tiers]
    urgent = next((t for t in plan.pathway.safety if t.tier == "emergency"), None)
    if urgent is not None:  # a screen without 'if_new': the first sentence of its 999 action
        call = urgent.action.split(". ")[0].rstrip(".")
        out.append(f"If a warning sign starts before then: {call}.")
    return out


def to_markdown(plan: Plan) -> str:
    """The summary as Markdown. Safety messages come first, always; each part is one small
    function in ``MARKDOWN_PARTS``, in reading order.

    After an emergency answer it holds only what to do now and the person's answers: no
    stage, options or questions, which would read as if the plan could wait.
    """
    if plan.safety.stop:
        return _emergency_markdown(plan)
    parts = [f"# My summary: {plan.pathway.title}", _em(NOT_ADVICE)]
    for part in MARKDOWN_PARTS:
        parts += part(plan)
    return "\n\n".join(parts) + "\n"



def strong(text: str) -> str:
    """Bold in Markdown; the text itself in plain text."""
    return text if PLAIN.get() else f"**{text}**"


def _em(text: str) -> str:
    return text if PLAIN.get() else f"_{text}_"


def to_text(plan: Plan) -> str:
    """The summary as plain text: the Markdown's words and order, with no marks. Headings are
    underlined; what the person typed is as they typed it (a text file is never rendered)."""
    token = PLAIN.set(True)
    try:
        text = to_markdown(plan)
    finally:
        PLAIN.reset(token)
    out: list[str] = []
    for line in text.split("\n"):
        for mark, rule in (("# ", "="), ("## ", "-")):
            if line.startswith(mark):
                line = line[len(mark):]
                out += [line, rule * len(line)]
                break
        else:
            out.append(line)
    return "\n".join(out)


# --- The comparison and the SURE note (Markdown here; PDF parts for export.pdf) ----------------

GRID_TITLE = "Options I compared side by side"
RAISE_TITLE = "Worth raising with my clinician"
PDF_SOURCES = "The sources of each answer are listed in the app and in the text file."
PDF_CELL = "\t"
"""Between the cells of one grid row in the PDF's lines (the PDF draws tabs as spaces)."""


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


def _compare(plan: Plan) -> list[str]:
    """The SURE note and the options compared on the step, as Markdown parts (or plain text:
    question by question, since plain text has no tables)."""
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
    """The comparing pictures' sentences for the options in the grid: the figures' own whole
    numbers, population, time frame and funding."""
    pics = compare.pictures(plan.pathway, [c.option_id for c in g.columns])
    return [s for p in pics for s in figures.picture_sentences(plan.pathway, p)]


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


def _safety(plan: Plan) -> list[str]:
    out = []
    for tier in plan.safety.tiers:
        flags = raised_in(plan.safety, tier)
        items = [f.text for f in flags]
        out.append(f"## ⚠ {tier.title}")
        general, *kinds = action_lines(tier, flags)  # each kind's line a paragraph of its own
        out.append(f"{strong(tier.message)} {general}")
        out.extend(kinds)
        out.append("\n".join(f"- {t}" for t in items))
    return out


def _cautions(plan: Plan) -> list[str]:
    # Calm on purpose: cautions are checks before a treatment, not warning signs.
    out = []
    for raised in plan.cautions:
        out.append(f"## {raised.group.title}")
        out.append(f"{raised.group.message} {raised.group.action}")
        out.append("\n".join(f"- {f.text}" for f in raised.items))
    return out


def answer_lines(plan: Plan) -> list[AnswerLine]:
    """Every answer the person gave, in question order, as words."""
    questions = plan.pathway.questions
    return [
        AnswerLine(qid, q.summary_label or q.text, answer_text(plan.pathway, q, plan.answers[qid]))
        for qid, q in questions.items()
        if qid in plan.answers
    ]


OTHER = "My other answers"


def other_answers(plan: Plan, shortlist: bool = True) -> list[AnswerLine]:
    """Answers not shown under any other heading (such as the options compared), so every
    answer reaches the summary once; warning-sign answers are left out (any sign raised is at
    the top). ``shortlist=False`` leaves out the options compared, for the files whose
    side-by-side table already names them."""
    shown = {ln.question_id for ln in plan.tell_first} | {ln.question_id for ln in plan.values}
    shown |= {ln.question_id for s in plan.sections for ln in s.lines}
    shown |= {o.option.status_question for o in plan.options if o.option.status_question}
    compared = plan.pathway.compare.shortlist_question if plan.pathway.compare else None
    shown |= {  # the options chosen to discuss have their own heading
        q.id for q in plan.pathway.questions.values() if q.choices == "ladder" and q.id != compared
    }
    if not shortlist and compared:
        shown.add(compared)
    shown |= {q.id for s in plan.pathway.steps if s.kind == "safety" for q in s.questions}
    return [ln for ln in answer_lines(plan) if ln.question_id not in shown]


def _other(plan: Plan) -> list[str]:
    return _lines(OTHER, [_row(plan, ln) for ln in other_answers(plan, shortlist=False)])


def _emergency_markdown(plan: Plan) -> str:
    parts = [f"# My summary: {plan.pathway.title}", *_safety(plan)]
    parts += _lines("What I told the guide", [_row(plan, ln) for ln in answer_lines(plan)])
    parts += _footer(plan)
    return "\n\n".join(parts) + "\n"


def _row(plan: Plan, line: AnswerLine) -> tuple[str, str]:
    """A label and its answer as Markdown: typed text literal, anything else escaped."""
    question = plan.pathway.questions.get(line.question_id)
    typed = question is not None and question.kind == "text"
    return line.label, literal(line.answer) if typed else escape_markdown(line.answer)


def _tell_first(plan: Plan) -> list[str]:
    rows = [_row(plan, ln) for ln in plan.tell_first]
    rows += [(s.title, escape_markdown(score_text(s))) for s in plan.scores]
    return _lines("To tell my clinician first", rows)


def _lines(title: str, rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    body = "\n".join(f"- {label}: {answer}" for label, answer in rows)
    return [f"## {title}", body]


def _answers(plan: Plan) -> list[str]:
    out: list[str] = []
    for title, lines in answer_sections(plan):
        out += _lines(title, [_row(plan, ln) for ln in lines])
    return out


def _tried(plan: Plan) -> list[str]:
    return _lines(TRIED, [(label, escape_markdown(a)) for label, a in tried_lines(plan)])


def _values(plan: Plan) -> list[str]:
    return _lines("What matters to me", [_row(plan, ln) for ln in plan.values])


def option_line(o: OptionStatus) -> str:
    """An option with how sure the evidence is, as plain text."""
    return f"{o.option.title} (evidence: {CERTAINTY_WORDS[o.option.certainty]})"


def _chosen(plan: Plan) -> list[str]:
    chosen = [f"- {option_line(o)}" for o in plan.to_discuss]
    out = ["## Options I want to discuss", "\n".join(chosen) or NOT_CHOSEN]
    if not plan.to_discuss and plan.stage_options:
        others = "\n".join(f"- {option_line(o)}" for o in plan.stage_options)
        out += ["## Options people at my stage often discuss", others]
    return out


def _where(plan: Plan) -> list[str]:
    if plan.stage is None:
        return []
    return [f"## Where I am: {plan.stage.title}", plan.stage.description]


def question_groups(plan: Plan) -> list[tuple[str, int, tuple[ListedQuestion, ...]]]:
    """The chosen questions as (heading, first number, questions): the top ones to ask first,
    then the rest for if there is time."""
    qs = plan.included_questions
    groups = [
        ("My top questions", 1, qs[:ASK_FIRST]),
        ("If there is time", ASK_FIRST + 1, qs[ASK_FIRST:]),
    ]
    return [g for g in groups if g[2]]


def _questions(groups: list[tuple[str, int, tuple[ListedQuestion, ...]]]) -> list[str]:
    out = []
    for heading, first, qs in groups:
        rows = [f"{i}. {literal(q.text) if q.own else q.text}" for i, q in enumerate(qs, first)]
        out += [f"## {heading}", "\n".join(rows)]
    return out


def _top_questions(plan: Plan) -> list[str]:
    return _questions(question_groups(plan)[:1])


def _more_questions(plan: Plan) -> list[str]:
    return _questions(question_groups(plan)[1:])


def _what_next(plan: Plan) -> list[str]:
    return ["## What next", "\n".join(f"- {t}" for t in what_next(plan))]  # content only


def footer_text(plan: Plan) -> str:
    """The pathway's version and review dates, and a warning when the review is overdue."""
    p = plan.pathway
    note = (
        f"Pathway: {p.title}, version {p.version}. Content last reviewed {p.last_reviewed}; "
        f"next review due {p.next_review}."
    )
    if plan.review_overdue:
        note += " This content is past its review date: some of it may be out of date."
    return note


def version_line(plan: Plan) -> str:
    """The short version line for small print on screen (the files carry ``footer_text``; the
    screen gives the review dates with the rest of the summary)."""
    p = plan.pathway
    note = f"Content version {p.version}."
    if plan.review_overdue:
        note += " This content is past its review date: some of it may be out of date."
    return note


def _footer(plan: Plan) -> list[str]:
    return ["---\n\n" + footer_text(plan)]


MARKDOWN_PARTS: list[Callable[[Plan], list[str]]] = [
    _safety,
    _cautions,
    _tell_first,
    _top_questions,
    _chosen,
    _what_next,
    _more_questions,
    _answers,
    _compare,
    _tried,
    _values,
    _other,
    _where,
    _footer,
]
"""The Markdown summary's parts in reading order: safety first, then what matters in the visit
(as on the screen and page 1 of the PDF), then the rest; add a part here."""


def to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (ids and words), for the CLI's JSON output and for tests.

    After an emergency answer: the safety outcome and the answers only, as in the Markdown.
    """
    head = {
        "pathway": {"id": plan.pathway.id, "version": plan.pathway.version},
        "safety": {
            "tier": plan.safety.tier,
            "raised": [{"tier": r.tier, "id": r.flag.id} for r in plan.safety.raised],
        },
    }
    if plan.safety.stop:
        return {**head, "answers": {ln.question_id: ln.answer for ln in answer_lines(plan)}}
    return {
        **head,
        "cautions": [f.id for c in plan.cautions for f in c.items],
        "stage": plan.stage.id if plan.stage else None,
        "tell_first": [[ln.question_id, ln.answer] for ln in plan.tell_first],
        "scores": {s.id: s.value for s in plan.scores},
        "tried": {o.option.id: o.status_id for o in plan.tried},
        "values": {ln.question_id: ln.answer for ln in plan.values},
        "discuss": [o.option.id for o in plan.to_discuss],
        "questions": [{"id": q.id, "text": q.text, "own": q.own} for q in plan.included_questions],
        "dropped": list(plan.dropped),
        "review_overdue": plan.review_overdue,
    }


def to_json(plan: Plan) -> str:
    """The plan as JSON text."""
    return json.dumps(to_dict(plan), indent=2, ensure_ascii=False) + "\n"
