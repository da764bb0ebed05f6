"""Session state: what a session keeps between reruns.

The chosen pathway id, the answers dict, the current page and step, the question-list edits (as
plain lists, so the state stays serializable) and a few transient UI flags and notes. Everything
else is derived from these on every rerun by the engine. A few modules keep a small note of their
own (the restart marker, the warnings already scrolled to); every session key, theirs and these,
is declared in ``decision_aid_ui/keys.py``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st

from decision_aid import plain_text
from decision_aid.answers import Answer
from decision_aid.formats.summary import escape_markdown
from decision_aid.plan import OwnQuestion, QuestionEdits
from decision_aid_ui.keys import ANSWERS, EDITS, FLASH, PAGE, PATHWAY, STEP, UI

_UI_DEFAULTS: dict[str, Any] = {
    "about": None,  # pathway id shown on the About page
    "back_to": "start",  # page the About page returns to
    "review": False,  # the person chose "I chose this by mistake" after an emergency answer
    "from_summary": False,  # came to a step via an Edit button on the summary
    "missing": [],  # ids of required questions asked for politely after Next
    "moved": False,  # the step changed: scroll to the top once
    "moves": 0,  # how many times the page or step changed (makes each scroll script distinct)
    "confirm": None,  # {"action": "clear" | "replace", "pathway": id} awaiting a yes or no
}


def init() -> None:
    """Create the session's keys on its first run."""
    ss = st.session_state
    ss.setdefault(PATHWAY, None)
    ss.setdefault(ANSWERS, {})
    ss.setdefault(PAGE, "start")
    ss.setdefault(STEP, None)
    ss.setdefault(EDITS, _edits_dict(QuestionEdits()))
    ss.setdefault(FLASH, [])
    ss.setdefault(UI, dict(_UI_DEFAULTS))


def answers() -> dict[str, Answer]:
    """The person's answers, by question id."""
    return dict(st.session_state[ANSWERS])


def set_answers(value: dict[str, Answer]) -> None:
    # Stored without control or direction-override characters (decision_aid/plain_text.py).
    st.session_state[ANSWERS] = {k: plain_text.clean_value(v) for k, v in value.items()}


def unsaved_mark() -> str:
    """A short fingerprint of the answers and question-list edits ("" when there are none), so
    the page can tell whether they changed since the person last saved them."""
    ss = st.session_state
    if not ss[ANSWERS] and not ss[EDITS]["own"] and not ss[EDITS]["hidden"]:
        return ""
    raw = json.dumps([ss[PATHWAY], ss[ANSWERS], ss[EDITS]], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def ui(name: str) -> Any:
    return st.session_state[UI].get(name, _UI_DEFAULTS[name])


def set_ui(**values: Any) -> None:
    st.session_state[UI] = {**st.session_state[UI], **values}


def go(page: str, step: str | None = None) -> None:
    """Switch page (and step); the next draw scrolls to the top."""
    st.session_state[PAGE] = page
    if step is not None:
        st.session_state[STEP] = step
    set_ui(moved=True, missing=[], moves=ui("moves") + 1, confirm=None)


def step_on() -> str | None:
    """The step the person is on (None away from the steps)."""
    ss = st.session_state
    return str(ss[STEP]) if ss[PAGE] == "wizard" and ss[STEP] else None


def edits() -> QuestionEdits:
    """The question-list edits as the engine's type."""
    raw = st.session_state[EDITS]
    own = tuple(OwnQuestion(o["id"], o["text"]) for o in raw["own"])
    shown = tuple(raw.get("shown", []))
    return QuestionEdits(tuple(raw["hidden"]), tuple(raw["order"]), own, shown)


def set_edits(value: QuestionEdits) -> None:
    st.session_state[EDITS] = _edits_dict(value)


def _edits_dict(value: QuestionEdits) -> dict[str, list[Any]]:
    return {
        "hidden": list(value.hidden),
        "order": list(value.order),
        "own": [{"id": o.id, "text": plain_text.clean(o.text)} for o in value.own],
        "shown": list(value.shown),
    }


def begin(
    pathway_id: str,
    answers: dict[str, Answer] | None = None,
    edits: QuestionEdits | None = None,
    step: str | None = None,
) -> None:
    """Start (or resume) a pathway with these answers; any earlier answers are replaced."""
    st.session_state[PATHWAY] = pathway_id
    set_answers(answers or {})
    set_edits(edits or QuestionEdits())
    set_ui(review=False, from_summary=False)
    go("wizard", step)


def flash(kind: str, text: str, *, at: str | None = None, untrusted: bool = False) -> None:
    """Queue a one-time note. ``at`` anchors it next to a widget; untrusted text is escaped."""
    body = escape_markdown(text) if untrusted else text
    st.session_state[FLASH] = [*st.session_state[FLASH], {"kind": kind, "text": body, "at": at}]


def take_flash(at: str | None = None) -> list[dict[str, Any]]:
    """Remove and return the notes anchored at ``at`` (None: the unanchored ones)."""
    notes = st.session_state[FLASH]
    mine = [n for n in notes if n["at"] == at]
    if mine:
        st.session_state[FLASH] = [n for n in notes if n["at"] != at]
    return mine


def show_flash(at: str | None = None) -> None:
    """Draw and clear the notes anchored at ``at``."""
    for note in take_flash(at):
        getattr(st, note["kind"])(note["text"])
