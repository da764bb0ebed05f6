"""Stored answers hold no control or direction-override characters (issue 26, review L4)."""

from __future__ import annotations

import pytest

from decision_aid import plain_text
from testing.apptest import app, no_exception

TYPED = "Walk\x1b[31m the \x07dog\u202e again\x00\x7f\x85\u2066!\n\tsoon \u200fمرحبا"
KEPT = "Walk[31m the dog again!\n\tsoon \u200fمرحبا"


def test_clean_drops_controls_and_overrides_and_keeps_lines_tabs_and_marks() -> None:
    assert plain_text.clean(TYPED) == KEPT
    assert plain_text.clean_value([TYPED, 3]) == [KEPT, 3]
    assert plain_text.clean_value(True) is True


@pytest.mark.usefixtures("shipped_pathways")
def test_typed_text_and_own_questions_are_stored_clean() -> None:
    at = no_exception(app())
    no_exception(at.button(key="start_mid_back_pain").click().run())
    at.session_state["step"] = "about_pain"
    no_exception(at.run())
    no_exception(at.text_area(key="w_goal").input(TYPED).run())
    assert at.session_state["answers"]["goal"] == KEPT
    at.session_state["step"] = "compare"
    no_exception(at.run())
    no_exception(at.text_input(key="own_new").input("Can I swim?\u202e\x1b").run())
    assert [o["text"] for o in at.session_state["edits"]["own"]] == ["Can I swim?"]
