"""Figures, rendered once: every number a patient reads, with who, when, how many and who paid.

The option cards, the comparison grid, the trade-offs, the quiz answers, the pictures and the
summary all draw a figure through these functions, so its population, time frame, range and
funding travel with the number everywhere it is shown. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from decision_aid.model import Figure, Option, Pathway, Picture

CERTAINTY_WORDS = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very_low": "very low certainty",
    "no_reliable_numbers": "no reliable numbers",
}
"""How sure the research is, in words: on cards, figures, the grid and the summary."""

CERTAINTY_MEANING = {
    "high": "high, unlikely to change",
    "moderate": "moderate, may change",
    "low": "low, could well change",
    "very_low": "very low, little is known",
    "no_reliable_numbers": "no reliable numbers",
}
"""How sure the research is, with what that means, in words a patient knows."""
SURE_LABEL = "How sure the research is"
"""Said beside :data:`CERTAINTY_MEANING` ("How sure the research is: low, could well change")."""

PICTURE_SIZE = 100
"""Every picture shows 100 icons per group: one denominator for both."""

COUNTED = {"people": "people", "trials": "trials", "devices": "devices", "mixed": ""}
"""The word after 'N in 100': what the figure's source counts (``Figure.unit``); none when
the studies pooled counted people and problems alike."""

WHO = {"people": "Who", "trials": "Counted", "devices": "Counted", "mixed": "Who"}
"""The label of the population sentence: who the number is about, or what was counted."""


def whole(n: float) -> int:
    """``n`` in 100 as a whole number, as both a picture and its sentence show it."""
    return max(0, min(PICTURE_SIZE, round(n)))


def how_many(f: Figure) -> str:
    """'15 to 27 in 100' (a range) or '31 in 100'; '' when no reliable number exists."""
    if f.n is None:
        return ""
    many = f"{f.n:g}" if f.n_high is None else f"{f.n:g} to {f.n_high:g}"
    return f"{many} in {f.denominator}"


def figure_text(f: Figure, bold: bool = False) -> str:
    """A figure as short sentences: how many did what, the other group, who, when, who paid.

    Args:
        f: A figure of an option.
        bold: Mark the number as Markdown bold (on the option cards).

    Returns:
        E.g. 'About 15 to 27 in 100 people had a complication. Who: adults with back or leg
        pain in 32 studies. When: during the studies.'; for a figure without a number, 'No
        reliable numbers on how many ...'.
    """
    if f.n is None:  # who and when matter only beside a number; the evidence note says whom
        return f"No reliable numbers on how many {f.event}."
    many = f"**{how_many(f)}**" if bold else how_many(f)
    parts = [" ".join(w for w in ("About", many, COUNTED[f.unit], f"{f.event}.") if w)]
    if f.comparison is not None:
        other = f"{f.comparison.n:g} in {f.denominator}"
        parts.append(f"{_capital(f.comparison.label)}: about {other}.")
    return " ".join([*parts, *context(f)])


def context(f: Figure) -> list[str]:
    """Who the number is about (or what was counted), when, and who paid where a maker did."""
    lines = [f"{WHO[f.unit]}: {f.population}.", f"When: {f.time_frame}."]
    return lines + ([f.funding] if f.funding else [])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def card_text(f: Figure, card_certainty: str | None = None) -> str:
    """A figure on its option card: the number in bold, and how sure the research is (said
    once: "No reliable numbers on how many ..." already says it for a figure without one, and
    the card's own line says it for a figure as sure as the option, ``card_certainty``)."""
    text = figure_text(f, bold=True)
    if f.n is None and f.certainty == "no_reliable_numbers" or f.certainty == card_certainty:
        return text
    return f"{text} {SURE_LABEL}: {CERTAINTY_MEANING[f.certainty]}."


def by_id(pathway: Pathway, figure_id: str) -> Figure:
    """The figure with ``figure_id`` (the checks make sure it exists)."""
    return pathway.figures_by_id[figure_id][1]


def with_figures(
    pathway: Pathway,
    text: str,
    figure_ids: Sequence[str],
    statement_ids: Sequence[str] = (),
) -> str:
    """``text``, then each named statement, then each named figure as sentences: a grid
    cell, a quiz answer or a card's evidence note."""
    said = [
        text.strip(),
        *(pathway.statements_by_id[i].text for i in statement_ids),
        *(figure_text(by_id(pathway, i)) for i in figure_ids),
    ]
    return " ".join(s for s in said if s)


def card_part(option: Option, part: str) -> str:
    """One part of an option's card, e.g. ``harms[0]`` or ``costs`` (the checks make sure
    it exists)."""
    name, _, index = part.partition("[")
    value = getattr(option, name)
    return str(value[int(index.rstrip("]"))] if index else value)


def figure_sources(
    pathway: Pathway, figure_ids: Sequence[str], statement_ids: Sequence[str] = ()
) -> list[str]:
    """The sources of the named statements and figures, in order, once each."""
    said = [pathway.statements_by_id[i].sources for i in statement_ids]
    said += [by_id(pathway, i).sources for i in figure_ids]
    return list(dict.fromkeys(s for sources in said for s in sources))


# --- Pictures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arm:
    """One group of a picture: who, and how many of 100 icons are filled (up to ``high``)."""

    label: str
    count: int
    high: int


def picture_figure(pathway: Pathway, pic: Picture) -> Figure:
    """The figure a picture draws."""
    return by_id(pathway, pic.figure)


def picture_arms(pathway: Pathway, pic: Picture) -> list[Arm]:
    """The groups of a picture: the figure's own, then its comparison when it has one."""
    f = picture_figure(pathway, pic)
    low = whole(f.n or 0)
    arms = [Arm(pic.label, low, low if f.n_high is None else whole(f.n_high))]
    if f.comparison is not None:
        other = whole(f.comparison.n)
        arms.append(Arm(_capital(f.comparison.label), other, other))
    return arms


def picture_sentences(pathway: Pathway, pic: Picture) -> list[str]:
    """One sentence per group, with the whole numbers the picture fills, then the figure's
    own who, when and who paid (:func:`context`), as everywhere else it is shown. What was
    counted is said for the first group; the others give their number only, as a figure's
    comparison does in its text ("With usual care alone: about 7 in 100.")."""
    f = picture_figure(pathway, pic)
    counted = f"{COUNTED[f.unit]} " if COUNTED[f.unit] else ""
    first, *others = picture_arms(pathway, pic)
    lines = [
        f"{first.label}: about {_count(first)} in {PICTURE_SIZE} {counted}{f.event}.",
        *(f"{arm.label}: about {_count(arm)} in {PICTURE_SIZE}." for arm in others),
    ]
    return [*lines, " ".join(context(f))]


def _count(arm: Arm) -> str:
    return f"{arm.count}" if arm.high == arm.count else f"{arm.count} to {arm.high}"
