"""The content report of ``validate --report``: sources, drafting words, figures, reading level.

Pure measurement of a pathway that passed the model; the command line prints it. Goals (issue
12): 100% primary sources, no drafting words in patient text, every figure a whole number or
range with time frame, population and certainty, every long block at or below grade 8 and
their mean at or below 6.
"""

from __future__ import annotations

import dataclasses
import statistics

from decision_aid import figures
from decision_aid.model import Figure, Pathway
from decision_aid.rules import evidence_lint, figure_lint, lint

MAX_MEAN_GRADE = 6.0
"""The highest mean grade of the long blocks (30+ words) the content aims for."""


@dataclasses.dataclass(frozen=True)
class ContentReport:
    """What ``validate --report`` prints for one pathway.

    Attributes:
        sources: Sources the pathway lists.
        primary: How many of them are confirmed and have a DOI or a primary https link.
        complete: How many have a complete citation (authors, title, published in, year,
            DOI or link), built from its parts.
        to_confirm: Ids of sources marked ``confirmed: false`` (never counted as primary).
        drafting: Drafting words in patient-facing text.
        figures: Figures on option cards.
        readable_figures: Figures that are whole numbers or ranges (or say there is no number)
            with a time frame, a population and a certainty.
        grades: Reading grade of each long block (30+ words).
        typed_numbers: Numbers ('N in 100', '1 in N', percentages) typed in patient text
            outside a figure.
        unbalanced_pictures: Benefit pictures without a harm picture for the same option, on
            the cards and on the comparison.
        figure_grades: Reading grade of each figure as rendered on its card (the grid, quiz
            and pictures render it the same way).
    """

    sources: int
    primary: int
    complete: int
    to_confirm: tuple[str, ...]
    drafting: int
    figures: int
    readable_figures: int
    grades: tuple[float, ...]
    typed_numbers: int = 0
    unbalanced_pictures: int = 0
    figure_grades: tuple[float, ...] = ()

    @property
    def max_figure_grade(self) -> float:
        """The hardest figure's grade as people read it (0 when there is none)."""
        return max(self.figure_grades, default=0.0)

    @property
    def max_grade(self) -> float:
        """The hardest long block's grade (0 when there is none)."""
        return max(self.grades, default=0.0)

    @property
    def mean_grade(self) -> float:
        """The mean grade of the long blocks (0 when there is none)."""
        return statistics.fmean(self.grades) if self.grades else 0.0


def measure(pathway: Pathway) -> ContentReport:
    """Measure ``pathway`` against the content goals.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        The counts and grades for the report.
    """
    blocks = lint.keyed_blocks(pathway)
    figure_list = [f for o in pathway.options for f in o.figures]
    return ContentReport(
        sources=len(pathway.sources),
        primary=sum(evidence_lint.is_primary(pathway, s.id) for s in pathway.sources),
        complete=sum(evidence_lint.is_complete(s) for s in pathway.sources),
        to_confirm=tuple(s.id for s in pathway.sources if not s.confirmed),
        drafting=len(evidence_lint.drafting_issues(pathway, blocks)),
        figures=len(figure_list),
        readable_figures=sum(readable(f) for f in figure_list),
        grades=tuple(long_block_grades(pathway)),
        typed_numbers=len(figure_lint.typed_number_issues(blocks)),
        unbalanced_pictures=len(figure_lint.picture_issues(pathway)),
        figure_grades=tuple(
            lint.grade(figures.figure_text(f)) for f in figure_list if f.n is not None
        ),
    )


def readable(f: Figure) -> bool:
    """Whether a figure is a whole number or range (or says there is none), with a time frame,
    a population and a certainty."""
    numbers = [v for v in (f.n, f.n_high) if v is not None]
    whole = all(float(v).is_integer() for v in numbers)
    return whole and bool(f.time_frame and f.population and f.certainty)


def long_block_grades(pathway: Pathway) -> list[float]:
    """The Flesch-Kincaid grade of every patient-facing block of 30 or more words."""
    return [
        lint.grade(text)
        for _, text in lint.keyed_blocks(pathway)
        if lint.word_count(text) >= lint.MIN_WORDS_FOR_GRADE
    ]


def lines(report: ContentReport) -> list[str]:
    """The report as short lines, each a measure and its goal."""
    share = _percent(report.primary, report.sources)
    confirm = ", ".join(report.to_confirm) or "none"
    return [
        f"primary sources {report.primary}/{report.sources} ({share}; goal 100%), "
        f"not yet confirmed: {confirm}",
        f"sources with complete citations (authors, title, published in, year, DOI or link) "
        f"{report.complete}/{report.sources} ({_percent(report.complete, report.sources)}; "
        "goal 100%)",
        f"drafting words in patient text {report.drafting} (goal 0)",
        f"figures whole numbers or ranges with time frame, population and certainty "
        f"{report.readable_figures}/{report.figures} "
        f"({_percent(report.readable_figures, report.figures)}; goal 100%)",
        f"numbers in patient text outside figures {report.typed_numbers} (goal 0)",
        f"benefit pictures without harm pictures {report.unbalanced_pictures} (goal 0)",
        f"figures as people read them (cards, grid, quiz, pictures) {len(report.figure_grades)}: "
        f"highest grade {report.max_figure_grade:.1f} (goal <= {lint.MAX_GRADE:g})",
        f"long blocks {len(report.grades)}: highest grade {report.max_grade:.1f} "
        f"(goal <= {lint.MAX_GRADE:g}), mean {report.mean_grade:.1f} (goal <= {MAX_MEAN_GRADE:g})",
    ]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"
