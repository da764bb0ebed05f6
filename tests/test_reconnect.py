"""After a restart the start page says so in plain words and offers the saved file; the page
address marks a walk in progress (never an answer). The real reconnects are in
test_server_protocol.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid_ui import reconnect
from testing.apptest import app, no_exception, page_text, start

pytestmark = pytest.mark.usefixtures("example_pathways")

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "example.yaml"
EXAMPLE = read(FIXTURE)


def _app(**query: str) -> AppTest:
    return no_exception(app(**query))


def test_a_new_visit_has_no_notice() -> None:
    at = _app()
    assert "resume_restart" not in [u.key for u in at.get("file_uploader")]
    assert "had to restart" not in page_text(at)


def test_a_restarted_walk_gets_the_notice_and_can_carry_on() -> None:
    at = _app(**{reconnect.MARK: "1"})
    assert "The page had to restart" in page_text(at)
    data = saved.dumps(EXAMPLE, {"coping": True}).encode()
    no_exception(at.file_uploader(key="resume_restart").set_value(
        ("my-answers.json", data, "application/json")).run())
    assert at.session_state["answers"] == {"coping": True}
    assert "had to restart" not in page_text(at)


def test_a_bad_file_in_the_notice_is_refused_there() -> None:
    at = _app(**{reconnect.MARK: "1"})
    no_exception(at.file_uploader(key="resume_restart").set_value(
        ("x.json", b"not json", "application/json")).run())
    assert any("could not be read" in e.value for e in at.error)
    assert "The page had to restart" in page_text(at)


def test_the_address_marks_a_walk_in_progress_only() -> None:
    at = _app()
    start(at, EXAMPLE)
    assert reconnect.MARK not in at.query_params  # started, nothing to lose yet
    no_exception(at.checkbox(key="w_warning_signs__none").check().run())
    assert at.query_params[reconnect.MARK] == "1"
    no_exception(at.button(key="nav_home").click().run())
    no_exception(at.button(key="restart_example").click().run())
    no_exception(at.button(key="confirm_yes").click().run())  # clearing asks first
    assert reconnect.MARK not in at.query_params


def test_the_connection_dialog_speaks_to_people() -> None:
    # Streamlit's dialog text is hidden by the style sheet drawn on every page; the words
    # that replace it are checked in a real browser (tests/browser/test_reconnect.py).
    assert "streamlit run" not in reconnect.OFFLINE
    html = [e.proto.body for e in _app().get("html")]
    assert any(reconnect.OFFLINE in body for body in html)
