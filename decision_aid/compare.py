"""Options side by side: pathway + shortlist + answers -> the grid people read (Option Grid).

Pure data, in the pathway's order: the grid never scores, ranks or picks an option. The
option kept as it is now (``compare.current``) is always the first column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from decision_aid import figures
from decision_aid.answers import Answer
from decision_aid.figures import CERTAINTY_WORDS
from decision_aid.model import (
    NOT_SURE,
    Choice,
    CompareCell,
    Comparison,
    Option,
    Pathway,
    Picture,
    TradeOff,
)

CERTAINTY_ROW = "How sure is the research?"
"""The heading of the row drawn from each option's certainty, after the pathway's rows."""

CERTAINTY_CELL = {k: f"{v[:1].upper()}{v[1:]}." for k, v in CERTAINTY_WORDS.items()}
"""The certainty row's cells: the same words as the cards and the summary."""

LEAN_PREFIX = "I lean to"
"""Generated row headings for a trade-off read 'I lean to: <side>' (the side names the trade-off;
the question itself is asked just above the table)."""


@dataclass(frozen=True)
class Column:
    """One option in the grid."""

    option_id: str
    title: str
    short: str = ""
    """The option's short title (its title when it has none), for the phone's later tables."""


@dataclass(frozen=True)
class Cell:
    """What one option means for one row, with the source ids it rests on."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GridRow:
    """One question people ask, answered for every column in column order."""

    id: str
    question: str
    cells: tuple[Cell, ...]
    kind: str = "fact"  # "fact", "certainty" or "value"


@dataclass(frozen=True)
class Grid:
    """The options side by side; ``left_out`` names shortlisted options that did not fit."""

    columns: tuple[Column, ...]
    rows: tuple[GridRow, ...]
    left_out: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        """A neutral sentence about options that did not fit, or None."""
        if not self.left_out:
            return None
        # The limit itself is said once, beside the choice of options (the app's caption).
        return "There is no room for more. Not shown: " + ", ".join(self.left_out) + "."


def shortlist(pathway: Pathway, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """The option ids the person picked to compare, as stored under the shortlist question."""
    if pathway.compare is None:
        return ()
    raw = answers.get(pathway.compare.shortlist_question)
    return tuple(str(v) for v in raw) if isinstance(raw, list) else ()


def is_shortlist(pathway: Pathway, question_id: str) -> bool:
    """Whether ``question_id`` is the shortlist question: optional, it only changes which
    options the table compares (by default the ones ticked to talk about)."""
    return pathway.compare is not None and pathway.compare.shortlist_question == question_id


def ticked(pathway: Pathway, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """The options the person ticked to talk about (the ladder question of the options step)."""
    for step in pathway.steps:
        if step.kind != "options":
            continue
        for q in step.questions:
            raw = answers.get(q.id)
            if q.choices == "ladder" and isinstance(raw, list):
                return tuple(str(v) for v in raw)
    return ()


def compared(pathway: Pathway, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """The options the table on the compare step shows besides carrying on as now: the
    shortlist when the person changed it, else the options they ticked to talk about."""
    if pathway.compare is None:
        return ()
    raw = answers.get(pathway.compare.shortlist_question)
    picked = shortlist(pathway, answers) if isinstance(raw, list) else ticked(pathway, answers)
    return tuple(o for o in picked if o != pathway.compare.current)


def on_page(pathway: Pathway, answers: Mapping[str, Answer]) -> Grid | None:
    """The grid the compare step shows (see :func:`compared`), or None with nothing to show.

    The summary's files show the same grid: the options the person compared.
    """
    picked = compared(pathway, answers)
    return grid(pathway, picked, answers) if picked else None


def in_grid(pathway: Pathway, answers: Mapping[str, Answer]) -> frozenset[str]:
    """The options the compare step's table shows as columns (carrying on as now included)."""
    if pathway.compare is None:
        return frozenset()
    picked = compared(pathway, answers)
    return frozenset(o.id for o in columns(pathway, picked)[0]) if picked else frozenset()


def card_parts_in_grid(pathway: Pathway, option_id: str) -> frozenset[str]:
    """The parts of an option's card that the table's rows show word for word (``card:`` in
    its cells, e.g. ``involves``, ``costs``, ``harms[1]``): a card need not say them again."""
    if pathway.compare is None:
        return frozenset()
    return frozenset(
        part for row in pathway.compare.rows if option_id in row.cells
        for part in row.cells[option_id].card
    )


def figures_in_grid(pathway: Pathway, option_id: str) -> frozenset[str]:
    """The ids of an option's figures that the table's rows draw (who, when, how many): a card
    need not draw them again for an option the table compares."""
    if pathway.compare is None:
        return frozenset()
    return frozenset(
        f for row in pathway.compare.rows if option_id in row.cells
        for f in row.cells[option_id].figures
    )


def leaning_choices(pathway: Pathway, answers: Mapping[str, Answer]) -> list[Choice]:
    """The choices the leaning question offers: carrying on as now, the options ticked or
    compared, the answer already given (never dropped), and "not sure yet". With nothing
    ticked, every choice, in the pathway's order."""
    if pathway.leaning is None:
        return []
    question = pathway.questions[pathway.leaning.question]
    every = pathway.choices(question)
    picked = set(ticked(pathway, answers)) | set(compared(pathway, answers))
    if pathway.compare is not None:
        picked.discard(pathway.compare.current)
    if not picked:
        return every
    keep = picked | {str(answers.get(question.id)), *_always(pathway)}
    return [c for c in every if c.id in keep]


def _always(pathway: Pathway) -> set[str]:
    current = pathway.compare.current if pathway.compare is not None else ""
    return {current, NOT_SURE}


def columns(pathway: Pathway, picked: Sequence[str]) -> tuple[list[Option], list[Option]]:
    """The options shown (current first, then the picked ones in pathway order) and those left out.

    Args:
        pathway: A pathway with a ``compare`` section.
        picked: Option ids the person shortlisted; unknown ids are ignored.

    Returns:
        ``(shown, left_out)``: at most ``compare.max_columns`` options are shown.
    """
    compare = _comparison(pathway)
    current = pathway.options_by_id[compare.current]
    others = [o for o in _by_rung(pathway) if o.id in set(picked) and o.id != current.id]
    room = compare.max_columns - 1
    return [current, *others[:room]], others[room:]


def grid(
    pathway: Pathway, picked: Sequence[str], answers: Mapping[str, Answer] | None = None
) -> Grid:
    """The grid for the picked options, with rows for the trade-offs the person leaned on.

    Args:
        pathway: A validated pathway with a ``compare`` section.
        picked: Option ids the person shortlisted.
        answers: The person's answers; trade-off rows appear for each trade-off question
            answered with a side (not its neutral choice), in the pathway's order.

    Returns:
        The grid: columns, rows (pathway rows, certainty, then trade-offs) and what was left out.
    """
    compare = _comparison(pathway)
    shown, left_out = columns(pathway, picked)
    trades = leaned(pathway, answers)
    # A trade-off a grid row already answers marks that row; the others get rows of their own.
    marks = {t.row: lean_words(pathway, t, answers or {}) for t in trades if t.row is not None}
    rows = [
        _row(pathway, r.id, " ".join(filter(None, (r.text, marks.get(r.id)))), r.cells, shown)
        for r in compare.rows
    ]
    rows.append(_certainty_row(shown))
    rows += [_tradeoff_row(pathway, t, shown, answers or {}) for t in trades if t.row is None]
    return Grid(
        columns=tuple(Column(o.id, o.title, o.short_title or o.title) for o in shown),
        rows=tuple(rows),
        left_out=tuple(o.title for o in left_out),
    )


def leaned(pathway: Pathway, answers: Mapping[str, Answer] | None) -> list[TradeOff]:
    """The trade-offs the person leaned one way on (not the neutral choice), in pathway order."""
    if pathway.compare is None or not answers:
        return []
    return [
        t
        for t in pathway.compare.tradeoffs
        if isinstance(answers.get(t.question), str) and answers[t.question] != t.neutral
    ]


def lean_choice(pathway: Pathway, trade: TradeOff, answers: Mapping[str, Answer]) -> Choice:
    """The side of ``trade`` the person chose."""
    question = pathway.questions[trade.question]
    return next(c for c in pathway.choices(question) if c.id == answers[trade.question])


def _tradeoff_row(
    pathway: Pathway, trade: TradeOff, shown: list[Option], answers: Mapping[str, Answer]
) -> GridRow:
    cells = _row(pathway, "", "", trade.cells, shown).cells
    return GridRow(trade.question, lean_words(pathway, trade, answers), cells, "value")


def lean_words(pathway: Pathway, trade: TradeOff, answers: Mapping[str, Answer]) -> str:
    """'I lean to: <side>', the heading of a trade-off's row or the mark on the row that
    answers it."""
    side = lean_choice(pathway, trade, answers).label
    return f"{LEAN_PREFIX}: {side[0].lower()}{side[1:]}"


def _row(
    pathway: Pathway,
    row_id: str,
    text: str,
    cells: Mapping[str, CompareCell],
    shown: list[Option],
) -> GridRow:
    return GridRow(row_id, text, tuple(cell(pathway, cells[o.id], o) for o in shown))


def cell(pathway: Pathway, c: CompareCell, option: Option) -> Cell:
    """A cell as people read it: the card's own words it names, its words, the statements it
    names, then its figures with who, when and how many."""
    said = [figures.card_part(option, part) for part in c.card]
    said.append(figures.with_figures(pathway, c.text, c.figures, c.statements))
    text = " ".join(s for s in said if s)
    sources = dict.fromkeys([*c.sources, *figures.figure_sources(pathway, c.figures, c.statements)])
    return Cell(text, tuple(sources))


def _certainty_row(shown: list[Option]) -> GridRow:
    # The option's own sources and evidence note back this up on its card.
    cells = tuple(Cell(CERTAINTY_CELL[o.certainty], ()) for o in shown)
    return GridRow("certainty", CERTAINTY_ROW, cells, "certainty")


def _comparison(pathway: Pathway) -> Comparison:
    if pathway.compare is None:
        raise ValueError(f"pathway {pathway.id!r} has no 'compare' section")
    return pathway.compare


def _by_rung(pathway: Pathway) -> list[Option]:
    return sorted(pathway.options, key=lambda o: o.rung)




def source_numbers(g: Grid) -> dict[str, int]:
    """A number for each source the grid cites, in order of first citation (1, 2, ...)."""
    ids = [s for r in g.rows for c in r.cells for s in c.sources]
    return {sid: i for i, sid in enumerate(dict.fromkeys(ids), start=1)}


def refs(cell: Cell, numbers: Mapping[str, int]) -> str:
    """A cell's source numbers in order, e.g. '1, 4'; empty when it cites none."""
    return ", ".join(str(n) for n in sorted(numbers[s] for s in cell.sources))


def pictures(pathway: Pathway, option_ids: Sequence[str]) -> list[Picture]:
    """The comparing pictures for the given options, in the pathway's order."""
    if pathway.compare is None:
        return []
    wanted = set(option_ids)
    return [p for p in pathway.compare.pictures if p.option in wanted]
