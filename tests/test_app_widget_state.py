"""A widget's own state wins while it is drawn; the answers dict seeds it only when it reappears.

Regression for a lost tick: every rerun used to write each widget's value from the answers dict
into session state. Streamlit sends such values to the browser with ``set_value``, and the
browser then overwrites what it shows, so a click made while the previous rerun was running
could be undone (seen with two safety checkboxes clicked back to back).

Run: .venv/bin/python -m pytest tests/test_app_widget_state.py --no-cov -q
"""

from __future__ import annotations

from typing import Any

import pytest

from decision_aid.load import read
from testing.apptest import ROOT, answers, app, no_exception, start

pytestmark = pytest.mark.usefixtures("shipped_pathways")

PATHWAY = read(ROOT / "pathways" / "mid-back-pain.yaml")
Q = "same_day_signs"  # raises a banner, not a stop, so the boxes stay on the page
A, B = "fever_unwell", "weight_loss"


def box(choice_id: str) -> str:
    return f"w_{Q}__{choice_id}"


@pytest.fixture
def at() -> Any:  # AppTest on the safety step of the main pathway
    return start(no_exception(app()), PATHWAY)


def test_a_rerun_sends_no_stored_values_back_to_the_browser(at) -> None:  # noqa: ANN001
    no_exception(at.checkbox(key=box(A)).check().run())
    boxes = [at.checkbox(key=box(c.id)) for c in PATHWAY.choices(PATHWAY.questions[Q])
             if not c.exclusive]  # the screen has one "None of these", under the last group
    # set_value makes the browser replace its own value: that is how a newer click was lost
    assert [b.key for b in boxes if b.proto.set_value] == []
    assert answers(at)[Q] == [A]


def test_a_stale_answers_dict_does_not_undo_a_tick(at) -> None:  # noqa: ANN001
    no_exception(at.checkbox(key=box(A)).check().run())
    no_exception(at.checkbox(key=box(B)).check().run())
    # As when a rerun for the first click is drawn after the second click reached the browser:
    # the answers dict does not have the second tick yet.
    at.session_state["answers"] = {**answers(at), Q: [A]}
    no_exception(at.run())
    assert at.checkbox(key=box(A)).value is True
    assert at.checkbox(key=box(B)).value is True


def test_two_ticks_in_one_rerun_are_both_kept(at) -> None:  # noqa: ANN001
    at.checkbox(key=box(A)).check()
    no_exception(at.checkbox(key=box(B)).check().run())
    assert answers(at)[Q] == [A, B]
    assert at.checkbox(key=box(A)).value is True and at.checkbox(key=box(B)).value is True


def test_a_widget_drawn_again_is_seeded_from_the_answers(at) -> None:  # noqa: ANN001
    no_exception(at.checkbox(key=box(A)).check().run())
    no_exception(at.button(key="nav_home").click().run())  # the boxes are not drawn: state gone
    at.session_state["answers"] = {**answers(at), Q: [B]}
    no_exception(at.button(key=f"start_{PATHWAY.id}").click().run())  # "Carry on"
    assert at.checkbox(key=box(A)).value is False
    assert at.checkbox(key=box(B)).value is True
