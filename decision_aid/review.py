"""The reviewers' checklist (``docs/review.md``), generated from the pathway files.

It lists, for each pathway, every figure with its source, every clinical judgement awaiting
sign-off, every source with what editors still have to check, and the long blocks for the
patient reviewer. ``python -m decision_aid review`` writes it; ``--check`` fails when the
committed file is out of date.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from decision_aid import evidence_lint, lint
from decision_aid.model import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Figure,
    Pathway,
    Source,
    WarningSigns,
)

HEADER = """# Review checklist

Generated from the pathway files by `python -m decision_aid review`; do not edit by hand
(a test fails when this file is out of date). Editor notes appear here and nowhere that
patients see.

The named clinical reviewer checks every figure against its source, every clinical
judgement and every source still to be checked. The named patient reviewer reads every long
block. Tick an item when it is checked; a pathway is signed off when each reviewer's
`signed_off` date is set in its file (the start page then stops calling it a draft).
"""


def render(
    pathways: Sequence[tuple[str, Pathway]], shared: Sequence[tuple[str, WarningSigns]] = ()
) -> str:
    """The whole checklist as Markdown.

    Args:
        pathways: ``(file name as shown, pathway)`` pairs, in the order to list them.
        shared: ``(file name, warning signs)`` pairs of the shared warning-sign files.

    Returns:
        The text of ``docs/review.md``.
    """
    parts = [HEADER]
    for name, signs in shared:
        parts.append("\n".join(_shared(name, signs)))
    for name, pathway in pathways:
        parts.append("\n".join(_pathway(name, pathway)))
    return "\n".join(parts)


def _pathway(name: str, p: Pathway) -> Iterator[str]:
    yield f"## {p.title}\n\n`{name}`, version {p.version}, last reviewed {p.last_reviewed}.\n"
    yield "Reviewers:\n"
    for r in p.reviewers:
        when = f"signed off {r.signed_off}" if r.signed_off else "not signed off"
        yield f"- {r.name}, {r.role} ({when})"
    yield "\n### Figures\n"
    for o in p.options:
        for i, f in enumerate(o.figures):
            yield f"- [ ] `options[{o.id}].figures[{i}]`: {_figure(p, f)}"
    yield "\n### Clinical judgements awaiting sign-off\n"
    for j in p.judgements:
        cited = f" Sources: {', '.join(j.sources)}." if j.sources else ""
        yield f"- [ ] `{j.at}` ({j.id}): {_flat(j.text)}{cited}"
    yield "\n### Sources\n"
    for s in p.sources:
        yield f"- [ ] {_source(s)}"
    yield "\n### Long blocks for the patient reviewer\n"
    for where, text in lint.text_blocks(p):
        if lint.word_count(text) >= lint.MIN_WORDS_FOR_GRADE:
            yield f"- [ ] {where}: {lint.word_count(text)} words, grade {lint.grade(text):.1f}"
    yield ""


def _shared(name: str, w: WarningSigns) -> Iterator[str]:
    yield f"## Warning signs, shared by every pathway\n\n`{name}`, version {w.version}.\n"
    yield "### Combinations: signs read together\n"
    choices = {
        (q.id, c.id): c.label
        for q in w.step.questions
        for c in (q.choices if isinstance(q.choices, list) else [])
    }
    for tier in w.tiers:
        for item in tier.items:
            if not isinstance(item.when, Compare):
                read = _condition(item.when, choices)
                yield f"- [ ] `{item.id}` ({tier.tier}): {_flat(item.text)}. Raised by: {read}."
    yield ""
    yield "### Clinical judgements awaiting sign-off\n"
    signs = [item for tier in w.tiers for item in tier.items]
    for item in signs:
        if item.judgement is not None and item.judgement.signed_off is None:
            j = item.judgement
            yield f"- [ ] `{item.id}` ({j.reviewer}): {_flat(j.note)}"
    yield "\n### Source passages not yet read\n"
    for item in signs:
        for e in item.evidence:
            if not e.seen:
                yield f"- [ ] `{item.id}`: {e.source}, {_flat(e.where)}"
    yield ""


def _condition(c: Condition, choices: dict[tuple[str, str], str]) -> str:
    # A combination in words, from the labels the person ticks.
    if isinstance(c, Compare):
        return f"“{choices.get((c.question, str(c.value)), c.value)}”"
    if isinstance(c, AllOf):
        return "(" + " AND ".join(_condition(p, choices) for p in c.all) + ")"
    if isinstance(c, AnyOf):
        return "(" + " OR ".join(_condition(p, choices) for p in c.any) + ")"
    return f"NOT {_condition(c.not_, choices)}"


def _figure(p: Pathway, f: Figure) -> str:
    if f.n is None:
        many = "no reliable number"
    else:
        many = f"{f.n:g}" if f.n_high is None else f"{f.n:g} to {f.n_high:g}"
        many += f" in {f.denominator}"
    text = f"{many}: {f.population} {f.event} {f.time_frame} ({f.kind or 'kind not set'}, "
    text += f"{f.certainty.replace('_', ' ')} certainty)."
    if f.comparison:
        text += f" Comparison: {f.comparison}."
    text += " Sources: " + "; ".join(_short(p, s) for s in f.sources) + "."
    if f.editor_note:
        text += f" Editor note: {_flat(f.editor_note)}"
    return _flat(text)


def _short(p: Pathway, sid: str) -> str:
    s = p.sources_by_id.get(sid)
    return f"{sid} ({_link(s)})" if s else f"{sid} (not listed)"


def _link(s: Source) -> str:
    if s.doi:
        return f"doi:{s.doi}"
    return s.url or "no link yet"


def _source(s: Source) -> str:
    status = "primary" if evidence_lint.is_primary_url(s.url or "") or s.doi else "to replace"
    if s.id in evidence_lint.LINKS_TO_CONFIRM:
        status += ", link to confirm: " + evidence_lint.LINKS_TO_CONFIRM[s.id]
    text = f"`{s.id}` ({s.kind}, {status}): {_flat(s.citation)} {_link(s)}."
    if s.editor_note:
        text += f" Editor note: {_flat(s.editor_note)}"
    return text


def _flat(text: str) -> str:
    return " ".join(text.split())


def default_files(folder: Path) -> list[Path]:
    """The pathway files the checklist covers: every ``*.yaml`` in ``folder``, sorted."""
    return sorted(folder.glob("*.yaml"))
