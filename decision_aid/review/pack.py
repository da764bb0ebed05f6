"""The reviewer pack: every patient-facing block of a pathway, ordered by risk, to mark offline.

One row per block: its id (a key path, as judgements cite them), where it appears, the text as
shown, its reading grade, its figures with their sources and passages, the clinical judgements
about it, and the SHA-256 of all of that. The warning-sign screen comes first, then what could
mislead about benefit and harm, then the rest. ``python -m decision_aid review --format csv``
writes it as a spreadsheet; ``--format html`` as one self-contained printable page; a reviewer
marks each row agree, change or comment, and :mod:`decision_aid.review.marks` reads it back.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
from collections.abc import Iterator, Mapping, Sequence
from html import escape

from decision_aid import compare, figures
from decision_aid.model import (
    TIER_ORDER,
    CompareCell,
    Option,
    Pathway,
    Question,
    RedFlag,
    Step,
    WarningSigns,
)
from decision_aid.review.checklist import figure_line
from decision_aid.rules import signoff

COLUMNS = (
    "order", "block_id", "file", "where", "text", "reading_grade", "figures_and_sources",
    "judgement", "sign_off_items", "sha256", "file_sha256", "decision", "comment",
)
"""The CSV columns; a reviewer fills in the last two."""

DECISIONS = ("agree", "change", "comment")

RISK = {
    "screen": 0, "safety": 1, "claims": 2, "choices": 3, "questions": 4, "asks": 5, "about": 6,
}
"""Rows are ordered by how much harm a mistake in them could do: the warning-sign screen first."""

_OPTION_FIELDS = (
    ("harms", "Possible harms", "claims"),
    ("figures", "Figures", "claims"),
    ("evidence_note", "How sure we are", "claims"),
    ("benefits", "Possible benefits", "claims"),
    ("what_it_is", "What it is", "choices"),
    ("involves", "What it involves", "choices"),
    ("living_with", "Living with it", "choices"),
    ("costs", "Costs", "choices"),
)


@dataclasses.dataclass(frozen=True)
class Block:
    """One patient-facing block of the pack."""

    id: str
    file: str
    risk: str
    where: str
    text: str
    figures: str = ""
    judgement: str = ""
    items: tuple[signoff.Item, ...] = ()

    @functools.cached_property
    def grade(self) -> float | None:
        """The US reading grade of the text (None when too short to measure)."""
        from decision_aid.rules import lint

        if lint.word_count(self.text) < lint.MIN_WORDS_FOR_GRADE:
            return None
        return float(lint.grade(self.text))

    @property
    def sha256(self) -> str:
        """The hash of everything the row shows and signs: a changed row cannot be imported."""
        return signoff.digest({
            "text": self.text, "figures": self.figures, "judgement": self.judgement,
            "items": {i.key: i.sha256 for i in self.items},
        })


@dataclasses.dataclass(frozen=True)
class Pack:
    """The blocks of one pathway (with its shared screen) and the hashes of the whole files."""

    pathway: Pathway
    screen: WarningSigns | None
    blocks: tuple[Block, ...]
    file_sha256: dict[str, str]


def build(p: Pathway, screen: WarningSigns | None) -> Pack:
    """The pack for a merged pathway and the shared screen it includes.

    Args:
        p: The merged pathway (``load.read``).
        screen: The shared warning-sign file it includes, or ``None``.

    Returns:
        The pack, its blocks ordered by risk, then by their place in the file.
    """
    items = {i.key: i for i in signoff.pathway_items(p)}
    shared = {i.key: i for i in signoff.screen_items(screen)} if screen else {}
    ctx = _Context(p, screen, items, shared)
    blocks = sorted(_blocks(ctx), key=lambda b: RISK[b.risk])
    hashes = {"pathway": items["pathway"].sha256}
    if "screen" in shared:
        hashes["screen"] = shared["screen"].sha256
    return Pack(p, screen, tuple(blocks), hashes)


@dataclasses.dataclass(frozen=True)
class _Context:
    p: Pathway
    screen: WarningSigns | None
    items: dict[str, signoff.Item]
    shared: dict[str, signoff.Item]

    @functools.cached_property
    def shared_signs(self) -> set[str]:
        return {f.id for t in self.screen.tiers for f in t.items} if self.screen else set()

    def judged(self, block_id: str) -> tuple[str, tuple[signoff.Item, ...]]:
        """The pathway judgements about a block: those whose ``at`` is in or over it."""
        found = [j for j in self.p.judgements
                 if j.at.startswith(block_id) or block_id.startswith(j.at)]
        text = "\n".join(f"[{j.id}] {_flat(j.text)}" for j in found)
        return text, tuple(self.items[f"judgement:{j.id}"] for j in found)


def _blocks(ctx: _Context) -> Iterator[Block]:
    p = ctx.p
    tiers = sorted(enumerate(p.safety), key=lambda t: TIER_ORDER.index(t[1].tier))
    for _, tier in tiers:
        file = "screen" if tier.items[0].id in ctx.shared_signs else "pathway"
        risk = "screen" if file == "screen" else "safety"
        lines = [tier.title, tier.message, tier.action, tier.banner or ""]
        yield Block(f"safety[{tier.key}]", file, risk, f"Warning-sign page, '{tier.key}' group",
                    _join(lines))
        for flag in tier.items:
            yield _flag_block(ctx, tier.key, flag, file, risk)
    for n, step in enumerate(p.steps):
        yield from _step_blocks(ctx, step, "screen" if n == 0 and ctx.screen else "pathway")
    for group in p.cautions:
        lines = [group.title, group.message, group.action, *(f.text for f in group.items)]
        yield Block(f"cautions[{group.id}]", "pathway", "safety", "Checks before a treatment",
                    _join(lines))
    for o in p.options:
        yield from _option_blocks(ctx, o)
    yield from _other_blocks(ctx)


def _flag_block(ctx: _Context, tier: str, flag: RedFlag, file: str, risk: str) -> Block:
    passages = []
    for e in flag.evidence:
        s = ctx.p.sources_by_id.get(e.source)
        read = "" if e.seen else " (NOT YET READ: sign this passage)"
        cite = _flat(s.citation) if s else "source not listed"
        passages.append(f"{e.source}: {_flat(e.where)}, tier {e.tier or 'none given'}{read}. "
                        f"{cite} {s.url or s.doi or '' if s else ''}".strip())
    keys = [f"sign:{flag.id}"] + [f"passage:{flag.id}:{e.source}" for e in flag.evidence]
    pool = ctx.shared if file == "screen" else ctx.items
    items = tuple(pool[k] for k in keys if k in pool)
    note = f"[{flag.id}] {_flat(flag.judgement.note)}" if flag.judgement else ""
    return Block(f"signs[{flag.id}]", file, risk, f"Warning-sign summary, '{tier}' group",
                 flag.text, "\n".join(passages), note, items)


def _step_blocks(ctx: _Context, step: Step, file: str) -> Iterator[Block]:
    risk = "screen" if file == "screen" else "questions"
    where = f"Step '{step.title}'"
    head = [step.title, step.intro or ""]
    if step.background:
        head += [step.background.title, step.background.text]
    bid = f"steps[{step.id}]"
    judgement, items = ctx.judged(bid) if file == "pathway" else ("", ())
    yield Block(bid, file, risk, where, _join(head), judgement=judgement, items=items)
    for q in step.questions:
        qid = f"questions[{q.id}]"
        judgement, items = ctx.judged(qid) if file == "pathway" else ("", ())
        yield Block(qid, file, risk, where, _question_text(ctx.p, q), judgement=judgement,
                    items=items)


def _question_text(p: Pathway, q: Question) -> str:
    lines = [q.heading or "", q.text, q.help or ""]
    if q.kind == "scale":
        lines.append(f"Scale {q.min} ({q.min_label or ''}) to {q.max} ({q.max_label or ''})")
    lines += [f"- {c.label}" + (f" ({c.help})" if c.help else "") for c in p.choices(q)]
    return _join(lines)


def _option_blocks(ctx: _Context, o: Option) -> Iterator[Block]:
    for name, label, risk in _OPTION_FIELDS:
        bid = f"options[{o.id}].{name}"
        judgement, items = ctx.judged(bid)
        where = f"Options step, card '{o.title}': {label}"
        if name == "figures":
            if not o.figures:
                continue
            figures = "\n".join(figure_line(ctx.p, f) for f in o.figures)
            yield Block(bid, "pathway", risk, where, f"Certainty: {o.certainty}", figures,
                        judgement, items)
            continue
        value = getattr(o, name)
        text = _join(f"- {v}" for v in value) if isinstance(value, list) else str(value)
        sources = ", ".join(o.sources) if name == "evidence_note" else ""
        yield Block(bid, "pathway", risk, where, text, sources, judgement, items)


def _other_blocks(ctx: _Context) -> Iterator[Block]:
    p = ctx.p
    for st in p.stages:
        bid = f"stages[{st.id}]"
        judgement, items = ctx.judged(bid)
        text = _join([st.title, st.description, "Discussed: " + ", ".join(st.discuss)])
        yield Block(bid, "pathway", "choices", "Summary: where you are", text, "", judgement, items)
    if p.compare:
        for row in p.compare.rows:
            yield Block(f"compare.rows[{row.id}]", "pathway", "choices", "Compare step: grid row",
                        _join([row.text, *_cells(p, row.cells)]))
        for t in p.compare.tradeoffs:
            if t.row is not None:  # answered by a grid row, listed above
                continue
            yield Block(f"compare.tradeoffs[{t.question}]", "pathway", "choices",
                        "Compare step: trade-off", _join(_cells(p, t.cells)))
        for n, pic in enumerate(p.compare.pictures):
            yield Block(f"compare.pictures[{n}]", "pathway", "claims", "Compare step: picture",
                        " ".join(figures.picture_sentences(p, pic)),
                        ", ".join(figures.figure_sources(p, [pic.figure])))
    for qi in p.quiz:
        yield Block(f"quiz[{qi.id}]", "pathway", "claims", "Summary: check what you know",
                    _join([qi.statement, f"Answer: {qi.answer}", qi.feedback]),
                    ", ".join(qi.sources))
    if p.leaning:
        yield Block("leaning", "pathway", "questions", "Weigh-up step", p.leaning.raise_note,
                    ", ".join(p.leaning.sources))
    for cq in p.clinician_questions:
        yield Block(f"clinician_questions[{cq.id}]", "pathway", "asks",
                    "Questions to ask", cq.text)
    for sc in p.scores:
        yield Block(f"scores[{sc.id}]", "pathway", "asks", "Summary: scores",
                    _join([sc.title, sc.explanation or ""]))
    about = [p.title, p.tagline or "", p.summary, p.audience, p.scope, p.update_policy,
             p.funding, p.conflicts]
    yield Block("about", "pathway", "about", "Start page and About page", _join(about))
    for s in p.sources:
        if s.note:
            yield Block(f"sources[{s.id}].note", "pathway", "about", "Sources list", s.note,
                        _flat(s.citation))


def _join(lines: Iterator[str] | Sequence[str]) -> str:
    return "\n".join(_flat(line) for line in lines if line and line.strip())


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- CSV ----------------------------------------------------------------------------------------


def rows(pack: Pack) -> Iterator[dict[str, str]]:
    """The pack as CSV rows (``COLUMNS``), decision and comment left empty."""
    for n, b in enumerate(pack.blocks, 1):
        grade = "" if b.grade is None else f"{b.grade:.1f}"
        yield {
            "order": str(n), "block_id": b.id, "file": b.file, "where": b.where,
            "text": b.text, "reading_grade": grade, "figures_and_sources": b.figures,
            "judgement": b.judgement, "sign_off_items": " ".join(i.key for i in b.items),
            "sha256": b.sha256, "file_sha256": pack.file_sha256.get(b.file, ""),
            "decision": "", "comment": "",
        }


def to_csv(pack: Pack) -> str:
    """The pack as CSV text (UTF-8, one row per block, a header row first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(pack))
    return out.getvalue()


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 12mm 10mm; }
body { font: 8.5pt/1.3 system-ui, sans-serif; color: #000; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 4pt; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
p, li { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 0.5pt solid #777; padding: 2pt 3pt; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th.id { width: 20%; } th.text { width: 40%; } th.refs { width: 31%; } th.mark { width: 9%; }
td.id, td.mark { font-size: 7.5pt; }
td.text { white-space: pre-line; }
td.refs { white-space: pre-line; font-size: 7.5pt; }
.declare th { width: 35%; }
code { font-size: 7.5pt; word-break: break-all; }
.declare td { height: 14pt; }
"""

_INTRO = """<p>Mark every row: <b>Agree</b> (it is right as shown), <b>Change</b> (say what to
change) or <b>Comment</b>. Rows are ordered by risk: the warning-sign screen first. Figures,
sources and the clinical judgements behind a row are beside it; a passage marked NOT YET READ
needs you to read the source and agree that it says this. Enter your marks in the CSV pack
(<code>python -m decision_aid review --format csv</code>); <code>review --import</code> turns each
Agree into a sign-off bound to the content hash below, and refuses rows whose content has
changed since this pack was made.</p>"""


def to_html(pack: Pack) -> str:
    """The pack as one self-contained, printable HTML page: no scripts, nothing fetched."""
    p = pack.pathway
    head = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        f"<title>Reviewer pack: {escape(p.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Reviewer pack: {escape(p.title)}</h1>",
        f"<p>Version {escape(p.version)}. Content hash (SHA-256) of the pathway with everything "
        f"it includes: <code>{pack.file_sha256['pathway']}</code>"
        + (f"; of the shared warning-sign screen: <code>{pack.file_sha256['screen']}</code>"
           if "screen" in pack.file_sha256 else "") + f". {len(pack.blocks)} rows.</p>",
        _INTRO, _declaration(),
    ]
    body = []
    current = ""
    for n, b in enumerate(pack.blocks, 1):
        section = "Warning-sign screen" if b.risk == "screen" else _SECTIONS[b.risk]
        if section != current:
            if current:
                body.append("</tbody></table>")
            body += [f"<h2>{escape(section)}</h2>", _TABLE_HEAD]
            current = section
        body.append(_html_row(n, b))
    body.append("</tbody></table></body></html>")
    return "\n".join(head + body) + "\n"


_SECTIONS = {
    "screen": "Warning-sign screen", "safety": "This topic's own warning signs and checks",
    "claims": "Benefits, harms, figures and how sure we are", "choices": "Options, stages and "
    "comparisons", "questions": "Steps and questions", "asks": "Questions to ask and scores",
    "about": "About this guide and source notes",
}

_TABLE_HEAD = ("<table><thead><tr><th class=\"id\">Row, block, where</th>"
               "<th class=\"text\">Text as shown</th><th class=\"refs\">Figures, sources, "
               "judgements</th><th class=\"mark\">Your mark</th></tr></thead><tbody>")


def _html_row(n: int, b: Block) -> str:
    e = escape
    grade = "" if b.grade is None else f"<br>grade {b.grade:.1f}"
    refs = b.figures + ("\n" if b.figures and b.judgement else "") + (
        f"Judgement: {b.judgement}" if b.judgement else "")
    items = "".join(f"<br>signs {e(i.key)}" for i in b.items)
    return (
        f"<tr><td class=\"id\"><b>{n}</b> <code>{e(b.id)}</code><br>{e(b.where)}{grade}"
        f"<br><code>{b.sha256[:12]}</code>{items}</td>"
        f"<td class=\"text\">{e(b.text)}</td><td class=\"refs\">{e(refs)}</td>"
        "<td class=\"mark\">&#9744; Agree<br>&#9744; Change<br>&#9744; Comment</td></tr>"
    )


def _declaration() -> str:
    fields = ("Name", "Role", "Registration or credentials", "Organisation",
              "Declared interests (money, roles, ties to makers; 'None' if none)", "Date")
    rows_ = "".join(f"<tr><th>{f}</th><td></td></tr>" for f in fields)
    return f"<h2>Reviewer</h2><table class=\"declare\"><tbody>{rows_}</tbody></table>"


def _cells(p: Pathway, cells: Mapping[str, CompareCell]) -> list[str]:
    """Each option's cell as people read it (``compare.cell``), with its sources."""
    shown = [(o, compare.cell(p, c, p.options_by_id[o])) for o, c in cells.items()]
    return [f"{o}: {c.text} [{', '.join(c.sources)}]" for o, c in shown]
