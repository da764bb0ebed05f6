"""One widget per question, keyed by question id, copying into the answers dict on change.

Streamlit deletes the state of a keyed widget that is not drawn for a run, so the answers live
in our own dict and ``on_change`` copies each change into it. While a widget is drawn its own
state is the source of truth: it is seeded from the dict only when drawn again after being
absent. Re-seeding on every run would send the stored value back to the browser and could undo
a click made while the previous rerun was still running.
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from decision_aid.errors import AnswerError
from decision_aid.model import Choice, Pathway, Question
from decision_aid.path import visible_questions, with_answer
from decision_aid_ui import assets, catalog, keys, state


def key(question_id: str) -> str:
    """The widget key of a question (a container key for multiple-choice questions)."""
    return keys.question(question_id)


def choice_key(question_id: str, choice_id: str) -> str:
    """The checkbox key of one choice of a multiple-choice question."""
    return keys.choice(question_id, choice_id)


def draw(pathway: Pathway, question: Question, answers: dict[str, Any], missing: bool) -> None:
    """Draw ``question`` seeded with its answer, its help, and any note anchored to it.

    A question with a heading starts a new part of its step under that subheading. A run of
    questions that share their answers (such as "what you have tried") is one grid, drawn
    with its first row; the other rows then draw nothing here.
    """
    if question.heading:
        st.subheader(question.heading, anchor=False)
    rows = grid_rows(pathway, question, answers)
    if rows:
        if rows[0].id == question.id:
            _grid(pathway, rows, answers)
        return
    _DRAW[question.kind](pathway, question, answers.get(question.id))
    notes(question, missing)


def notes(question: Question, missing: bool) -> None:
    """What follows a question's widgets: its help, a "please answer" note, and any note
    anchored to it (for questions drawn elsewhere, such as ticks on the option cards)."""
    # Under a tick list or a text box the help is shown, not behind a "?": a "?" between two
    # text boxes takes the Tab meant for the next box, and a phone has no hover. Other widgets
    # show it on a tap of "?".
    if question.help and question.kind in ("multiple", "text"):
        st.caption(question.help)
    if missing:
        st.warning("Please answer this question before going on.")
    state.show_flash(at=question.id)


def apply(pathway: Pathway, question_id: str, value: Any) -> bool:
    """Store one answer through the engine; say which hidden answers were cleared.

    Returns False (and queues a note) when the engine refused the answer.
    """
    try:
        changed = with_answer(pathway, state.answers(), question_id, value)
    except AnswerError as e:
        state.flash("error", f"That answer could not be saved: {e.message}", at=question_id,
                    untrusted=True)
        return False
    state.set_answers(changed.answers)
    state.set_ui(missing=[q for q in state.ui("missing") if q != question_id])
    if changed.dropped:
        state.flash("info", dropped_note(pathway, changed.dropped), at=question_id)
    return True


def dropped_note(pathway: Pathway, dropped: tuple[str, ...]) -> str:
    """A polite note naming the answers that were cleared (content text only)."""
    names = [pathway.questions[q].summary_label or pathway.questions[q].text for q in dropped]
    listed = "\n".join(f"- {n}" for n in names)
    return (
        "Because of this change, some questions no longer apply, so we cleared your "
        f"{'answer' if len(names) == 1 else 'answers'} to:\n\n{listed}"
    )


def commit_text(pathway: Pathway, questions: list[Question]) -> None:
    """Copy typed text that has not yet fired ``on_change`` (Next clicked while typing)."""
    answers = state.answers()
    for q in questions:
        k = key(q.id)
        if q.kind == "text" and k in st.session_state:
            typed = st.session_state[k] or ""
            if typed != answers.get(q.id, ""):
                apply(pathway, q.id, typed)


def _changed(pathway_id: str, question_id: str) -> None:
    k = key(question_id)
    if not apply(catalog.pathway(pathway_id), question_id, st.session_state.get(k)):
        del st.session_state[k]  # the next draw re-seeds it with the stored answer


def _toggled(pathway_id: str, question_id: str, choice_id: str) -> None:
    pathway = catalog.pathway(pathway_id)
    question = pathway.questions[question_id]
    ticked = bool(st.session_state.get(choice_key(question_id, choice_id)))
    stored = state.answers().get(question_id)
    current = [str(c) for c in stored] if isinstance(stored, list) else []
    exclusive = {c.id for c in pathway.choices(question) if c.exclusive}
    if not ticked:
        new = [c for c in current if c != choice_id]
    elif choice_id in exclusive:
        new = [choice_id]
    else:
        new = [c for c in current if c not in exclusive] + [choice_id]
    ok = apply(pathway, question_id, new)
    # Untick only the boxes this change cleared (an exclusive choice) or refused; other boxes
    # may hold clicks whose callbacks have not run yet, so they are left alone.
    cleared = set(current) - set(new) - {choice_id} if ok else set()
    if ticked and not ok:
        cleared.add(choice_id)
    for c in cleared:
        st.session_state[choice_key(question_id, c)] = False


def toggled(pathway_id: str, question_id: str, choice_id: str) -> None:
    """Store one checkbox change of a multiple-choice question (a checkbox's ``on_change``)."""
    _toggled(pathway_id, question_id, choice_id)


def label(question: Question) -> str:
    """A widget label from the question text (pathway content, never the person's).

    Plain text: it is also the accessible name, where Markdown would be read out as symbols.
    The app's CSS makes it bold (decision_aid_ui/styles.py).
    """
    return question.text


def _seed(widget_key: str, value: Any) -> None:
    # Only when Streamlit has no state for the widget (first draw, or drawn again after being
    # absent): otherwise the widget's own state is newer than the answers dict.
    if widget_key not in st.session_state:
        st.session_state[widget_key] = value


def in_grid(pathway: Pathway, q: Question) -> bool:
    """Whether ``q`` is one row of a grid: a single-choice question whose answers are the same
    as those of at least two others on its step (such as "what you have tried")."""
    step = pathway.step_of.get(q.id)
    if q.kind != "single" or step is None:
        return False
    return sum(_alike(pathway, q, o) for o in step.questions) >= 3


def _alike(pathway: Pathway, q: Question, other: Question) -> bool:
    labels = [c.label for c in pathway.choices(q)]
    return other.kind == "single" and [c.label for c in pathway.choices(other)] == labels


def grid_rows(pathway: Pathway, q: Question, answers: dict[str, Any]) -> list[Question]:
    """The visible rows of the grid ``q`` is in, in order ([] when ``q`` is not in a grid): the
    run of alike questions around it, up to a question that is not alike or has a heading."""
    step = pathway.step_of.get(q.id)
    if step is None or not in_grid(pathway, q):
        return []
    shown = visible_questions(pathway, step, answers)
    i = next(n for n, o in enumerate(shown) if o.id == q.id)
    start = i
    while start > 0 and not shown[start].heading and _alike(pathway, q, shown[start - 1]):
        start -= 1
    end = i + 1
    while end < len(shown) and not shown[end].heading and _alike(pathway, q, shown[end]):
        end += 1
    return list(shown[start:end])


def row_name(q: Question) -> str:
    """The short name of a grid row: its summary label, else its text."""
    return q.summary_label or q.text




def _grid(pathway: Pathway, rows: list[Question], answers: dict[str, Any]) -> None:
    choices = pathway.choices(rows[0])
    missing = set(state.ui("missing"))
    st.html(assets.style("grid", N=len(choices)))
    with st.container(key=keys.grid(rows[0].id)):
        heads = "".join(f"<span>{html.escape(c.label)}</span>" for c in choices)
        # Hidden from screen readers: each circle says its row and answer itself.
        st.html(f'<div class="aid-grid-head" aria-hidden="true"><span></span>{heads}</div>')
        for q in rows:
            with st.container(key=keys.grid_row(q.id)):
                st.markdown(row_name(q))
                _grid_radio(pathway, q, answers.get(q.id))
            if q.id in missing:
                st.warning(f"Please answer “{row_name(q)}” before going on.")
            state.show_flash(at=q.id)
    longer = [q for q in rows if q.text != row_name(q)]
    if longer:
        with st.expander("What these mean"):
            st.markdown("\n".join(f"- **{row_name(q)}**: {q.text}" for q in longer))


def _grid_radio(pathway: Pathway, q: Question, value: Any) -> None:
    labels = {c.id: f"{row_name(q)}: {c.label}" for c in pathway.choices(q)}
    _seed(key(q.id), value if value in labels else None)
    # The question's full text names the group; its short name is shown beside it.
    st.radio(label(q), list(labels), index=None, format_func=labels.__getitem__, key=key(q.id),
             horizontal=True, label_visibility="collapsed", on_change=_changed,
             args=(pathway.id, q.id))


def _single(pathway: Pathway, q: Question, value: Any) -> None:
    choices = pathway.choices(q)
    labels = {c.id: c.label for c in choices}
    _seed(key(q.id), value if value in labels else None)
    captions = [c.help or "" for c in choices] if any(c.help for c in choices) else None
    st.radio(label(q), list(labels), index=None, format_func=labels.__getitem__, key=key(q.id),
             captions=captions, help=q.help, on_change=_changed, args=(pathway.id, q.id))


def _multiple(pathway: Pathway, q: Question, value: Any) -> None:
    chosen = value if isinstance(value, list) else []
    with st.container(key=key(q.id)):  # a named group (app's script): its first text names it
        st.markdown(f"**{label(q)}**")
        if _first_multiple(pathway, q):  # said once per step, not under every question
            st.caption("Tick all that apply.")
        for c in pathway.choices(q):
            choice_box(pathway, q, c, chosen)


def choice_box(pathway: Pathway, q: Question, c: Choice, chosen: list[Any]) -> None:
    """The checkbox of choice ``c`` of the multiple-choice question ``q``, seeded from
    ``chosen``; ticking it stores the answer. Drawn inside ``q``'s group (``key(q.id)``)."""
    k = choice_key(q.id, c.id)
    _seed(k, c.id in chosen)
    st.checkbox(c.label, key=k, help=c.help, on_change=_toggled, args=(pathway.id, q.id, c.id))


def _first_multiple(pathway: Pathway, q: Question) -> bool:
    step = pathway.step_of.get(q.id)
    first = next((o for o in step.questions if o.kind == "multiple"), None) if step else None
    return first is None or first.id == q.id


def scale_words(q: Question) -> str:
    """What the ends of a 0-10 scale mean, in words ("" when the question has no end labels)."""
    low = f"{q.min} means {q.min_label.lower()}" if q.min_label else ""
    high = f"{q.max} means {q.max_label.lower()}" if q.max_label else ""
    return "; ".join(x for x in (low, high) if x) + "." if low or high else ""


def scale_label(q: Question) -> str:
    """A 0-10 scale's label: the question, then what its ends mean, so everyone (a screen
    reader too) meets the ends before the 11 numbers, on every scale."""
    words = scale_words(q)
    return f"{label(q)} ({words[:-1]})" if words else label(q)


def _yes_no(pathway: Pathway, q: Question, value: Any) -> None:
    _seed(key(q.id), value if isinstance(value, bool) else None)
    st.radio(label(q), [True, False], index=None, format_func=_yes_no_label, key=key(q.id),
             horizontal=True, help=q.help, on_change=_changed, args=(pathway.id, q.id))


def _yes_no_label(value: bool) -> str:
    return "Yes" if value else "No"


def _scale(pathway: Pathway, q: Question, value: Any) -> None:
    numbers = list(range(q.min, q.max + 1))
    ok = isinstance(value, int) and not isinstance(value, bool) and value in numbers
    _seed(key(q.id), value if ok else None)
    with st.container(key=keys.scale(q.id)):
        st.radio(scale_label(q), numbers, index=None, key=key(q.id), horizontal=True,
                 help=q.help, width="stretch", on_change=_changed, args=(pathway.id, q.id))


def _text(pathway: Pathway, q: Question, value: Any) -> None:
    _seed(key(q.id), value if isinstance(value, str) else "")
    # The box stops at its limit: say so before typing (the count under it shows while typing).
    empty = "" if q.required else " You can leave this empty."
    st.text_area(label(q), key=key(q.id), max_chars=q.max_length, on_change=_changed,
                 args=(pathway.id, q.id), placeholder=limit_words(q.max_length) + empty)


def limit_words(n: int) -> str:
    """What a text box's length limit is, said before the person types."""
    return f"Up to {n} characters."


_DRAW = {
    "single": _single,
    "multiple": _multiple,
    "yes_no": _yes_no,
    "scale": _scale,
    "text": _text,
}
