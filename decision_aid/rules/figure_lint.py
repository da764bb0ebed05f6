"""Rules for figures and pictures: one place for every number, pictures balanced everywhere.

``check_figure_references`` runs at load (a grid cell, quiz answer or picture naming a figure
that is not there cannot be drawn). The lints run at ``validate``: a number typed outside a
figure in any patient-facing text, and a benefit picture without a harm picture for the same
option, on the cards and on the comparison (whose pictures the summary and the PDF repeat).
Each returns :class:`~decision_aid.errors.Issue` objects located by key path, so the command
line names file, line and column. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from decision_aid.errors import Issue, Path, unknown_id
from decision_aid.model import CompareCell, Figure, FigureKind, Option, Pathway

TYPED_NUMBERS: tuple[tuple[str, str], ...] = (
    (r"\b\d+(?:\.\d+)?(?: to \d+(?:\.\d+)?)? in (?:every )?100\b", "an 'N in 100'"),
    (r"\b(?:one|a|\d+) in (?:every )?(?!100\b)\d+\b", "a '1 in N'"),
    (r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)", "a percentage"),
)
"""How often something happens, typed as a number: allowed only inside a figure."""

_TYPED = tuple((re.compile(p, re.IGNORECASE), what) for p, what in TYPED_NUMBERS)

KeyPath = tuple[str | int, ...]


# --- At load ------------------------------------------------------------------------------------


def check_figure_references(pathway: Pathway) -> list[Issue]:
    """Figure ids are unique, and every figure a cell, quiz answer or picture names exists
    and belongs to that place's option; a picture's figure can be drawn; every statement a
    card, cell or quiz answer names exists."""
    issues = list(_duplicate_ids(pathway))
    known = list(pathway.statements_by_id)
    issues += [
        Issue(path, unknown_id(sid, "statement", known))
        for path, sid in _statement_references(pathway)
        if sid not in pathway.statements_by_id
    ]
    issues += list(_card_part_issues(pathway))
    for path, option_id, figure_id in _references(pathway):
        issues += _reference_issues(pathway, path, option_id, figure_id)
    if pathway.compare is not None:
        for i, pic in enumerate(pathway.compare.pictures):
            found = pathway.figures_by_id.get(pic.figure)
            if found is not None and found[0].id == pic.option:
                issues += [
                    Issue(("compare", "pictures", i, "figure"), m) for m in _unpicturable(found[1])
                ]
    return issues


def _duplicate_ids(pathway: Pathway) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, o in enumerate(pathway.options):
        for j, f in enumerate(o.figures):
            if f.id is not None and f.id in seen:
                message = f"figure id {f.id!r} is used twice. Give each figure its own id."
                yield Issue(("options", i, "figures", j, "id"), message)
            seen.add(f.id or "")


def _references(pathway: Pathway) -> Iterator[tuple[Path, str, str]]:
    """Every figure reference as (key path, the option it must belong to, figure id)."""
    for here, oid, cell in cells(pathway):
        yield from (((*here, "figures", k), oid, fid) for k, fid in enumerate(cell.figures))
    if pathway.compare is not None:
        for i, pic in enumerate(pathway.compare.pictures):
            yield ("compare", "pictures", i, "figure"), pic.option, pic.figure
    for i, item in enumerate(pathway.quiz):
        for k, fid in enumerate(item.figures):
            yield ("quiz", i, "figures", k), item.option, fid


def cells(pathway: Pathway) -> Iterator[tuple[Path, str, CompareCell]]:
    """Every grid and trade-off cell with its key path and option id."""
    if pathway.compare is None:
        return
    tables = [(("compare", "rows", r), row.cells) for r, row in enumerate(pathway.compare.rows)]
    tables += [
        (("compare", "tradeoffs", t), trade.cells)
        for t, trade in enumerate(pathway.compare.tradeoffs)
    ]
    for here, table in tables:
        for oid, cell in table.items():
            yield (*here, "cells", oid), oid, cell


def _card_part_issues(pathway: Pathway) -> Iterator[Issue]:
    """A cell that repeats a benefit or harm its option's card does not have."""
    for here, oid, cell in cells(pathway):
        option = pathway.options_by_id.get(oid)
        for k, part in enumerate(cell.card):
            name, _, index = part.partition("[")
            have = len(getattr(option, name)) if option is not None and index else None
            if have is not None and int(index.rstrip("]")) >= have:
                yield Issue(
                    (*here, "card", k),
                    f"option {oid!r} has {have} {name}; {part!r} is not one of them.",
                )


def _statement_references(pathway: Pathway) -> Iterator[tuple[Path, str]]:
    for i, o in enumerate(pathway.options):
        yield from ((("options", i, "statements", k), s) for k, s in enumerate(o.statements))
    for i, item in enumerate(pathway.quiz):
        yield from ((("quiz", i, "statements", k), s) for k, s in enumerate(item.statements))
    for here, _, cell in cells(pathway):
        yield from (((*here, "statements", k), sid) for k, sid in enumerate(cell.statements))


def _reference_issues(pathway: Pathway, path: Path, option_id: str, figure_id: str) -> list[Issue]:
    found = pathway.figures_by_id.get(figure_id)
    if found is None:
        return [Issue(path, unknown_id(figure_id, "figure", list(pathway.figures_by_id)))]
    if found[0].id != option_id:
        return [
            Issue(
                path,
                f"figure {figure_id!r} belongs to option {found[0].id!r}, not {option_id!r}. "
                "Name a figure of this option, or add one to it.",
            )
        ]
    return []


def _unpicturable(f: Figure) -> Iterator[str]:
    if f.n is None:
        yield f"figure {f.id!r} has no number to draw. Give it in words instead."
    if f.kind not in ("benefit", "harm"):
        yield f"figure {f.id!r} is neither a benefit nor a harm; pictures show only those."
    if f.denominator != 100:
        yield f"figure {f.id!r} is out of {f.denominator}; pictures show 100 icons."
    if not f.picture:
        yield f"figure {f.id!r} says picture: false (words only). Remove the picture."


# --- At validate --------------------------------------------------------------------------------


def typed_number_issues(blocks: Sequence[tuple[KeyPath, str]]) -> list[Issue]:
    """'N in 100', '1 in N' and percentages typed in patient-facing text outside a figure.

    Args:
        blocks: Every patient-facing ``(key path, text)`` pair, as from ``lint.keyed_blocks``.

    Returns:
        One issue per number found, located at its text.
    """
    return [
        Issue(
            path,
            f"{m.group(0)!r} is {what} typed outside a figure. Add it to the option's figures "
            "(with its population, time frame and sources) and name the figure by id here.",
        )
        for path, text in blocks
        if not in_figure(path)
        for pattern, what in _TYPED
        for m in pattern.finditer(text)
    ]


def in_figure(path: KeyPath) -> bool:
    """Whether a key path is inside one of an option's figures (the one place numbers live)."""
    return any(a == "figures" and isinstance(b, int) for a, b in zip(path, path[1:], strict=False))


def picture_issues(pathway: Pathway) -> list[Issue]:
    """Benefit pictures without a harm picture for the same option: on the option cards, and
    on the comparison (whose pictures the summary and PDF repeat as sentences).

    Args:
        pathway: A pathway that passed the checks.

    Returns:
        One issue per option and place.
    """
    issues = []
    for i, o in enumerate(pathway.options):
        if _unbalanced({f.kind for f in card_pictures(o)}):
            issues.append(Issue(("options", i, "figures"), _unbalanced_message(o.id, "card")))
    if pathway.compare is not None:
        pics = pathway.compare.pictures
        for o in pathway.options:
            mine = [k for k, p in enumerate(pics) if p.option == o.id]
            kinds = {pathway.figures_by_id[pics[k].figure][1].kind for k in mine}
            if mine and _unbalanced(kinds):
                path = ("compare", "pictures", mine[0])
                issues.append(Issue(path, _unbalanced_message(o.id, "comparison")))
    return issues


def card_pictures(o: Option) -> list[Figure]:
    """The figures an option card draws as icon arrays."""
    return [f for f in o.figures if f.n is not None and f.picture and f.denominator == 100]


def _unbalanced(kinds: set[FigureKind | None]) -> bool:
    return "benefit" in kinds and "harm" not in kinds


def _unbalanced_message(option_id: str, place: str) -> str:
    return (
        f"option {option_id!r} shows a benefit as a picture on the {place} but no harm as a "
        "picture. Add a harm picture from its figures, or give the benefit in words "
        "(picture: false)."
    )


def comparison_issues(pathway: Pathway) -> list[Issue]:
    """A figure's comparison group must be a whole number too, as its picture shows it."""
    return [
        Issue(
            ("options", i, "figures", j, "comparison", "n"),
            f"n {f.comparison.n:g} is not a whole number. Round it ('about "
            f"{round(f.comparison.n)}').",
        )
        for i, o in enumerate(pathway.options)
        for j, f in enumerate(o.figures)
        if f.comparison is not None and not float(f.comparison.n).is_integer()
    ]


def retyped_statement_issues(
    pathway: Pathway, blocks: Sequence[tuple[KeyPath, str]]
) -> list[Issue]:
    """A statement's sentence typed again in another patient-facing text: name the statement.

    Args:
        pathway: A pathway that passed the checks.
        blocks: Every patient-facing ``(key path, text)`` pair.

    Returns:
        One issue per sentence typed again.
    """
    said = {
        _squash(sentence): s.id
        for s in pathway.statements
        for sentence in re.split(r"(?<=[.?!])\s+", s.text)
        if len(sentence.split()) >= MIN_STATEMENT_WORDS
    }
    return [
        Issue(
            path,
            f"{sentence.strip()!r} is statement {said[_squash(sentence)]!r}, typed again. Name it "
            f"instead (statements: [{said[_squash(sentence)]}]), so it is written once.",
        )
        for path, text in blocks
        if path[0] != "statements"
        for sentence in re.split(r"(?<=[.?!])\s+", text)
        if _squash(sentence) in said
    ]


def retyped_card_issues(pathway: Pathway) -> list[Issue]:
    """A grid or trade-off cell that types again one of its option's benefits or harms (or a
    whole field of its card): name the card part instead (``card: [harms[0]]``).

    Args:
        pathway: A pathway that passed the checks.

    Returns:
        One issue per sentence typed again, located at the cell's text.
    """
    issues = []
    for here, oid, cell in cells(pathway):
        option = pathway.options_by_id[oid]
        parts = {_squash(t): name for name, t in card_parts(option)}
        for sentence in re.split(r"(?<=[.?!])\s+", cell.text):
            part = parts.get(_squash(sentence))
            if part is not None and len(sentence.split()) >= MIN_CARD_WORDS:
                message = (
                    f"{sentence.strip()!r} is the card's {part}, typed again. Name it instead "
                    f"(card: [{part}]), so the cell follows the card."
                )
                issues.append(Issue((*here, "text"), message))
    return issues


def card_parts(option: Option) -> Iterator[tuple[str, str]]:
    """The parts of a card a cell may repeat, by name (``harms[0]``, ``costs``)."""
    for name in ("what_it_is", "involves", "living_with", "evidence_note", "costs"):
        yield name, str(getattr(option, name))
    yield from ((f"benefits[{i}]", b) for i, b in enumerate(option.benefits))
    yield from ((f"harms[{i}]", h) for i, h in enumerate(option.harms))


MIN_CARD_WORDS = 4
"""A card part this short ('No new costs.') may be said again in a cell without naming it."""

MIN_STATEMENT_WORDS = 6
"""Shorter sentences ('No operation.') may repeat; a longer one said twice is one fact twice."""


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- Positions worded once ----------------------------------------------------------------------

POSITIONS: tuple[tuple[str, str, str], ...] = (
    (
        r"\b(?:NICE|guidelines?)\b[^.]*\b(?:advise|against|routine|recommend|offer|support)",
        r"\bdo not offer\b",
        "NICE's words for TENS are 'do not offer' (NG59, NG193), as on the TENS cards: 'NICE "
        "says do not offer TENS for low back pain, or for long-term pain with no clear cause.'",
    ),
    (
        r"\b(?:relief|less pain|pain relief)\b[^.]*\bfor years\b",
        r"$^",
        "stimulator trials run 2 to 3 years and many devices are removed by 10 years "
        "(judgement lasting_benefit): say 'for 2 to 3 years in trials', as on the card",
    ),
)
"""Sentences that restate a guideline position or a judged claim: (what the sentence says,
the words it must use, why). A sentence that says the first without the second fails; the
first is about TENS only where the text or its place names TENS."""

_POSITIONS = tuple((re.compile(a, re.I), re.compile(b, re.I), why) for a, b, why in POSITIONS)


def position_issues(blocks: Sequence[tuple[KeyPath, str]]) -> list[Issue]:
    """Guideline positions and judged claims worded otherwise than the cards word them.

    Quiz statements are left out: half of them are false on purpose.

    Args:
        blocks: Every patient-facing ``(key path, text)`` pair.

    Returns:
        One issue per sentence.
    """
    return [
        Issue(path, f"{sentence.strip()!r}: {why}.")
        for path, text in blocks
        if path[-1] != "statement"
        for sentence in re.split(r"(?<=[.?!])\s+", text)
        for says, words, why in _POSITIONS
        if says.search(sentence) and not words.search(sentence)
        and (why.startswith("stimulator") or _about_tens(path, text))
    ]


def _about_tens(path: KeyPath, text: str) -> bool:
    return bool(re.search(r"\bTENS\b", text)) or any(
        isinstance(p, str) and p.startswith("tens") for p in path
    )
