"""Downloads exist when their button is drawn, and making a PDF writes no typed text to a log.

Streamlit 1.67 drops a deferred download (``data=`` a callable) after any two script runs of any
session (docs/upstream-streamlit-deferred-download.md), so every button must carry its file.
The real-server check with many sessions is in test_server_protocol.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from decision_aid.load import read
from decision_aid.plan import OwnQuestion, QuestionEdits, plan
from decision_aid_ui import downloads, exports, keys
from testing.apptest import app, no_exception, page_text, start, walk_to_summary

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "example.yaml"
EXAMPLE = read(FIXTURE)
FOREIGN = "我的背痛 Ελληνικά"


@pytest.fixture
def at(example_pathways: Path):  # noqa: ANN201 - AppTest
    return no_exception(app())


def _eager(at) -> dict[str, str]:  # noqa: ANN001
    buttons = {b.key: b.proto for b in at.get("download_button")}
    assert buttons
    for key, proto in buttons.items():
        assert not proto.deferred_file_id, f"{key} is deferred: Streamlit may drop its file"
        assert "/media/" in proto.url, key
    return {k: p.url for k, p in buttons.items()}


def test_every_download_carries_its_file(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    assert set(_eager(at)) == {"dl_answers_step"}
    walk_to_summary(at, EXAMPLE)
    assert set(_eager(at)) == {"dl_markdown", "dl_answers", "dl_fhir"}
    no_exception(at.button(key="make_pdf").click().run())
    assert set(_eager(at)) == {"dl_markdown", "dl_answers", "dl_fhir", "dl_pdf_a4"}
    no_exception(at.button(key="pdf_other").click().run())
    assert set(_eager(at)) == {"dl_markdown", "dl_answers", "dl_fhir", "dl_pdf_letter"}


@pytest.mark.parametrize(("locale", "paper"), [
    ("en-US", "Letter"), ("en-GB", "A4"), ("fr-CA", "Letter"), ("es-MX", "Letter"),
    ("en_us", "Letter"), ("de-DE", "A4"), ("en", "A4"), ("es-419", "A4"),
    ("zh-Hant-TW", "A4"), ("", "A4"), (None, "A4"),
])
def test_the_pdf_is_made_on_the_paper_of_the_browsers_region(locale: str | None,
                                                             paper: str) -> None:
    assert downloads.paper_for(locale) == paper


def _foreign_plan():  # noqa: ANN202
    edits = QuestionEdits(own=(OwnQuestion("own_1", FOREIGN),))
    return plan(EXAMPLE, {"coping": True}, edits)


def test_pdf_says_which_typed_characters_it_cannot_show() -> None:
    missing = exports.missing_in_pdf(_foreign_plan())
    assert missing == [c for c in dict.fromkeys(FOREIGN) if c != " "]
    assert exports.missing_in_pdf(plan(EXAMPLE, {"coping": True})) == []


def test_summary_page_names_the_characters_the_pdf_lacks(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    walk_to_summary(at, EXAMPLE)
    at.session_state["edits"] = {"hidden": [], "order": [],
                                 "own": [{"id": "own_1", "text": FOREIGN}]}
    text = page_text(no_exception(at.run()))
    assert "cannot be printed in the PDF" in text
    assert "我 的 背 痛" in text


def test_making_a_pdf_logs_no_typed_text(caplog: pytest.LogCaptureFixture,
                                         capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    data = exports.pdf(_foreign_plan(), "A4")
    assert data.startswith(b"%PDF")
    logged = caplog.text + "".join(capfd.readouterr())
    assert not set(FOREIGN.replace(" ", "")) & set(logged), logged


def test_the_summary_files_follow_every_change_of_answers_or_questions(at) -> None:  # noqa: ANN001
    # The files are made once per set of answers and kept while the summary reruns (a press on
    # "PDF to print"); an own question added, or an answer changed, makes them again.
    start(at, EXAMPLE)
    walk_to_summary(at, EXAMPLE)
    first = at.session_state[keys.FILES]
    no_exception(at.button(key="make_pdf").click().run())
    assert at.session_state[keys.FILES].made_from == first.made_from
    edits = dict(at.session_state["edits"])
    edits["own"] = [*edits["own"], {"id": "own_9", "text": "Can I swim with it?"}]
    at.session_state["edits"] = edits
    no_exception(at.run())
    files = at.session_state[keys.FILES]
    assert "Can I swim with it?" not in first.text + first.answers + first.fhir
    for text in (files.text, files.answers, files.fhir):
        assert "Can I swim with it?" in text
    answers = dict(at.session_state["answers"])
    answers["coping"] = not answers.get("coping", False)
    at.session_state["answers"] = answers
    no_exception(at.run())
    assert at.session_state[keys.FILES].answers != files.answers
