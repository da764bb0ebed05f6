"""The compare step, "Weigh up your options": the trade-offs, the options side by side (shown,
by default those ticked to talk about), where the person is leaning, and SURE.

The grid is a real HTML table (caption, column and row headers) so screen readers can move by
row and column. On a narrow screen the same grid is read question by question: one small table
per question, each compared option's answer under it, carrying on as now always first, so a
person reads across the options without scrolling sideways or remembering (the first table
names each option in full, the later ones by its short title). Source numbers stay
out of the cells; the sources are one tap away below the grid, by option. Only pathway content is
drawn here, escaped; nothing a person typed.
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from decision_aid import compare, figures
from decision_aid.formats import summary
from decision_aid.formats.summary import escape_markdown
from decision_aid.model import Figure, Pathway, Picture, Question, QuizItem, Step
from decision_aid.path import visible_questions
from decision_aid.plan import Plan
from decision_aid_ui import assets, catalog, icons, keys, state, widgets
from decision_aid_ui.cards import icon_key

CAPTION = "Options side by side"



def draw(pathway: Pathway, step: Step, answers: dict[str, Any]) -> None:
    """The step's questions in the pathway's order: the trade-offs, the table (shown) where
    the shortlist question stands, the leaning question with the options the
    person ticked, then the SURE questions; the optional check last."""
    missing = set(state.ui("missing"))
    leaning = pathway.leaning.question if pathway.leaning is not None else None
    sure = pathway.leaning.sure if pathway.leaning is not None else []
    for q in visible_questions(pathway, step, answers):
        if sure and q.id == sure[0]:
            st.markdown(SURE_INTRO)
        if compare.is_shortlist(pathway, q.id):
            table(pathway, q, answers)
        elif q.id == leaning:
            _leaning(pathway, q, answers)
            if q.id in missing:
                st.warning("Please answer this question before going on.")
            state.show_flash(at=q.id)
        else:
            widgets.draw(pathway, q, answers, q.id in missing)
        if q.id in sure and answers.get(q.id) is False:
            _sure_next_step(pathway, q.id)
    quiz(pathway)


SURE_INTRO = "Questions on how ready you feel to choose:"
"""The SURE questions' one-line introduction: a statement, not a question, so it is not read as
a question with no answers right above the first one (how many there are is the pathway's;
"no right answer" is said once, in the step's intro; a "no" is met by "A “no” is common"
beside it)."""


SURE_NO = "A “no” is common. A question that may help is now on your list below."
"""Beside a "no" (the Ottawa guide's next steps). The question itself is shown once, on the list
just below, not quoted here as well."""


def _sure_next_step(pathway: Pathway, question_id: str) -> None:
    if summary.sure_help(pathway, question_id) is not None:
        st.info(SURE_NO)


HEADING = "Your options side by side"
GRID_KEY = keys.COMPARE_TABLE
"""The container of the comparison (browser tests find it as ``st-key-compare_table``)."""


def table(pathway: Pathway, shortlist: Question, answers: dict[str, Any]) -> None:
    """The comparison, shown (the centre of the step): the options ticked to talk about side by
    side with carrying on as now, and below it a way to change which options are compared."""
    assert pathway.compare is not None  # a shortlist question belongs to a comparison
    current = pathway.options_by_id[pathway.compare.current].title
    with st.container(key=GRID_KEY):
        st.subheader(HEADING, anchor=False)
        g = compare.on_page(pathway, answers)
        if g is None:
            st.info(f"Tick an option under “{SHORTLIST_TOGGLE}” to see it next to “{current}”.")
        else:
            show_grid(pathway, g)
        _shortlist(pathway, shortlist, answers)


def _shortlist(pathway: Pathway, q: Question, answers: dict[str, Any]) -> None:
    # Ticked by default with what the table shows; carrying on as now is always shown, so it
    # has no box. A change stores the whole list, so the default is kept as the start.
    assert pathway.compare is not None
    shown = set(compare.compared(pathway, answers))
    with st.expander(SHORTLIST_TOGGLE, key=keys.SHORTLIST_TOGGLE), \
            st.container(key=widgets.key(q.id)):  # a named group (app's script)
        st.markdown(f"**{widgets.label(q)}**")
        st.caption(limit_words(pathway))
        for c in pathway.choices(q):
            if c.id == pathway.compare.current:
                continue
            k = widgets.choice_key(q.id, c.id)
            if k not in st.session_state:
                st.session_state[k] = c.id in shown
            st.checkbox(c.label, key=k, on_change=_picked, args=(pathway.id, q.id, c.id))
    state.show_flash(at=q.id)


SHORTLIST_TOGGLE = "Compare other options"


def limit_words(pathway: Pathway) -> str:
    """The one place the comparison's size limit is said to the person."""
    assert pathway.compare is not None
    current = pathway.options_by_id[pathway.compare.current].title
    return (f"Up to {pathway.compare.max_columns} options fit side by side. "
            f"“{current}” is always one of them.")


def _picked(pathway_id: str, question_id: str, choice_id: str) -> None:
    pathway = catalog.pathway(pathway_id)
    ticked = bool(st.session_state.get(widgets.choice_key(question_id, choice_id)))
    before = [o for o in compare.compared(pathway, state.answers()) if o != choice_id]
    picked = [*before, choice_id] if ticked else before
    # An empty list would read as "not changed" (the ticked options): carrying on as now alone
    # says "nothing else to compare".
    assert pathway.compare is not None
    widgets.apply(pathway, question_id, picked or [pathway.compare.current])


def _leaning(pathway: Pathway, q: Question, answers: dict[str, Any]) -> None:
    # Only the options the person ticked (or compared), carrying on as now and "not sure
    # yet"; an answer given before is always offered, so it is never dropped.
    labels = {c.id: c.label for c in compare.leaning_choices(pathway, answers)}
    k = widgets.key(q.id)
    if st.session_state.get(k) not in labels:  # first draw, or drawn again after a change
        value = answers.get(q.id)
        st.session_state[k] = value if value in labels else None
    st.radio(widgets.label(q), list(labels), index=None, format_func=labels.__getitem__,
             key=k, on_change=_leaned, args=(pathway.id, q.id))


def _leaned(pathway_id: str, question_id: str) -> None:
    widgets.apply(catalog.pathway(pathway_id), question_id,
                  st.session_state.get(widgets.key(question_id)))


QUIZ_TITLE = "Check what you understood"
QUIZ_NOTE = (
    "These are not a test of you, and your answers are not saved or added to your summary. "
    "Each one points back to the option it is about."
)


def quiz(pathway: Pathway) -> None:
    """True or false statements with feedback pointing back to the option card.

    The answers live only in the widgets' own state for this session: never in the answers,
    the summary or any file, and never counted up.
    """
    if not pathway.quiz:
        return
    options_step = next((s.title for s in pathway.steps if s.kind == "options"), "options")
    with st.expander(QUIZ_TITLE):
        st.caption(QUIZ_NOTE)
        for item in pathway.quiz:
            said = st.radio(
                f"True or false: {item.statement}", ("True", "False"), index=None,
                horizontal=True, key=keys.quiz(item.id),
            )
            if said is not None:
                st.markdown(quiz_feedback(pathway, item, said == "True", options_step))


def quiz_feedback(pathway: Pathway, item: QuizItem, said: bool, options_step: str) -> str:
    """Feedback on one statement: whether it is true, why, and which card to read again."""
    card = pathway.options_by_id[item.option].title
    truth = "true" if item.answer else "not true"
    lead = "Yes, this is" if said == item.answer else "Not quite: this is"
    feedback = figures.with_figures(pathway, item.feedback, item.figures, item.statements)
    return f"{lead} {truth}. {feedback} To read more, see “{card}” on the “{options_step}” page."


def show_grid(pathway: Pathway, g: compare.Grid) -> None:
    """The grid, a note on options that did not fit, and its sources one tap away (by option:
    the cells carry no numbers, so the grid reads as words only)."""
    if g.note:
        st.warning(g.note)
    pics = compare.pictures(pathway, [c.option_id for c in g.columns])
    pictures = "".join(picture_html(pathway, p) for p in pics)
    st.html(assets.style("compare") + grid_html(g) + pictures)
    with st.expander("Sources for this table"):
        st.markdown(source_list(pathway, g))


def source_list(pathway: Pathway, g: compare.Grid) -> str:
    """Each source the grid rests on, with the options whose answers cite it."""
    by_id = pathway.sources_by_id
    lines = []
    for sid in compare.source_numbers(g):
        names = [c.title for i, c in enumerate(g.columns)
                 if any(sid in r.cells[i].sources for r in g.rows)]
        lines.append(f"- {escape_markdown(by_id[sid].citation)} (for: "
                     f"{escape_markdown(', '.join(names))})")
    return "\n".join(lines)


def on_summary(plan: Plan) -> None:
    """On the summary page: the SURE note when an answer is 'no', then the grid."""
    note = summary.raise_note(plan)
    if note:
        st.subheader(summary.RAISE_TITLE)
        st.info(note, icon=":material/forum:")
    g = compare.on_page(plan.pathway, plan.answers)
    if g is not None:
        st.subheader(summary.GRID_TITLE)
        show_grid(plan.pathway, g)


def grid_html(g: compare.Grid) -> str:
    """The grid as a wide table and, for phones, one small table per question (same cells)."""
    return f'<div class="cmp">{_wide(g)}{_phone(g)}</div>'


def _wide(g: compare.Grid) -> str:
    head = '<th scope="col">Question</th>' + "".join(
        f'<th scope="col">{_e(c.title)}</th>' for c in g.columns
    )
    body = "".join(f"<tr>{_row_head(r)}{_wide_cells(r)}</tr>" for r in g.rows)
    return (
        f'<div class="cmp-wide"><table><caption class="sr">{CAPTION}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _phone(g: compare.Grid) -> str:
    # Question by question: each compared option's answer under the question, in column
    # order (carrying on as now first), without source numbers (one tap away below).
    tables = []
    for i, r in enumerate(g.rows):
        rows = "".join(
            f'<tr><th scope="row">{_e(names)}</th><td>{_e(text)}</td></tr>'
            for names, text in phone_answers(g, r, short=i > 0)
        )
        tables.append(f"<table><caption>{_e(r.question)}</caption><tbody>{rows}</tbody></table>")
    return f'<div class="cmp-phone">{"".join(tables)}</div>'


ALL_SAME = "Every option here"
"""Said once for a row whose answer is the same for every compared option ("No operation.")."""


def phone_answers(
    g: compare.Grid, row: compare.GridRow, short: bool = False
) -> list[tuple[str, str]]:
    """A row read on a phone: each answer once, after the options that give it, in column
    order ("Low certainty." once for three options, not three times); one answer for every
    option is said once, after :data:`ALL_SAME`. ``short``: the options' short titles (every
    table after the first, which names each option in full)."""
    if _same(row) is not None:
        return [(ALL_SAME, row.cells[0].text)]
    names: dict[str, list[str]] = {}
    for c, cell in zip(g.columns, row.cells, strict=True):
        names.setdefault(cell.text, []).append(c.short if short and c.short else c.title)
    return [(", ".join(titles), text) for text, titles in names.items()]


def _same(row: compare.GridRow) -> str | None:
    # One answer for every compared option is read once, not once per option.
    texts = {c.text for c in row.cells}
    return texts.pop() if len(row.cells) > 1 and len(texts) == 1 else None


def _wide_cells(row: compare.GridRow) -> str:
    same = _same(row)
    if same is None:
        return "".join(_td(c) for c in row.cells)
    return f'<td colspan="{len(row.cells)}">{_e(same)}</td>'


def _row_head(row: compare.GridRow) -> str:
    return f'<th scope="row">{_e(row.question)}</th>'


def _td(cell: compare.Cell) -> str:
    return f"<td>{_e(cell.text)}</td>"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


KIND_WORDS = {"benefit": "A possible benefit", "harm": "A possible harm"}
SHAPES = {"benefit": "circle", "harm": "diamond"}
"""Benefits are circles and harms diamonds, so the two differ in shape, not only colour."""


def picture_key(f: Figure) -> str:
    """What each icon stands for and the shades, in the cards' words (:func:`icon_key`), with
    this picture's shape."""
    return icon_key(f, SHAPES["harm" if f.kind == "harm" else "benefit"])


def picture_html(pathway: Pathway, pic: Picture) -> str:
    """The figure's groups side by side: 100 icons each, one time frame, the figure's own
    sentence under each (who, how many, when), and who paid when a maker did."""
    option = pathway.options_by_id[pic.option].title
    f = figures.picture_figure(pathway, pic)
    kind = "harm" if f.kind == "harm" else "benefit"
    arms = figures.picture_arms(pathway, pic)
    lines = figures.picture_sentences(pathway, pic)
    drawn = "".join(
        f"<figure>{icons.array_html(arm.count, kind, arm.high)}"
        f"<figcaption>{_e(sentence)}</figcaption></figure>"
        for arm, sentence in zip(arms, lines, strict=False)
    )
    about = "".join(f'<p class="pic-about">{_e(line)}</p>' for line in lines[len(arms):])
    head = f"{KIND_WORDS[kind]}: {option}"  # a heading: no full stop
    return (
        f'<div class="cmp-pic"><p class="pic-head">{_e(head)}</p>'
        f'<div class="pics">{drawn}</div>{about}<p class="src">{_e(picture_key(f))}</p></div>'
    )
