"""The reviewers' checklist (``docs/review.md``), generated from the pathway files.

It lists, for each pathway, every figure with its source, every clinical judgement awaiting
sign-off, every source with what editors still have to check, and the long blocks for the
patient reviewer. ``python -m decision_aid review`` writes it; ``--check`` fails when the
committed file is out of date.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from decision_aid.model import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Figure,
    Pathway,
    Person,
    Source,
    WarningSigns,
)
from decision_aid.rules import evidence_lint, lint, signoff

HEADER = """# Review checklist

Generated from the pathway files by `python -m decision_aid review`; do not edit by hand
(a test fails when this file is out of date). Editor notes appear here and nowhere that
patients see.

The named clinical reviewer checks every figure against its source, every clinical
judgement and every source still to be checked. The named patient reviewer reads every long
block. A sign-off is a record under `sign_offs` in the file, bound to the SHA-256 of exactly
what was signed (`decision_aid/rules/signoff.py`); after any content edit the item is awaiting
sign-off again. Make a reviewer pack with `python -m decision_aid review <pathway file>
--format html` (to print) or `--format csv` (to mark), and turn the marked CSV into sign-off
records with `review <pathway file> --import FILE` (see the end of this file). The start page
says "Draft" until a pathway and the warning-sign screen it includes are signed at their
current hashes.
"""


FOOTER = """## How to sign off

1. Add the reviewer under `reviewers:` in each file they sign (the pathway, and
   `pathways/shared/warning-signs.yaml` for a clinician signing the screen).
2. Make the pack: `python -m decision_aid review pathways/mid-back-pain.yaml --format html
   --output pack.html` to print (about 30 A4 pages, warning-sign screen first) and `--format
   csv --output pack.csv` to mark. Each row has its block id, the text as shown, its reading
   grade, figures with their sources and passages, the judgements about it and its SHA-256.
   To count the printed pages: `chromium --headless --no-sandbox --no-pdf-header-footer
   --print-to-pdf=pack.pdf pack.html && pdfinfo pack.pdf` (a test keeps it at 40 or fewer).
3. The reviewer writes `agree`, `change` or `comment` in the `decision` column of each row,
   with a comment where needed.
4. Import: `python -m decision_aid review pathways/mid-back-pain.yaml --import pack.csv
   --name ... --role ... --credentials ... --organisation ... --interests ... --output
   changes.csv`. Each `agree` signs the judgements and unread passages of its row; a whole
   file is signed only when every one of its rows is agreed. Rows whose content changed since
   the pack was made are refused. `changes.csv` lists the requested changes by block id.
5. `python -m decision_aid validate pathways/` reports every sign-off whose hash no longer
   matches; `validate --release` fails while anything awaits sign-off or an author has no
   credentials or declared interests.
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
    parts.append(FOOTER)
    return "\n".join(parts)


def _pathway(name: str, p: Pathway) -> Iterator[str]:
    yield f"## {p.title}\n\n`{name}`, version {p.version}, last reviewed {p.last_reviewed}.\n"
    found = signoff.states(signoff.pathway_items(p), p.sign_offs, p.reviewers)
    yield "Reviewers:\n"
    yield from _reviewers(p.reviewers, found, "pathway")
    yield "\n### Figures\n"
    for o in p.options:
        for i, f in enumerate(o.figures):
            yield f"- [ ] `options[{o.id}].figures[{i}]`: {figure_line(p, f)}"
    yield "\n### Clinical judgements, each signed on its own\n"
    for j in p.judgements:
        cited = f" Sources: {', '.join(j.sources)}." if j.sources else ""
        tick, signed = _signed(found, f"judgement:{j.id}")
        yield f"- [{tick}] `{j.at}` ({j.id}): {_flat(j.text)}{cited}{signed}"
    yield "\n### Sources\n"
    for s in p.sources:
        yield f"- [ ] {_source(s)}"
    yield "\n### Long blocks for the patient reviewer\n"
    for path, text in lint.keyed_blocks(p):
        if lint.word_count(text) >= lint.MIN_WORDS_FOR_GRADE:
            where = lint.named_path(p, path)
            yield f"- [ ] `{where}`: {lint.word_count(text)} words, grade {lint.grade(text):.1f}"
    yield ""


def _shared(name: str, w: WarningSigns) -> Iterator[str]:
    yield f"## Warning signs, shared by every pathway\n\n`{name}`, version {w.version}.\n"
    found = signoff.states(signoff.screen_items(w), w.sign_offs, w.reviewers)
    yield "Reviewers:\n"
    yield from _reviewers(w.reviewers, found, "screen")
    yield "\n### Combinations: signs read together\n"
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
    yield "\n### Clinical judgements, each signed on its own\n"
    signs = [item for tier in w.tiers for item in tier.items]
    for item in signs:
        if item.judgement is not None:
            j = item.judgement
            tick, signed = _signed(found, f"sign:{item.id}")
            yield f"- [{tick}] `{item.id}` ({j.reviewer}): {_flat(j.note)}{signed}"
    yield "\n### Source passages not yet read, each signed on its own\n"
    for item in signs:
        for e in item.evidence:
            if not e.seen:
                tick, signed = _signed(found, f"passage:{item.id}:{e.source}")
                yield f"- [{tick}] `{item.id}`: {e.source}, {_flat(e.where)}{signed}"
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


def _reviewers(people: Sequence[Person], found: Sequence[signoff.ItemState],
               key: str) -> Iterator[str]:
    signed = {s.name: s for s in signoff.signed_by(found, key)}
    for r in people:
        record = signed.get(r.name)
        when = (f"signed version {record.sha256[:12]} on {record.date}; interests: "
                f"{record.interests}" if record else "awaiting sign-off")
        yield f"- {r.name}, {r.role} ({when})"


def _signed(found: Sequence[signoff.ItemState], key: str) -> tuple[str, str]:
    """The tick and the 'signed by' note of an item: only a sign-off at its current hash."""
    records = signoff.signed_by(found, key)
    if not records:
        return " ", ""
    who = "; ".join(f"{r.name} ({r.credentials}) on {r.date}" for r in records)
    return "x", f" Signed by {who} at {records[0].sha256[:12]}."


def figure_line(p: Pathway, f: Figure) -> str:
    """A figure in one line for reviewers: how many, who, what, when, certainty and sources."""
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
    primary = evidence_lint.is_primary_url(s.url or "") or s.doi
    status = "primary" if primary and s.confirmed else "to replace" if not primary else ""
    if not s.confirmed:
        status += ("" if not status else ", ") + "NOT CONFIRMED, not counted as primary"
    text = f"`{s.id}` ({s.kind}, {status}): {_flat(s.citation)} {_link(s)}."
    if s.editor_note:
        text += f" Editor note: {_flat(s.editor_note)}"
    return text


def _flat(text: str) -> str:
    return " ".join(text.split())

