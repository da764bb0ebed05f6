"""Figures, rendered once: every number a patient reads, with who, when, how many and who paid.

The option cards, the comparison grid, the trade-offs, the quiz answers, the pictures and the
summary all draw a figure through these functions, so its population, time frame, range and
funding travel with the number everywhere it is shown. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from decision_aid.model import Figure, Pathway, Picture

CERTAINTY_WORDS = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very_low": "very low certainty",
    "no_reliable_numbers": "no reliable numbers",
}
"""How sure the research is, in words: on cards, figures, the grid and the summary."""

PICTURE_SIZE = 100
"""Every picture shows 100 icons per group: one denominator for both."""


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
    """A figure as sentences: about how many, who, what, over what time, and who paid.

    Args:
        f: A figure of an option.
        bold: Mark the number as Markdown bold (on the option cards).

    Returns:
        E.g. 'About 15 to 27 in 100 adults with back or leg pain in 32 studies had a
        complication during the studies.'; for a figure without a number, 'No reliable
        numbers on how many ...'.
    """
    if f.n is None:  # who and when matter only beside a number; the evidence note says whom
        return f"No reliable numbers on how many {f.event}."
    many = f"**{how_many(f)}**" if bold else how_many(f)
    # One sentence holds both groups, so the comparison never loses its population.
    against = ""
    if f.comparison is not None:
        against = f", against about {f.comparison.n:g} in {f.denominator} {f.comparison.label}"
    parts = [f"About {many} {f.population} {f.event} {f.time_frame}{against}."]
    if f.funding:
        parts.append(f.funding)
    return " ".join(parts)


def card_text(f: Figure) -> str:
    """A figure on its option card: the number in bold, and how sure the research is."""
    return f"{figure_text(f, bold=True)} Evidence: {CERTAINTY_WORDS[f.certainty]}."


def by_id(pathway: Pathway, figure_id: str) -> Figure:
    """The figure with ``figure_id`` (the checks make sure it exists)."""
    return pathway.figures_by_id[figure_id][1]


def with_figures(pathway: Pathway, text: str, figure_ids: Sequence[str]) -> str:
    """``text`` followed by each named figure as sentences: a grid cell or a quiz answer."""
    said = [text.strip(), *(figure_text(by_id(pathway, i)) for i in figure_ids)]
    return " ".join(s for s in said if s)


def figure_sources(pathway: Pathway, figure_ids: Sequence[str]) -> list[str]:
    """The sources of the named figures, in order, once each."""
    return list(dict.fromkeys(s for i in figure_ids for s in by_id(pathway, i).sources))


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
        label = f.comparison.label
        arms.append(Arm(label[:1].upper() + label[1:], other, other))
    return arms


def picture_sentences(pathway: Pathway, pic: Picture) -> list[str]:
    """One sentence per group, with the whole numbers the picture fills and the figure's
    population and time frame, then who paid when a maker did."""
    f = picture_figure(pathway, pic)
    lines = [
        f"{arm.label}: about {_count(arm)} in {PICTURE_SIZE} {f.population} {f.event} "
        f"{f.time_frame}."
        for arm in picture_arms(pathway, pic)
    ]
    return lines + ([f.funding] if f.funding else [])


def _count(arm: Arm) -> str:
    return f"{arm.count}" if arm.high == arm.count else f"{arm.count} to {arm.high}"
