"""The ladder of options as cards in two layers: the gist, then "More" and "Sources".

Every card has the same layout (IPDAS: equal detail for each option). Closed, it shows what the
option is, its main benefit and main harm, and how sure the evidence is, under its tick box:
the option's title ticks it for the step's ladder question ("which options would you like to
talk about?"). "More" opens the rest (for an option the next step's table compares, all but
what the table says word for word); the sources sit behind their own toggle. The options
people at the person's stage often discuss are open; after them the others wait, in ladder
order, under two closed toggles: simpler ones and more involved ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass

import streamlit as st

from decision_aid import compare
from decision_aid.answers import Answer
from decision_aid.figures import (
    CERTAINTY_MEANING,
    SURE_LABEL,
    card_text,
    with_figures,
)
from decision_aid.model import Figure, FigureUnit, Option, Pathway, Question
from decision_aid.plan import OptionStatus, Plan
from decision_aid_ui import assets, icons, keys, widgets


@dataclass(frozen=True)
class Rungs:
    """The ladder split around the person's stage: what is open and what waits in toggles."""

    simpler: tuple[OptionStatus, ...]
    stage: tuple[OptionStatus, ...]
    more_involved: tuple[OptionStatus, ...]


def rungs(statuses: Sequence[OptionStatus]) -> Rungs:
    """The stage's options (open), and the others below or above the highest of them.

    With no stage options every option is open. Order within each part is ladder order.
    """
    stage = tuple(s for s in statuses if s.discuss_next)
    if not stage:
        return Rungs((), tuple(statuses), ())
    top = max(s.option.rung for s in stage)
    others = [s for s in statuses if not s.discuss_next]
    return Rungs(
        tuple(s for s in others if s.option.rung < top),
        stage,
        tuple(s for s in others if s.option.rung > top),
    )


def group_label(name: str, statuses: Sequence[OptionStatus]) -> str:
    """A closed group's label: how many options, and how many of them tried or ticked."""
    counts = [f"{len(statuses)}"]
    for word, n in (
        ("tried", sum(s.tried for s in statuses)),
        ("ticked", sum(s.chosen for s in statuses)),
    ):
        if n:
            counts.append(f"{n} {word}")
    return f"{name} ({', '.join(counts)})"


def status_words(status: OptionStatus) -> str:
    """What the person said about trying an option, in a few words ("" if not tried)."""
    if not status.tried:
        return ""
    words = status.status or ""
    return f"Tried: {words[:1].lower()}{words[1:]}"  # mid-sentence: lower case


def ladder(
    pathway: Pathway,
    p: Plan,
    questions: Sequence[Question],
    answers: dict[str, Answer],
    missing: set[str],
) -> Question | None:
    """The options step: where the person is, then every option card in ladder order.

    ``questions`` are the step's visible questions; the first multiple-choice ladder question
    among them is ticked on the cards, inside one group named by the question. Returns it.
    """
    st.html(assets.style("cards"))
    q = next((q for q in questions if q.kind == "multiple" and q.choices == "ladder"), None)
    chosen = answers.get(q.id) if q is not None else None
    split = rungs(p.options)
    in_grid = compare.in_grid(pathway, answers)
    order = [*split.stage, *split.simpler, *split.more_involved]  # as the page shows them
    pointer = next((s.option.id for s in order if s.chosen and s.option.id in in_grid
                    and any(_in_grid(pathway, s.option))), None)
    ticks = Ticks(pathway, q, chosen if isinstance(chosen, list) else [], in_grid, pointer)
    if p.stage is not None and p.stage_options:
        st.info(stage_line(p.stage.title))
    with st.container(key=widgets.key(q.id)) if q is not None else nullcontext():
        if q is not None:  # the group's first text names it (the app's script)
            st.markdown(f"**{widgets.label(q)}**")
        for status in split.stage:
            card(pathway, status, ticks)
        _group("Simpler options", keys.LADDER_SIMPLER, split.simpler, ticks)
        _group("More involved options", keys.LADDER_MORE_INVOLVED, split.more_involved, ticks)
    if q is not None:
        widgets.notes(q, q.id in missing)
    return q


def stage_line(title: str) -> str:
    """The stage box, in one line: where the person is, and that the options people at this
    point often discuss come first (they are the open cards, so the two always agree)."""
    return f"**{title}.** Options often discussed now come first."


@dataclass(frozen=True)
class Ticks:
    """The ladder question ticked on the cards (None: the cards have no tick box)."""

    pathway: Pathway
    question: Question | None
    chosen: list[Answer]
    in_grid: frozenset[str] = frozenset()
    """Options the next step's table compares: their cards leave out what the table says."""
    pointer: str | None = None
    """The first of them ticked on the page (ticking opens its "More"): of the open ones, only
    it says where the rest is (:data:`IN_GRID`). A closed "More" is opened alone, so says it too."""


def _group(name: str, key: str, statuses: Sequence[OptionStatus], ticks: Ticks) -> None:
    if not statuses:
        return
    # Open when it holds a ticked option, so a choice is never hidden on coming back.
    with st.expander(
        group_label(name, statuses), expanded=any(s.chosen for s in statuses), key=key
    ):
        for status in statuses:
            card(ticks.pathway, status, ticks)


def card(pathway: Pathway, status: OptionStatus, ticks: Ticks) -> None:
    """One option as a card in two layers; all text here is pathway content (trusted)."""
    o = status.option
    with st.container(border=True, key=keys.card(o.id)):
        if ticks.question is None:
            st.subheader(o.title, anchor=False)
        else:
            choice = next(c for c in pathway.choices(ticks.question) if c.id == o.id)
            widgets.choice_box(pathway, ticks.question, choice, ticks.chosen)
        words = status_words(status)
        if words:
            st.caption(words)
        st.markdown(gist(o))
        # Ticking an option opens its details, so what choosing it involves is in view (one
        # click, not two). The key follows the tick: a new expander opens at its new state.
        # Both toggles draw their content only while open (opening one reruns the page): a
        # page of a dozen cards no longer builds two dozen closed sections on every click.
        with (
            st.container(key=keys.more(o.id)),
            st.expander(
                f"More _about {o.title}_",
                expanded=status.chosen,
                key=keys.more_toggle(o.id, status.chosen),
                on_change="rerun",
            ) as more,
        ):
            if more.open:
                compared = o.id in ticks.in_grid
                _more(pathway, o, *(_in_grid(pathway, o) if compared else ()),
                      pointer=o.id == ticks.pointer or not status.chosen)
        with st.expander(f"Sources _for {o.title}_", key=keys.sources(o.id),
                         on_change="rerun") as sources:
            if sources.open:
                st.markdown(source_lines(pathway, [*o.sources, *_figure_sources(pathway, o)]))


def gist(o: Option) -> str:
    """The closed card: what it is, main benefit, main harm, how sure (one line each)."""
    return "  \n".join(
        (
            o.what_it_is,
            f"**Benefit:** {o.benefits[0]}",
            f"**Harm:** {o.harms[0]}",
            f"**{SURE_LABEL}:** {CERTAINTY_MEANING[o.certainty]}",
        )
    )


IN_GRID = "_Involves, costs and more: side by side on the next step._"
"""Said on the card of an option the next step's table compares, for the parts it leaves out:
once among the ticked cards, whose "More" is open (read once, not once per ticked card)."""


def _in_grid(pathway: Pathway, o: Option) -> tuple[frozenset[str], frozenset[str]]:
    return compare.card_parts_in_grid(pathway, o.id), compare.figures_in_grid(pathway, o.id)


def _more(
    pathway: Pathway,
    o: Option,
    in_grid: frozenset[str] = frozenset(),
    figures_in_grid: frozenset[str] = frozenset(),
    pointer: bool = False,
) -> None:
    # One fact, one place on the way through: what the next step's table says word for word
    # (its cells name the card's parts and figures) is left out here, for the options it
    # compares.
    lines = [IN_GRID] if pointer and (in_grid or figures_in_grid) else []
    lines += [f"**Involves:** {o.involves}"] if "involves" not in in_grid else []
    lines.append(f"**Daily life:** {o.living_with}")
    lines += _also("Other benefits", _not_in(o.benefits, "benefits", in_grid)[1:])
    lines += _also("Other harms", _not_in(o.harms, "harms", in_grid)[1:])
    st.markdown("\n\n".join(lines))
    shown = ""
    for figure in o.figures:
        if figure.id is None or figure.id not in figures_in_grid:
            shown = _figure(pathway, figure, shown, o.certainty)
    said = (with_figures(pathway, "", (), o.statements), o.evidence_note)  # positions first
    evidence = " ".join(s for s in said if s)
    costs = "" if "costs" in in_grid else f"\n\n**Costs:** {o.costs}"
    st.markdown(f"**The evidence:** {evidence}{costs}")


def _not_in(items: list[str], name: str, in_grid: frozenset[str]) -> list[str]:
    # The first item is the closed card's; later ones the table shows are left out.
    return [x for i, x in enumerate(items) if i == 0 or f"{name}[{i}]" not in in_grid]


def _also(label: str, items: list[str]) -> list[str]:
    if len(items) <= 1:
        return [f"**{label}:** {i}" for i in items]
    return [f"**{label}:**\n" + "\n".join(f"- {i}" for i in items)]


def _figure_sources(pathway: Pathway, o: Option) -> list[str]:
    # A figure's and a statement's sources are listed with the card's, once each.
    said = [s for f in o.figures for s in f.sources]
    said += [s for i in o.statements for s in pathway.statements_by_id[i].sources]
    return list(dict.fromkeys(s for s in said if s not in o.sources))


def _figure(pathway: Pathway, f: Figure, key_above: str, card_certainty: str) -> str:
    # Draws one figure; returns the icon key now in force on the card. A key the same as the
    # one just above it on the card is not repeated (the SCS card has four arrays).
    text = figure_text(pathway, f, card_certainty)
    if f.n is None or f.denominator != icons.SIZE or not f.picture:  # words only
        st.markdown(text)
        return key_above
    key = icon_key(f)
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        # st.html strips SVG, so Markdown with HTML it is. Only numbers go into icons.svg (it
        # rounds them to ints); the text equivalent is drawn next to it as ordinary Markdown.
        st.markdown(icons.svg(f.n, f.n_high), unsafe_allow_html=True)
        if key != key_above:
            st.caption(key)
    with right:
        st.markdown(text)
    return key


ICON_KEYS: dict[FigureUnit, str] = {
    "people": "Each {shape} is 1 person in 100. Dark: people this happened to.",
    "trials": "Each {shape} is 1 trial in 100. Dark: trials where this happened.",
    "devices": "Each {shape} is 1 device in 100. Dark: devices this happened to.",
    "mixed": "Each {shape} is 1 in 100 (some studies counted people, some counted problems). "
    "Dark: how many had this.",
}
"""The key under an icon array, by what the figure's source counts (``Figure.unit``); the one
place its words are kept, for the cards' circles and the comparison's circles and diamonds."""

RANGE_KEY = " Light: it may be this many."
"""Added to the key when a figure is a range (the lightly shaded icons)."""


def icon_key(f: Figure, shape: str = "circle") -> str:
    """The key under a figure's icon array: what each icon (``shape``) stands for, and the
    shades."""
    key = ICON_KEYS[f.unit].format(shape=shape)
    if f.n_high is not None:
        key += RANGE_KEY
    return key


def figure_text(pathway: Pathway, f: Figure, card_certainty: str | None = None) -> str:
    """The text equivalent of a figure: how many, who, over what time, who paid, how sure
    (:func:`decision_aid.figures.card_text`, as everywhere else the figure is shown; how sure
    only when it differs from ``card_certainty``, which the card's own line says).

    Its sources are listed behind the card's "Sources" toggle, not here.
    """
    return card_text(f, card_certainty)


def source_lines(pathway: Pathway, ids: list[str]) -> str:
    """Sources as a Markdown list with links (http and https only) and caveats."""
    lines = []
    for sid in ids:
        s = pathway.sources_by_id.get(sid)
        if s is None:
            continue
        line = f"- {s.citation}" + ("" if str(s.year) in s.citation else f" ({s.year})")
        if s.url and s.url.startswith(("https://", "http://")):
            line += f" [Open the source]({s.url})"
        if s.note:
            line += f" *Note: {s.note}*"
        lines.append(line)
    return "\n".join(lines)
