"""Each step has its own address: the browser's Back and Forward (a new run with the address
of another step) move the session there, never past a step that still needs an answer; the
address names the step and nothing the person said."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from decision_aid.load import read
from decision_aid_ui import address
from testing.apptest import answer_step, answers, app, next_step, no_exception, start, step_id

pytestmark = pytest.mark.usefixtures("example_pathways")

FIXTURE = Path(__file__).parent / "fixtures" / "example.yaml"
EXAMPLE = read(FIXTURE)


def _browser_goes_to(at: AppTest, place: str | None) -> AppTest:
    # What the browser does on Back or Forward: a new run with that entry's address.
    if place is None:
        del at.query_params[address.PARAM]
    else:
        at.query_params[address.PARAM] = place
    return no_exception(at.run())


def test_back_and_forward_move_between_steps_and_keep_answers() -> None:
    at = no_exception(app())
    assert address.PARAM not in at.query_params  # the start page has no step
    start(at, EXAMPLE)
    first = step_id(at)
    assert at.query_params[address.PARAM] == first
    answer_step(at, EXAMPLE)
    next_step(at)
    second = step_id(at)
    assert second != first and at.query_params[address.PARAM] == second
    kept = answers(at)
    assert set(at.query_params) <= {address.PARAM, "walk"}  # no answer in the address

    _browser_goes_to(at, first)  # Back
    assert step_id(at) == first and answers(at) == kept
    _browser_goes_to(at, second)  # Forward
    assert step_id(at) == second and answers(at) == kept
    _browser_goes_to(at, None)  # Back to the start page
    assert at.session_state["page"] == "start" and answers(at) == kept


def test_forward_never_skips_a_step_that_needs_an_answer() -> None:
    at = no_exception(app())
    start(at, EXAMPLE)
    first = step_id(at)
    _browser_goes_to(at, EXAMPLE.steps[-1].id)  # an address typed or kept from before
    assert step_id(at) == first  # its required answers are still missing
    _browser_goes_to(at, "no_such_step")
    assert step_id(at) == first
