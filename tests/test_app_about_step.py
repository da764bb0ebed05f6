"""The merged "About your pain" step, the short start page and step footer, and the question
before an uploaded file replaces answers (AppTest, shipped pathways).

Run: .venv/bin/python -m pytest tests/test_app_about_step.py --no-cov -q
"""

from __future__ import annotations

import json

import pytest

from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid_ui import widgets
from testing.apptest import ROOT, answer_step, answers, app, next_step, no_exception, start, step_id

pytestmark = pytest.mark.usefixtures("shipped_pathways")

MAIN = read(ROOT / "pathways" / "mid-back-pain.yaml")


def _about_pain():  # type: ignore[no-untyped-def]  # noqa: ANN202
    at = start(app(), MAIN)
    answer_step(at, MAIN)
    next_step(at)
    assert step_id(at) == "about_pain"
    return at


def test_tried_is_one_grid_on_the_about_pain_step() -> None:
    at = _about_pain()
    assert [s.value for s in at.subheader] == ["What you have tried"]
    assert [e.label for e in at.expander] == ["About mid-back pain", "What these mean"]
    step = MAIN.steps_by_id["about_pain"]
    rows = [q for q in step.questions if q.id.startswith("tried_")]
    assert widgets.grid_rows(MAIN, rows[3], {}) == rows
    for q in rows:
        radio = at.radio(key=f"w_{q.id}")
        assert radio.label == q.text  # the group's name: the whole question
        assert "COLLAPSED" in str(radio.label_visibility)
        # each circle: row and column, for screen readers
        assert radio.options == [f"{widgets.row_name(q)}: {c.label}" for c in MAIN.choices(q)]
    no_exception(at.radio(key="w_tried_exercise").set_value("helped").run())
    assert answers(at)["tried_exercise"] == "helped"
    no_exception(at.checkbox(key="w_current_medicines__paracetamol").check().run())
    no_exception(at.radio(key="w_duration").set_value("over_1_year").run())
    next_step(at)
    assert step_id(at) == MAIN.steps[2].id and "tried" not in [s.id for s in MAIN.steps]


def test_no_caption_is_repeated_on_the_step() -> None:
    at = _about_pain()
    captions = [c.value for c in at.caption]
    assert len(captions) == len(set(captions)), captions
    assert not any("Need a break" in c for c in captions)


def test_the_footer_is_save_and_a_menu() -> None:
    at = _about_pain()
    assert at.get("download_button")[0].label == "Save my answers"
    no_exception(at.button(key="nav_about").click().run())
    assert at.session_state["page"] == "about"


def test_start_page_keeps_the_rest_one_click_away() -> None:
    at = no_exception(app())
    assert [e.label for e in at.expander] == ["About this tool", "Carry on from a saved file"]
    assert at.button(key=f"about_{MAIN.id}")  # the About pages, inside "About this tool"
    assert at.get("file_uploader")[0].key == "resume_start"


def _upload(at, data: bytes):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    uploader = at.file_uploader(key="resume_start")
    return no_exception(uploader.set_value(("my-answers.json", data, "application/json")).run())


def _other_file() -> bytes:
    chosen = {"emergency_heart_lungs": ["none"], "duration": "over_1_year"}
    return saved.dumps(MAIN, chosen).encode()


def _with_answers():  # type: ignore[no-untyped-def]  # noqa: ANN202
    at = _about_pain()
    no_exception(at.radio(key="w_duration").set_value("under_6_weeks").run())
    no_exception(at.button(key="nav_home").click().run())
    return at, answers(at)


def test_an_uploaded_file_asks_before_it_replaces_answers_and_no_keeps_them() -> None:
    at, before = _with_answers()
    _upload(at, _other_file())
    assert answers(at) == before and at.session_state["page"] == "start"
    assert any("replaces the answers you have now" in w.value for w in at.warning)
    assert "dl_answers_resume" in [b.key for b in at.get("download_button")]
    no_exception(at.button(key="resume_no").click().run())
    assert answers(at) == before
    assert not [b for b in at.button if b.key == "resume_yes"]


def test_yes_opens_the_uploaded_file() -> None:
    at, _ = _with_answers()
    _upload(at, _other_file())
    no_exception(at.button(key="resume_yes").click().run())
    assert answers(at)["duration"] == "over_1_year"
    assert at.session_state["page"] == "wizard"


def test_an_upload_with_no_answers_now_opens_at_once() -> None:
    at = no_exception(app())
    _upload(at, _other_file())
    assert answers(at) == json.loads(_other_file())["answers"]
