"""The ladder of options as cards in two layers: the gist, then "More" and "Sources"."""

from __future__ import annotations

import streamlit as st

from decision_aid.evaluate import OptionStatus
from decision_aid.model import Figure, FigureUnit, Option, Pathway
from decision_aid.summary import CERTAINTY_WORDS
from decision_aid_ui import icons


def status_words(status: OptionStatus) -> str:
    """What the person's answers say about an option, in a few words."""
    if status.chosen:
        return "you want to talk about this"
    if status.tried:
        words = status.status or ""
        return f"you tried this: {words[:1].lower()}{words[1:]}"  # mid-sentence: lower case
    if status.discuss_next:
        return "often discussed at your stage"
    return "not tried" if status.status_id else ""


def card(pathway: Pathway, status: OptionStatus) -> None:
    """One option as a card in two layers; all text here is pathway content (trusted).

    Closed, it shows what the option is, its main benefit and main harm (the first of each)
    and how sure the evidence is; "More" opens what it involves, what it is like, any figures
    and the costs; the sources sit behind their own toggle.
    """
    o = status.option
    words = status_words(status)
    with st.container(border=True, key=f"card_{o.id}"):
        st.subheader(o.title, anchor=False)
        if words:
            st.caption(words[:1].upper() + words[1:])
        st.markdown("\n".join(f"- **{label}** {text}" for label, text in summary_lines(o)))
        with st.expander(f"More: {o.title}", key=f"more_{o.id}"):
            _more(pathway, o)
        if o.sources:
            with st.expander(f"Sources: {o.title}", key=f"sources_{o.id}"):
                st.markdown(source_lines(pathway, o.sources))


def summary_lines(o: Option) -> list[tuple[str, str]]:
    """The closed card: what it is, main benefit, main harm, how sure (one line each)."""
    lines = [("What it is:", o.what_it_is)]
    if o.benefits:
        lines.append(("Main benefit:", o.benefits[0]))
    if o.harms:
        lines.append(("Main harm:", o.harms[0]))
    lines.append(("How sure we are:", f"{CERTAINTY_WORDS[o.certainty]}."))
    return lines


def _more(pathway: Pathway, o: Option) -> None:
    st.markdown(f"**What it involves.** {o.involves}")
    if len(o.benefits) > 1:
        st.markdown("**Other possible benefits**\n\n" + _bullets(o.benefits[1:]))
    if len(o.harms) > 1:
        st.markdown("**Other possible harms**\n\n" + _bullets(o.harms[1:]))
    st.markdown(f"**What it is like.** {o.living_with}")
    for figure in o.figures:
        _figure(pathway, figure)
    st.markdown(f"**About the evidence.** {o.evidence_note}\n\n**Costs.** {o.costs}")


def _figure(pathway: Pathway, f: Figure) -> None:
    text = figure_text(pathway, f)
    if f.n is None or f.denominator != icons.SIZE:
        st.markdown(text)
        return
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        # st.html strips SVG, so Markdown with HTML it is. Only numbers go into icons.svg (it
        # rounds them to ints); the text equivalent is drawn next to it as ordinary Markdown.
        st.markdown(icons.svg(f.n, f.n_high), unsafe_allow_html=True)
        st.caption(icon_key(f))
    with right:
        st.markdown(text)


ICON_KEYS: dict[FigureUnit, str] = {
    "people": "Each circle is 1 person in 100. Dark: people this happened to.",
    "trials": "Each circle is 1 trial in 100. Dark: trials where this happened.",
}
"""The key under an icon array, by what the figure's source counts (``Figure.unit``)."""


def icon_key(f: Figure) -> str:
    """The key under a figure's icon array: what each circle stands for, and the shades."""
    key = ICON_KEYS[f.unit]
    if f.n_high is not None:
        key += " Light: it may be this many."
    return key


def figure_text(pathway: Pathway, f: Figure) -> str:
    """The text equivalent of a figure: how many, who, over what time, and how sure."""
    if f.n is None:
        head = (
            f"No reliable numbers: we do not know how many {f.population} {f.event} "
            f"{f.time_frame}."
        )
    else:
        many = f"{f.n:g}" if f.n_high is None else f"{f.n:g} to {f.n_high:g}"
        head = f"About **{many} in {f.denominator}** {f.population} {f.event} {f.time_frame}."
    parts = [head]
    if f.comparison:
        parts.append(f"For comparison, {f.comparison}.")
    parts.append(f"Evidence: {CERTAINTY_WORDS[f.certainty]}.")
    cited = [pathway.sources_by_id[s].citation for s in f.sources if s in pathway.sources_by_id]
    if cited:
        parts.append("Source: " + "; ".join(cited))
    return " ".join(parts)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


def source_lines(pathway: Pathway, ids: list[str]) -> str:
    """Sources as a Markdown list with links (http and https only) and caveats."""
    lines = []
    for sid in ids:
        s = pathway.sources_by_id.get(sid)
        if s is None:
            continue
        line = f"- {s.citation} ({s.year})"
        if s.url and s.url.startswith(("https://", "http://")):
            line += f" [Open the source]({s.url})"
        if s.note:
            line += f" *Note: {s.note}*"
        lines.append(line)
    return "\n".join(lines)


def ladder(pathway: Pathway, statuses: tuple[OptionStatus, ...]) -> None:
    """Every option card, lowest rung first."""
    for status in statuses:
        card(pathway, status)

