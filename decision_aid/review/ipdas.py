"""The IPDAS record in ``docs/ipdas.md``: read its criteria and check what they cite.

Each criterion is a table row ``| Q1 | criterion | met | where |`` under a heading that names
its tier (qualifying, certification or quality). The "where" cell cites places in backticks:
``pathways/x.yaml: options[scs].figures`` (a key path, list items by id or index),
``decision_aid/rules/lint.py::lint_balance`` (a function or class) or a plain file path. A key path
may start with ``questions[id]``: the question with that id on whichever step asks it, so a
citation survives moving a question to another step. A test checks every citation, so the
record cannot silently go stale.

Some criteria are also checked in every place they apply (:data:`CHECKS`: the cards, the grid
and trade-offs, the quiz, the pictures, and the Markdown and PDF summaries); :func:`scored`
rates them from those checks, so the counts cannot claim what the aid does not show.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import yaml

from decision_aid import compare, figures
from decision_aid.answers import Answer
from decision_aid.errors import format_path
from decision_aid.formats import summary
from decision_aid.formats.pdf import pdf_lines
from decision_aid.model import Figure, Pathway
from decision_aid.plan import plan
from decision_aid.rules import figure_lint, lint

Tier = Literal["qualifying", "certification", "quality"]
Rating = Literal["met", "partly", "not met", "not applicable"]

TIERS: tuple[Tier, ...] = ("qualifying", "certification", "quality")
_ROW = re.compile(
    r"^\|\s*([A-Z]?\d+)\s*\|(.*)\|\s*(met|partly|not met|not applicable)\s*\|(.*)\|\s*$"
)
_CITE = re.compile(r"`([^`]+)`")
_STEP = re.compile(r"([A-Za-z_]+)(?:\[([^\]]+)\])?")


@dataclasses.dataclass(frozen=True)
class Criterion:
    """One IPDAS criterion as recorded: its tier, number, wording, rating and citations."""

    tier: Tier
    number: str
    text: str
    rating: Rating
    cites: tuple[str, ...]


def read_record(path: Path) -> list[Criterion]:
    """Every criterion row in the record at ``path``, in order.

    Args:
        path: ``docs/ipdas.md``.

    Returns:
        The criteria; rows outside a tier's section are ignored.
    """
    tier: Tier | None = None
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            tier = next((t for t in TIERS if t in line.lower()), None)
            continue
        m = _ROW.match(line)
        if m and tier is not None:
            number, text, rating, where = m.groups()
            cites = tuple(_CITE.findall(where))
            found.append(Criterion(tier, number, text.strip(), rating, cites))  # type: ignore[arg-type]
    return found


def counts(criteria: list[Criterion]) -> dict[Tier, tuple[int, int]]:
    """``{tier: (met, applicable)}``; criteria rated 'not applicable' are left out."""
    result: dict[Tier, tuple[int, int]] = {}
    for tier in TIERS:
        rows = [c for c in criteria if c.tier == tier and c.rating != "not applicable"]
        result[tier] = (sum(c.rating == "met" for c in rows), len(rows))
    return result


def missing(cite: str, root: Path) -> str | None:
    """Why a citation does not resolve under ``root``, or ``None`` when it does.

    Args:
        cite: e.g. ``pathways/tens.yaml: options[tens_home].living_with``.
        root: The repository folder.

    Returns:
        A short reason, or ``None``.
    """
    if "::" in cite:
        file, name = cite.split("::", 1)
        text = _read(root / file)
        if text is None:
            return f"{file} does not exist"
        pattern = rf"^\s*(?:def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*[:=]"
        return None if re.search(pattern, text, re.MULTILINE) else f"{name} not in {file}"
    file, _, key = cite.partition(":")
    text = _read(root / file.strip())
    if text is None:
        return f"{file.strip()} does not exist"
    if not key.strip():
        return None
    return _key_missing(_parsed(text), key.strip())


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


@functools.lru_cache(maxsize=16)
def _parsed(text: str) -> Any:
    """The YAML ``text``, parsed once: the record cites one pathway file dozens of times."""
    return yaml.safe_load(text)


def _key_missing(data: Any, key: str) -> str | None:
    node = data
    parts = key.split(".")
    first = _STEP.fullmatch(parts[0])
    if first and first.group(1) == "questions" and first.group(2) and not _has(data, "questions"):
        node = _question(data, first.group(2))
        if node is None:
            return f"no question {first.group(2)!r} on any step"
        parts = parts[1:]
    for part in parts:
        m = _STEP.fullmatch(part)
        if m is None or not isinstance(node, dict) or m.group(1) not in node:
            return f"no {part!r} in {key}"
        node = node[m.group(1)]
        if m.group(2) is not None:
            node = _item(node, m.group(2))
            if node is None:
                return f"no item {m.group(2)!r} in {key}"
    return None


def _has(data: Any, key: str) -> bool:
    return isinstance(data, dict) and key in data


def _question(data: Any, qid: str) -> Any:
    """The question ``qid`` on whichever step of the pathway ``data`` asks it."""
    steps = data.get("steps") if isinstance(data, dict) else None
    for step in steps if isinstance(steps, list) else []:
        found = _item(step.get("questions") if isinstance(step, dict) else None, qid)
        if found is not None:
            return found
    return None


def _item(items: Any, selector: str) -> Any:
    if not isinstance(items, list):
        return None
    if selector.isdigit():
        return items[int(selector)] if int(selector) < len(items) else None
    return next((i for i in items if isinstance(i, dict) and selector in _names(i)), None)


def _names(item: dict[str, Any]) -> set[str]:
    return {str(item[k]) for k in ("id", "tier", "name") if k in item}


# --- Scored from the aid, not from the record -----------------------------------------------------

PLACES = ("cards", "grid", "quiz", "pictures", "summary", "PDF")
"""Every place a patient reads a figure; a checked criterion must hold in each."""


@dataclasses.dataclass(frozen=True)
class Shown:
    """One figure as one place shows it: the text a patient reads there."""

    place: str
    option: str
    figure: Figure | None  # None: a number in a summary that is no figure of the option
    text: str


def shown(pathway: Pathway) -> list[Shown]:
    """Every figure with a number, as each place of the aid shows it (cards, grid and
    trade-off cells, quiz answers, pictures, and the Markdown and PDF summaries)."""
    found = [
        Shown("cards", o.id, f, figures.card_text(f, o.certainty))
        for o in pathway.options
        for f in o.figures
        if f.n is not None
    ]
    for place, option_id, figure_ids, text in _referring(pathway):
        found += [Shown(place, option_id, figures.by_id(pathway, i), text) for i in figure_ids]
    for pic in pathway.compare.pictures if pathway.compare is not None else []:
        text = " ".join(figures.picture_sentences(pathway, pic))
        found.append(Shown("pictures", pic.option, figures.picture_figure(pathway, pic), text))
    return found + _in_summaries(pathway, found)


def _referring(pathway: Pathway) -> Iterator[tuple[str, str, list[str], str]]:
    if pathway.compare is not None:
        tables = [r.cells for r in pathway.compare.rows] + [
            t.cells for t in pathway.compare.tradeoffs
        ]
        for cells in tables:
            for oid, cell in cells.items():
                shown_as = compare.cell(pathway, cell, pathway.options_by_id[oid]).text
                yield "grid", oid, cell.figures, shown_as
    for item in pathway.quiz:
        yield "quiz", item.option, item.figures, figures.with_figures(
            pathway, item.feedback, item.figures, item.statements
        )


def _in_summaries(pathway: Pathway, on_screen: list[Shown]) -> list[Shown]:
    """What the Markdown and PDF summaries print of each figure the grid, trade-offs or
    pictures show (one plan per option, shortlisted beside carrying on, leaning on every
    trade-off): the figure's rendering when the summary holds it word for word, else ''. Any
    other 'N in 100' a summary prints is shown with no figure."""
    found = []
    for oid in _compared_options(pathway):
        p = plan(pathway, {**_leaning_everywhere(pathway), _shortlist(pathway): [oid]})
        mine = [s for s in on_screen if s.option == oid and s.place in ("grid", "pictures")]
        for place, text in (("summary", summary.to_markdown(p)), ("PDF", "\n".join(pdf_lines(p)))):
            plain = _plain(text)
            blocks = {_rendering(pathway, s): s for s in mine}
            found += [
                Shown(place, oid, s.figure, block if block in plain else "")
                for block, s in blocks.items()
            ]
            found += [
                Shown(place, oid, None, plain[max(0, m.start() - 60) : m.end() + 60])
                for m in _NUMBER.finditer(plain)
                if not any(_within(m.start(), block, plain) for block in blocks)
            ]
    return found


def _rendering(pathway: Pathway, s: Shown) -> str:
    """How the grid (or a picture) renders a shown figure: the text a summary must repeat."""
    assert s.figure is not None and pathway.compare is not None
    if s.place == "pictures":
        pic = next(p for p in pathway.compare.pictures if p.figure == s.figure.id)
        return "\n".join(figures.picture_sentences(pathway, pic))
    return figures.figure_text(s.figure)


_NUMBER = re.compile(r"\b\d+(?: to \d+)? in 100\b")


def _plain(text: str) -> str:
    """A summary as plain text: Markdown escapes and list and bullet marks taken away."""
    lines = text.replace("\\", "").splitlines()
    return "\n".join(re.sub(r"^(?:- |• [^:]+: )", "", line) for line in lines)


def _within(at: int, block: str, text: str) -> bool:
    start = text.find(block)
    while start != -1:
        if start <= at < start + len(block):
            return True
        start = text.find(block, start + 1)
    return False


def _compared_options(pathway: Pathway) -> list[str]:
    if pathway.compare is None:
        return []
    return [o.id for o in pathway.options if o.id != pathway.compare.current]


def _shortlist(pathway: Pathway) -> str:
    assert pathway.compare is not None
    return pathway.compare.shortlist_question


def _leaning_everywhere(pathway: Pathway) -> dict[str, Answer]:
    trades = pathway.compare.tradeoffs if pathway.compare is not None else []
    return {
        t.question: next(
            c.id for c in pathway.choices(pathway.questions[t.question]) if c.id != t.neutral
        )
        for t in trades
    }


def check_reference_class(pathways: list[Pathway]) -> list[str]:
    """Quality 5: every place that shows a number says who it is about (the population)."""
    return [
        f"{p.id}: {s.place}, {s.option}: "
        + (
            f"a number without its population {s.figure.population!r}: {s.text!r}"
            if s.figure is not None
            else f"a number that is no figure of the option: {s.text!r}"
        )
        for p in pathways
        for s in shown(p)
        if s.figure is None or _squash(s.figure.population) not in _squash(s.text)
    ]


def check_uncertainty(pathways: list[Pathway]) -> list[str]:
    """Certification 5: every place that shows a figure with a range shows the range."""
    return [
        f"{p.id}: {s.place}, {s.option}: {figures.how_many(s.figure)!r} shown without its range"
        for p in pathways
        for s in shown(p)
        if s.figure is not None and s.figure.n_high is not None and _range(s.figure) not in s.text
    ]


def check_equal_detail(pathways: list[Pathway]) -> list[str]:
    """Certification 1: no benefit picture without a harm picture (cards and comparison, which
    the summary and PDF repeat), and no number typed outside a figure anywhere."""
    problems = []
    for p in pathways:
        issues = figure_lint.picture_issues(p)
        issues += figure_lint.typed_number_issues(lint.keyed_blocks(p))
        problems += [f"{p.id}: {format_path(i.path)}: {i.message}" for i in issues]
    return problems


def check_event_rates(pathways: list[Pathway]) -> list[str]:
    """Quality 6: every number shown is a whole number out of 100, in every place."""
    return [
        f"{p.id}: {s.place}, {s.option}: {s.figure.n or 0:g} in {s.figure.denominator}"
        for p in pathways
        for s in shown(p)
        if s.figure is not None
        and (
            s.figure.denominator != 100
            or any(not float(v).is_integer() for v in (s.figure.n or 0, s.figure.n_high or 0))
        )
    ]


CHECKS: dict[str, Callable[[list[Pathway]], list[str]]] = {
    "C1": check_equal_detail,
    "C5": check_uncertainty,
    "5": check_reference_class,
    "6": check_event_rates,
}
"""Criteria whose evidence is checked in every place it applies; 'met' only when it holds."""


def _range(f: Figure) -> str:
    return f"{f.n:g} to {f.n_high:g}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def scored(criteria: list[Criterion], pathways: list[Pathway]) -> list[Criterion]:
    """The record with each checked criterion rated from its check: a 'met' whose check finds
    a problem anywhere counts as 'partly'. Counts taken from this cannot over-claim."""
    result = []
    for c in criteria:
        check = CHECKS.get(c.number)
        if check is not None and c.rating == "met" and check(pathways):
            c = dataclasses.replace(c, rating="partly")
        result.append(c)
    return result


def problems(pathways: list[Pathway]) -> dict[str, list[str]]:
    """Every checked criterion's problems, by criterion number (empty lists when it holds)."""
    return {number: check(pathways) for number, check in CHECKS.items()}
