"""The plan as a one-page summary: Markdown for people, JSON for tools.

Everything a person typed is escaped, so it shows as the literal text they wrote and can never
become a link, an image or HTML in whatever renders the Markdown.
"""

from __future__ import annotations

import json
import re
from typing import Any

from decision_aid.evaluate import AnswerLine, Plan, answer_text, raised_in

CERTAINTY_WORDS = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very_low": "very low certainty",
    "no_reliable_numbers": "no reliable numbers",
}

NOT_ADVICE = (
    "This summary is not a diagnosis and does not say which treatment to have. "
    "It lists what I want to talk about."
)

# Every character that can start Markdown or HTML syntax (links, images, emphasis, code, tags,
# entities, tables, autolinks). CommonMark allows a backslash before any ASCII punctuation.
_SYNTAX = re.compile(r"([\\`*_{}\[\]()<>#+!|~&:=\"'])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown and HTML syntax and fold line breaks, so people's text stays
    the literal text they typed."""
    return _SYNTAX.sub(r"\\\1", " ".join(text.split()))


def literal(text: str) -> str:
    """Text a person typed, as a Markdown code span: shown exactly as typed, and never turned
    into a link (viewers such as GitHub link a bare ``http://...`` even when it is escaped)."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def to_markdown(plan: Plan) -> str:
    """The one-page summary as Markdown. Safety messages come first, always.

    After an emergency answer it holds only what to do now and the person's answers: no
    stage, options or questions, which would read as if the plan could wait.
    """
    if plan.safety.stop:
        return _emergency_markdown(plan)
    parts = [f"# My summary: {plan.pathway.title}", f"_{NOT_ADVICE}_"]
    parts += _safety(plan)
    parts += _cautions(plan)
    parts += _tell_first(plan)
    for section in plan.sections:
        parts += _lines(section.title, [_row(plan, ln) for ln in section.lines])
    parts += _compare(plan)
    parts += _tried(plan)
    parts += _lines("What matters to me", [_row(plan, ln) for ln in plan.values])
    parts += _discuss(plan)
    parts += _questions(plan)
    parts.append(_footer(plan))
    return "\n\n".join(parts) + "\n"


def _compare(plan: Plan) -> list[str]:
    from decision_aid import compare_text  # imported here: compare_text uses escape_markdown

    return compare_text.markdown(plan)


def _safety(plan: Plan) -> list[str]:
    out = []
    for tier in plan.safety.tiers:
        items = [f.text for f in raised_in(plan.safety, tier)]
        out.append(f"## ⚠ {tier.title}")
        out.append(f"**{tier.message}** {tier.action}")
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


def _emergency_markdown(plan: Plan) -> str:
    parts = [f"# My summary: {plan.pathway.title}", *_safety(plan)]
    parts += _lines("What I told the guide", [_row(plan, ln) for ln in answer_lines(plan)])
    parts.append(_footer(plan))
    return "\n\n".join(parts) + "\n"


def _row(plan: Plan, line: AnswerLine) -> tuple[str, str]:
    """A label and its answer as Markdown: typed text literal, anything else escaped."""
    question = plan.pathway.questions.get(line.question_id)
    typed = question is not None and question.kind == "text"
    return line.label, literal(line.answer) if typed else escape_markdown(line.answer)


def _tell_first(plan: Plan) -> list[str]:
    rows = [_row(plan, ln) for ln in plan.tell_first]
    rows += [
        (s.title, f"{s.value:g} out of 10" if s.value is not None else "not all answered")
        for s in plan.scores
    ]
    return _lines("To tell my clinician first", rows)


def _lines(title: str, rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    body = "\n".join(f"- {label}: {answer}" for label, answer in rows)
    return [f"## {title}", body]


def _tried(plan: Plan) -> list[str]:
    rows = [(o.option.title, escape_markdown(o.status or "")) for o in plan.tried]
    return _lines("What I have tried", rows)


def _discuss(plan: Plan) -> list[str]:
    out = []
    if plan.stage is not None:
        out += [f"## Where I am: {plan.stage.title}", plan.stage.description]
    rows = [
        f"- {o.option.title} (evidence: {CERTAINTY_WORDS[o.option.certainty]})"
        for o in plan.to_discuss
    ]
    if rows:
        out += ["## Options I want to discuss", "\n".join(rows)]
    return out


def _questions(plan: Plan) -> list[str]:
    qs = plan.included_questions
    if not qs:
        return []
    rows = [f"{i}. {literal(q.text) if q.own else q.text}" for i, q in enumerate(qs, 1)]
    return ["## My questions", "\n".join(rows)]


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


def _footer(plan: Plan) -> str:
    return "---\n\n" + footer_text(plan)


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
