"""The Streamlit app, driven by AppTest and keyed by question id (see the key scheme in app.py).

Run: .venv/bin/python -m pytest tests/test_app.py --no-cov -q
Regenerate golden files: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_app.py --no-cov -q
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from decision_aid.answers import example, holds
from decision_aid.formats import saved, summary
from decision_aid.load import read
from decision_aid.model import AnyOf, Compare, Condition, Pathway, RedFlag
from decision_aid.path import none_groups, visible_questions
from decision_aid.plan import plan
from decision_aid.safety import safety
from decision_aid_ui import exports, reconnect, state, warning_screen
from testing.answers import safe_answer
from testing.apptest import (
    ROOT,
    answer_step,
    answers,
    app,
    nav,
    next_step,
    no_exception,
    set_answer,
    start,
    step_id,
    walk_to_summary,
)

FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
SHIPPED = sorted((ROOT / "pathways").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "golden"
TODAY = dt.date(2026, 6, 1)  # before the fixture's next review, so the golden file is stable
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.com/t.png)",
    "[link](javascript:alert(1))",
)
EXAMPLE = read(FIXTURE)


@pytest.fixture
def fixture_dir(example_pathways: Path) -> Path:
    """A pathways folder with the example pathway and a broken file."""
    (example_pathways / "broken.yaml").write_text("schema_version: 1\nid: broken\ntitle: [oops\n")
    return example_pathways


@pytest.fixture
def at(fixture_dir: Path):  # noqa: ANN201 - AppTest
    return no_exception(app())


def keys(widgets: Any) -> list[str]:
    return [w.key for w in widgets]


def texts(elements: Any) -> str:
    return "\n".join(str(e.value) for e in elements)


def shipped_id(path: Path) -> str:
    return path.stem


# --- Start page ---------------------------------------------------------------------------------


def test_start_page_offers_pathways_and_names_a_broken_file(at) -> None:  # noqa: ANN001
    assert "start_example" in keys(at.button)
    assert "start_broken" not in keys(at.button)
    warning = texts(at.warning)
    assert "broken.yaml" in warning
    assert "broken.yaml" in texts(at.text) and "YAML" in texts(at.text)
    # no reading time for a pathway that gives none (the shipped ones: test_app_start_page)
    assert "minutes" not in texts(at.markdown) + texts(at.caption)
    assert "stored or sent" in texts(at.markdown)


def test_every_pathway_file_broken_still_shows_a_start_page(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "bad.yaml").write_text("not: [a pathway\n")
    monkeypatch.setenv("DECISION_AID_PATHWAYS", str(tmp_path))
    page = no_exception(app())
    assert "bad.yaml" in texts(page.warning)
    assert not [k for k in keys(page.button) if k.startswith("start_")]


# --- Walking ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=shipped_id)
def test_full_walk_of_each_shipped_pathway(path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)
    pathway = read(path)
    page = walk_to_summary(start(app(), pathway), pathway)
    assert page.header[0].value == pathway.steps_by_id[step_id(page)].title
    assert {"dl_markdown", "dl_answers"} <= set(keys(page.get("download_button")))
    assert [s.id for s in pathway.steps if s.kind != "summary"][0] in "".join(keys(page.button))
    _check_pdf(pathway, page)


def test_full_walk_of_the_fixture(at) -> None:  # noqa: ANN001
    walk_to_summary(start(at, EXAMPLE), EXAMPLE)
    # The first duration answer ("less than 6 weeks") routes past "What you have tried".
    assert [b.key for b in at.button if b.key.startswith("edit_")] == [
        "edit_safety", "edit_pain", "edit_values", "edit_ladder", "edit_my_questions"
    ]
    assert "Step 6 of 6" in at.progress[0].proto.text


def test_progress_and_heading_on_each_step(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    assert at.header[0].value == "Safety check"
    assert at.progress[0].proto.text.startswith("Step 1 of ")
    assert nav(at, "back") in keys(at.button) and nav(at) in keys(at.button)


def test_required_answers_are_asked_for_before_next(at) -> None:  # noqa: ANN001
    next_step(start(at, EXAMPLE))
    assert step_id(at) == "safety"
    # the sign groups get one note beside "None of these"; other questions are listed by name
    assert texts(at.warning).count(warning_screen.UNANSWERED) == 1
    assert "Do you have any of these now?" not in texts(at.warning)
    assert "Please answer" in texts(at.warning) and "Are you coping day to day?" in texts(
        at.warning)


def test_back_and_forward_keep_answers(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    answer_step(at, EXAMPLE)
    next_step(at)
    answer_step(at, EXAMPLE, {"duration": "over_3_months", "long_term_detail": "Worse at night"})
    next_step(at)
    assert step_id(at) == "tried"
    no_exception(at.button(key=nav(at, "back")).click().run())
    no_exception(at.button(key=nav(at, "back")).click().run())
    assert step_id(at) == "safety"
    assert at.checkbox(key="w_warning_signs__none").value is True
    assert at.radio(key="w_coping").value is True
    next_step(at)
    assert at.radio(key="w_duration").value == "over_3_months"
    assert at.text_area(key="w_long_term_detail").value == "Worse at night"
    assert at.radio(key="w_pain_average").value == 0


def test_changing_an_early_answer_drops_hidden_answers_and_says_so(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    answer_step(at, EXAMPLE)
    next_step(at)
    answer_step(at, EXAMPLE, {"duration": "over_3_months", "long_term_detail": "Worse at night"})
    next_step(at)
    answer_step(at, EXAMPLE, {"tried_exercise": "helped"})
    no_exception(at.button(key=nav(at, "back")).click().run())
    no_exception(at.radio(key="w_duration").set_value("under_6_weeks").run())
    now = answers(at)
    assert "long_term_detail" not in now and "tried_exercise" not in now
    note = texts(at.info)
    assert "we cleared your answers" in note
    assert "What have you noticed over the months?" in note
    assert "Exercise or physiotherapy" in note
    assert "w_long_term_detail" not in keys(at.text_area)


def test_none_of_these_is_exclusive_and_never_clears_a_sign(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    none = "w_warning_signs__none"
    no_exception(at.checkbox(key=none).check().run())
    no_exception(at.checkbox(key="w_warning_signs__fever").check().run())
    assert answers(at)["warning_signs"] == ["fever"]
    assert at.checkbox(key=none).value is False
    # "None of these" while a sign is ticked: refused, the sign kept, and said why
    no_exception(at.checkbox(key=none).check().run())
    assert answers(at)["warning_signs"] == ["fever"] and at.checkbox(key=none).value is False
    assert "You have ticked: Fever." in texts(at.warning)
    no_exception(at.checkbox(key="w_warning_signs__fever").uncheck().run())
    no_exception(at.checkbox(key=none).check().run())
    assert answers(at)["warning_signs"] == ["none"]


# --- The warning-sign screen of the shipped pathways: one "None of these" ---------------------

def _main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    return _app_for(read(ROOT / "pathways" / "mid-back-pain.yaml"), monkeypatch, tmp_path)


def _groups(page: Any) -> list[str]:
    p = read(ROOT / "pathways" / "mid-back-pain.yaml")
    step = p.steps_by_id[step_id(page)]
    return [q.id for q in none_groups(p, step, answers(page))]


def test_one_none_of_these_answers_every_group(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    groups = _groups(page)
    assert len(groups) >= 5
    boxes = [k for k in keys(page.checkbox) if k.endswith("__none")]
    assert boxes == [f"w_{groups[0]}__none"]  # one box, under the last group
    assert keys(page.checkbox)[-1] == boxes[0]
    assert "Tick all that apply." not in texts(page.caption)
    no_exception(page.checkbox(key=boxes[0]).check().run())
    assert answers(page) == {g: ["none"] for g in groups}  # one answer per group, as before
    next_step(page)
    assert step_id(page) == "about_pain"
    no_exception(page.button(key=nav(page, "back")).click().run())
    assert page.checkbox(key=boxes[0]).value is True  # drawn again: ticked from the answers
    # unticking it clears the groups it answered: the step is unanswered again
    no_exception(page.checkbox(key=boxes[0]).uncheck().run())
    assert answers(page) == {}
    next_step(page)
    assert step_id(page) == "safety"
    assert texts(page.warning).count(warning_screen.UNANSWERED) == 1
    assert "Please answer this question" not in texts(page.warning)


def test_a_sign_completes_the_screen_and_the_other_groups_say_none(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    groups = _groups(page)
    none = f"w_{groups[0]}__none"
    no_exception(page.checkbox(key=none).check().run())
    no_exception(page.checkbox(key="w_soon_signs__not_coping").check().run())
    assert page.checkbox(key=none).value is False  # ticking a sign unticks "None of these"
    next_step(page)
    assert step_id(page) == "about_pain"
    assert answers(page) == {**{g: ["none"] for g in groups}, "soon_signs": ["not_coping"]}


def test_without_none_ticked_first_a_sign_alone_still_completes_it(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    groups = _groups(page)
    no_exception(page.checkbox(key="w_same_day_more__shingles").check().run())
    next_step(page)  # a same-day tick asks whether a clinician has checked it since
    assert step_id(page) == "safety" and "checked_since" not in answers(page)
    no_exception(page.radio(key="w_checked_since").set_value(False).run())
    next_step(page)
    assert step_id(page) == "about_pain"
    assert answers(page) == {**{g: ["none"] for g in groups}, "same_day_more": ["shingles"],
                             "checked_since": False}


def test_the_cancer_follow_up_keeps_its_own_none(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    no_exception(page.checkbox(key="w_same_day_signs__cancer_new_pain").check().run())
    assert "w_cancer_nerve_signs__none" in keys(page.checkbox)
    next_step(page)  # a tick answers the other groups, never the follow-up it showed
    assert step_id(page) == "safety" and "cancer_nerve_signs" not in answers(page)
    assert "New nerve signs with cancer" in texts(page.warning)
    no_exception(page.checkbox(key="w_cancer_nerve_signs__none").check().run())
    no_exception(page.radio(key="w_checked_since").set_value(True).run())
    next_step(page)
    assert step_id(page) == "about_pain"
    assert answers(page)["cancer_nerve_signs"] == ["none"]


def test_none_of_these_never_clears_a_same_day_or_emergency_tick(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    none = f"w_{_groups(page)[0]}__none"
    no_exception(page.checkbox(key="w_same_day_signs__weight_loss").check().run())
    no_exception(page.checkbox(key=none).check().run())
    assert answers(page) == {"same_day_signs": ["weight_loss"]}
    assert page.checkbox(key=none).value is False
    assert "You have ticked: Losing weight without trying." in texts(page.warning)
    assert safety(read(ROOT / "pathways" / "mid-back-pain.yaml"), answers(page)).tier == "same_day"
    # an emergency tick: the takeover, then "I chose this by mistake" and None: still refused
    no_exception(page.checkbox(key="w_emergency_heart_lungs__chest_pain").check().run())
    assert "safety_undo" in keys(page.button)
    no_exception(page.button(key="safety_undo").click().run())
    no_exception(page.checkbox(key=none).check().run())
    assert answers(page)["emergency_heart_lungs"] == ["chest_pain"]
    assert page.checkbox(key=none).value is False and "safety_undo" not in keys(page.button)
    assert nav(page) not in keys(page.button)  # Next stays hidden while the emergency stands


def test_scale_is_unanswered_until_chosen(at) -> None:  # noqa: ANN001
    start(at, EXAMPLE)
    answer_step(at, EXAMPLE)
    next_step(at)
    assert at.radio(key="w_pain_average").value is None
    assert at.radio(key="w_pain_average").options == [str(n) for n in range(11)]


# --- Safety -------------------------------------------------------------------------------------


def _raising(pathway: Pathway, flag: RedFlag) -> tuple[str, Any] | None:
    """A single answer that raises ``flag`` (None when its condition is not that simple)."""
    return _making_true(pathway, flag.when)


def _making_true(pathway: Pathway, when: Condition) -> tuple[str, Any] | None:
    conditions = when.any if isinstance(when, AnyOf) else [when]
    for c in conditions:
        if not isinstance(c, Compare) or c.question not in pathway.questions:
            continue
        kind = pathway.questions[c.question].kind
        if c.operator == "contains" and kind == "multiple":
            return c.question, [c.value]
        if c.operator == "equals":
            return c.question, c.value
        if c.operator in ("gte", "gt") and isinstance(c.value, int):
            return c.question, c.value + (c.operator == "gt")
    return None


def _flags(tier: str) -> list[tuple[Pathway, RedFlag]]:
    pathways = [EXAMPLE, *(read(p) for p in SHIPPED)]
    return [(p, f) for p in pathways for t in p.safety if t.tier == tier for f in t.items]


def _app_for(pathway: Pathway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN202
    if pathway.id == EXAMPLE.id:
        shutil.copy(FIXTURE, tmp_path / "example.yaml")
        monkeypatch.setenv("DECISION_AID_PATHWAYS", str(tmp_path))
    else:
        monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)
    return start(no_exception(app()), pathway)


def _raisings(pathway: Pathway, flag: RedFlag) -> list[tuple[str, Any]]:
    """The answers that raise ``flag``: one, or the fewest ticks of a combination of signs."""
    simple = _raising(pathway, flag)
    if simple is not None:
        return [simple]
    order = {qid: [c.id for c in pathway.choices(pathway.questions[qid])]
             for qid in example(flag.when)}
    return [(qid, sorted(ticks, key=order[qid].index))
            for qid, ticks in example(flag.when).items()]


def _raise_flag(page, pathway: Pathway, flag: RedFlag) -> list[tuple[str, Any]]:  # noqa: ANN001
    raisings = _raisings(pathway, flag)
    if not raisings:
        pytest.skip(f"{flag.id}: condition too complex for this test")
    for qid, value in raisings:
        shown_when = pathway.questions[qid].enable_when
        if shown_when is not None and not holds(shown_when, answers(page)):
            # e.g. the cancer follow-up question: answer the question that shows it first
            before = _making_true(pathway, shown_when)
            assert before is not None, flag.id
            _raise_answer(page, pathway, *before)
        _raise_answer(page, pathway, qid, value)
    return raisings


def _raise_answer(page, pathway: Pathway, qid: str, value: Any) -> None:  # noqa: ANN001
    target = pathway.step_of[qid].id
    for _ in range(len(pathway.steps)):
        if step_id(page) == target:
            break
        answer_step(page, pathway)
        next_step(page)
    no_exception(set_answer(page, pathway.questions[qid], value))
    assert answers(page).get(qid) == value


ALL = [EXAMPLE, *(read(p) for p in SHIPPED)]


def _undo(page, pathway: Pathway, raisings: list[tuple[str, Any]]) -> None:  # noqa: ANN001
    """Take the raising answers back (untick them, or choose the safe answer)."""
    for qid, value in reversed(raisings):
        q = pathway.questions[qid]
        if q.kind == "multiple":
            for choice in value:
                no_exception(page.checkbox(key=f"w_{qid}__{choice}").uncheck().run())
        else:
            no_exception(set_answer(page, q, safe_answer(pathway, q, {})))


@pytest.mark.parametrize("pathway", ALL, ids=lambda p: p.id)
def test_each_emergency_item_stops_the_wizard(pathway, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    flags = [f for p, f in _flags("emergency") if p.id == pathway.id]
    if not flags:
        pytest.skip("no emergency items")
    page = _app_for(pathway, monkeypatch, tmp_path)
    tier = next(t for t in pathway.safety if t.tier == "emergency")
    for flag in flags:
        raisings = _raise_flag(page, pathway, flag)
        qid = raisings[-1][0]
        assert page.header[0].value == tier.title, flag.id
        assert flag.text in texts(page.error) and tier.action in texts(page.error), flag.id
        assert nav(page) not in keys(page.button) and "safety_undo" in keys(page.button)
        assert not [k for k in keys(page.radio) + keys(page.checkbox) if k.startswith("w_")]
        # "I chose this by mistake" returns to the step with the answers intact.
        kept = answers(page)
        no_exception(page.button(key="safety_undo").click().run())
        assert answers(page) == kept, flag.id
        assert step_id(page) == pathway.step_of[qid].id, flag.id
        assert flag.text in texts(page.error), flag.id
        _undo(page, pathway, raisings)
        assert safety(pathway, answers(page)).tier != "emergency", flag.id
        assert nav(page) in keys(page.button), flag.id


@pytest.mark.parametrize("pathway", ALL, ids=lambda p: p.id)
def test_each_same_day_item_shows_a_banner(pathway, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    flags = [f for p, f in _flags("same_day") if p.id == pathway.id]
    if not flags:
        pytest.skip("no same-day items")
    page = _app_for(pathway, monkeypatch, tmp_path)
    for flag in flags:
        tier = next(t for t in pathway.safety if flag in t.items)
        raisings = _raise_flag(page, pathway, flag)
        assert tier.title in texts(page.warning) and flag.text in texts(page.warning), flag.id
        assert nav(page) in keys(page.button), flag.id
        _undo(page, pathway, raisings)
        assert flag.text not in texts(page.warning), flag.id


@pytest.mark.parametrize("pathway", ALL, ids=lambda p: p.id)
def test_same_day_banner_stays_to_the_summary_and_pdf(pathway, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    flags = [f for p, f in _flags("same_day") if p.id == pathway.id and _raising(p, f)]
    if not flags:
        pytest.skip("no same-day item")
    page = _app_for(pathway, monkeypatch, tmp_path)
    _raise_flag(page, pathway, flags[0])
    tier = next(t for t in pathway.safety if t.tier == "same_day")
    for _ in range(len(pathway.steps) + 1):
        assert tier.title in texts(page.warning), step_id(page)
        if pathway.steps_by_id[step_id(page)].kind == "summary":
            break
        answer_step(page, pathway)
        next_step(page)
    assert pathway.steps_by_id[step_id(page)].kind == "summary"
    the_plan = plan(pathway, answers(page), state_edits(page))
    assert summary.to_markdown(the_plan).index(tier.title) < summary.to_markdown(the_plan).index(
        "To tell my clinician first"
    ) if the_plan.tell_first or the_plan.scores else True
    from decision_aid.formats.pdf import pdf_lines

    lines = pdf_lines(the_plan)
    assert any(tier.title in line for line in lines[:3])


# --- Options and questions ----------------------------------------------------------------------


def _walk_to(page, pathway: Pathway, kind: str, chosen: dict | None = None):  # noqa: ANN001, ANN202
    for _ in range(len(pathway.steps)):
        if pathway.steps_by_id[step_id(page)].kind == kind:
            return page
        answer_step(page, pathway, chosen)
        next_step(page)
    raise AssertionError(f"no {kind} step")


def test_question_list_tick_move_delete_and_add_own(at) -> None:  # noqa: ANN001
    _walk_to(start(at, EXAMPLE), EXAMPLE, "clinician_questions")
    no_exception(at.checkbox(key="cq_include_ask_likely").uncheck().run())
    no_exception(at.button(key="cq_up_ask_benefits").click().run())
    no_exception(at.text_input(key="own_new").input("Can I keep working?").run())
    no_exception(at.button(key="own_add").click().run())
    assert at.text_input(key="own_new").value == ""
    edits = at.session_state["edits"]
    assert edits["hidden"] == ["ask_likely"]
    assert edits["order"][:2] == ["ask_benefits", "ask_options"]
    assert edits["own"] == [{"id": "own_1", "text": "Can I keep working?"}]
    assert "Can I keep working?" in texts(at.text)
    no_exception(at.button(key="cq_delete_own_1").click().run())
    assert at.session_state["edits"]["own"] == []


def test_own_question_length_is_bounded(at) -> None:  # noqa: ANN001
    _walk_to(start(at, EXAMPLE), EXAMPLE, "clinician_questions")
    assert at.text_input(key="own_new").max_chars == 300


# --- Summary, downloads and the golden file -----------------------------------------------------


CHOSEN = {
    "warning_signs": ["none"],
    "coping": True,
    "duration": "over_3_months",
    "pain_average": 7,
    "pain_enjoyment": 6,
    "pain_activity": 5,
    "long_term_detail": "It is worse in winter.",
    "tried_exercise": "did_not_help",
    "value_avoid_implants": 8,
    "goal": "Walk to the shops",
    "discuss": ["exercise"],
}


def state_edits(page) -> Any:  # noqa: ANN001
    raw = page.session_state["edits"]
    from decision_aid.plan import OwnQuestion, QuestionEdits

    own = tuple(OwnQuestion(o["id"], o["text"]) for o in raw["own"])
    return QuestionEdits(tuple(raw["hidden"]), tuple(raw["order"]), own)


def _fixed_walk(page):  # noqa: ANN001, ANN202
    _walk_to(start(page, EXAMPLE), EXAMPLE, "clinician_questions", CHOSEN)
    no_exception(page.checkbox(key="cq_include_ask_likely").uncheck().run())
    no_exception(page.text_input(key="own_new").input("Can I keep working?").run())
    no_exception(page.button(key="own_add").click().run())
    return walk_to_summary(page, EXAMPLE, CHOSEN)


def test_markdown_download_matches_golden_file(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    assert answers(at) == CHOSEN
    text = exports.markdown(plan(EXAMPLE, answers(at), state_edits(at), today=TODAY))
    golden = GOLDEN / "example_summary.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_summary_page_shows_everything(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    body = texts(at.markdown)
    for words in ("PEG score", "6 out of 10", "Exercise and physiotherapy", "Did not help",
                  "How much does avoiding an implant matter", "What are my options?",
                  "Options I want to discuss", "version 1.0.0"):
        assert words in body + texts(at.caption) + texts(at.subheader), words
    assert "What are my options?" in body
    assert "How likely are the benefits" not in body
    assert "Walk to the shops" in texts(at.text) and "Can I keep working?" in texts(at.text)
    assert "2027-01-10" in texts(at.caption)


def test_edit_button_jumps_back_and_returns_to_summary(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    no_exception(at.button(key="edit_pain").click().run())
    assert step_id(at) == "pain" and at.radio(key="w_duration").value == "over_3_months"
    no_exception(at.button(key="nav_summary").click().run())
    assert step_id(at) == "summary"


def _check_pdf(pathway: Pathway, page) -> None:  # noqa: ANN001
    from decision_aid.formats.pdf import pdf_lines

    the_plan = plan(pathway, answers(page), state_edits(page))
    for paper in ("A4", "Letter"):
        data = exports.pdf(the_plan, paper)
        assert data.startswith(b"%PDF")
        assert 1 <= len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) <= 2
    lines = "\n".join(pdf_lines(the_plan))
    for q in the_plan.included_questions[:3]:
        assert q.text in lines


def test_pdf_is_one_page_and_has_my_questions(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    # The PDF costs tens of milliseconds, so it is made only when asked for (downloads.py).
    assert not {"dl_pdf_a4", "dl_pdf_letter"} & set(keys(at.get("download_button")))
    no_exception(at.button(key="make_pdf").click().run())
    # One paper a press (A4 when the browser names no Letter region), the other one tap away.
    assert {"dl_pdf_a4", "dl_pdf_letter"} & set(keys(at.get("download_button"))) == {"dl_pdf_a4"}
    assert at.button(key="pdf_other").label == "US Letter paper instead"
    no_exception(at.button(key="pdf_other").click().run())
    assert {"dl_pdf_a4", "dl_pdf_letter"} & set(keys(at.get("download_button"))) == {
        "dl_pdf_letter"}
    assert at.button(key="pdf_other").label == "A4 paper instead"
    no_exception(at.run())  # any other rerun: the PDF is made again only when asked for
    assert not {"dl_pdf_a4", "dl_pdf_letter"} & set(keys(at.get("download_button")))
    _check_pdf(EXAMPLE, at)
    from decision_aid.formats.pdf import pdf_lines

    lines = pdf_lines(plan(EXAMPLE, answers(at), state_edits(at)))
    assert any("Can I keep working?" in line for line in lines)


def test_fhir_download_when_available(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    assert "dl_fhir" in keys(at.get("download_button"))
    doc = json.loads(exports.fhir(EXAMPLE, answers(at)))
    assert doc["resourceType"] == "QuestionnaireResponse"


# --- Resume ---------------------------------------------------------------------------------------


def _upload(page, key: str, name: str, data: bytes):  # noqa: ANN001, ANN202
    uploader = page.file_uploader(key=key)
    return no_exception(uploader.set_value((name, data, "application/json")).run())


def test_resume_round_trip(at, fixture_dir) -> None:  # noqa: ANN001
    _fixed_walk(at)
    before, edits = answers(at), state_edits(at)
    data = exports.answers_file(EXAMPLE, before, edits).encode()
    fresh = no_exception(app())
    _upload(fresh, "resume_start", "my-answers.json", data)
    assert answers(fresh) == before
    assert state_edits(fresh) == edits
    assert fresh.session_state["page"] == "wizard" and step_id(fresh) == "summary"
    assert "are back" in texts(fresh.success)


def test_a_file_reopens_on_the_step_it_was_saved_on(at) -> None:  # noqa: ANN001
    _walk_to(start(at, EXAMPLE), EXAMPLE, "clinician_questions", CHOSEN)
    here = step_id(at)
    assert at.session_state["page"] == "wizard" and state_step_on(at) == here
    saved_file = exports.answers_file(EXAMPLE, answers(at), state_edits(at), here).encode()
    fresh = no_exception(app())
    _upload(fresh, "resume_start", "my-answers.json", saved_file)
    assert step_id(fresh) == here != "summary"
    assert answers(fresh) == answers(at)


def state_step_on(page) -> str | None:  # noqa: ANN001
    """What the footer's "Save my answers" writes as the step (decision_aid_ui.state.step_on)."""
    ss = page.session_state
    return str(ss["step"]) if ss["page"] == "wizard" and ss["step"] else None


def _bad_files() -> list[tuple[str, bytes, str]]:
    good = json.loads(saved.dumps(EXAMPLE, {"coping": True}))
    newer = {**good, "format_version": 99}
    foreign = {**good, "pathway": "knee_pain"}
    wrong = {**good, "answers": {"coping": "maybe"}}
    too_big = b'{"format": "x", "pad": "' + b"x" * (saved.MAX_BYTES + 10) + b'"}'
    return [
        ("not-json", b"\x89PNG not json at all", "could not be read"),
        ("other-json", b'{"hello": "world"}', "not a saved answers file"),
        ("too-large", too_big, "too large"),
        ("newer", json.dumps(newer).encode(), "newer version"),
        ("foreign-pathway", json.dumps(foreign).encode(), "does not have"),
        ("bad-answer", json.dumps(wrong).encode(), "do not fit"),
    ]


@pytest.mark.parametrize("name,data,message", _bad_files(), ids=[b[0] for b in _bad_files()])
@pytest.mark.parametrize("where", ["first_step", "summary"])
def test_bad_resume_file_gives_its_message_and_loses_nothing(at, name, data, message, where) -> None:  # noqa: ANN001, E501
    # The uploader is on the start page only; a person may reach it from any step.
    if where == "summary":
        walk_to_summary(start(at, EXAMPLE), EXAMPLE)
    else:
        start(at, EXAMPLE)
        answer_step(at, EXAMPLE)
    no_exception(at.button(key="nav_home").click().run())
    before = (answers(at), at.session_state["edits"], at.session_state["page"], step_id(at))
    _upload(at, "resume_start", f"{name}.json", data)
    errors = texts(at.error)
    assert summary.escape_markdown(message) in errors, errors
    after = (answers(at), at.session_state["edits"], at.session_state["page"], step_id(at))
    assert after == before


def test_resume_from_a_fhir_response(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    before = answers(at)
    fresh = no_exception(app())
    _upload(fresh, "resume_start", "fhir.json", exports.fhir(EXAMPLE, before).encode())
    assert answers(fresh) == before


# --- Free text stays text -------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_free_text_payloads_stay_literal(at, payload: str) -> None:  # noqa: ANN001
    chosen = {**CHOSEN, "long_term_detail": payload, "goal": payload}
    _walk_to(start(at, EXAMPLE), EXAMPLE, "clinician_questions", chosen)
    no_exception(at.text_input(key="own_new").input(payload).run())
    no_exception(at.button(key="own_add").click().run())
    assert payload in texts(at.text)  # the own question, as plain text
    walk_to_summary(at, EXAMPLE, chosen)
    assert answers(at)["goal"] == payload
    shown = texts(at.text)
    assert shown.count(payload) >= 3  # goal twice (tell first, values) and the own question
    rich = texts(at.markdown) + texts(at.info) + texts(at.warning) + texts(at.error)
    rich += "".join(str(e.label) for e in at.checkbox) + texts(at.caption)
    assert payload not in rich
    assert all(payload not in h.value for h in at.html)
    md = exports.markdown(plan(EXAMPLE, answers(at), state_edits(at), today=TODAY))
    # typed text goes into Markdown only as code spans: literal, never a link, image or tag
    assert summary.literal(payload) in md
    assert payload not in md.replace(summary.literal(payload), "")
    from decision_aid.formats.pdf import pdf_lines

    assert any(payload in line for line in pdf_lines(plan(EXAMPLE, answers(at),
                                                           state_edits(at))))


# --- About page, review date, configuration ------------------------------------------------------


def test_about_page(at) -> None:  # noqa: ANN001
    no_exception(at.button(key="about_example").click().run())
    body = texts(at.markdown)
    for words in ("Test Author", "Test Reviewer", "No funding", "None declared",
                  "Example guideline.", "Next check due 10 January 2027", "every year",
                  "stored or sent"):
        assert words in body, words
    no_exception(at.button(key="about_back").click().run())
    assert at.session_state["page"] == "start"


def test_past_review_date_shows_a_notice(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    # Past review but within the 2 years after which a guide is taken down (test_catalog.py).
    due = dt.date.today() - dt.timedelta(days=200)
    text = FIXTURE.read_text().replace("next_review: 2027-01-10", f"next_review: {due}")
    text = text.replace("published: 2026-01-10", f"published: {due - dt.timedelta(days=400)}")
    text = text.replace("last_reviewed: 2026-01-10",
                        f"last_reviewed: {due - dt.timedelta(days=365)}")
    (tmp_path / "example.yaml").write_text(text)
    monkeypatch.setenv("DECISION_AID_PATHWAYS", str(tmp_path))
    page = start(no_exception(app()), EXAMPLE)
    assert "due for review" in texts(page.warning)


def test_session_state_holds_only_plain_data(at) -> None:  # noqa: ANN001
    _fixed_walk(at)
    # Streamlit's own pickling check is off (it breaks reconnects: .streamlit/config.toml), so
    # this is the guard: every key the app keeps is JSON data, which also pickles.
    mine = {k: at.session_state[k] for k in (state.PATHWAY, state.ANSWERS, state.PAGE, state.STEP,
                                             state.EDITS, state.FLASH, state.UI,
                                             reconnect.RESTARTED)}
    assert json.loads(json.dumps(mine)) == mine


def test_config_has_the_privacy_settings() -> None:
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["client"]["toolbarMode"] == "minimal"
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["enableCORS"] is True
    assert cfg["server"]["maxUploadSize"] == 1
    # A phone locked for 15 minutes finds its answers; memory is bounded (docs/deploy.md).
    assert 15 * 60 < cfg["server"]["disconnectedSessionTTL"] <= 30 * 60
    assert cfg["runner"]["enforceSerializableSessionState"] is False


def test_no_user_text_reaches_unsafe_html() -> None:
    sources = "".join(p.read_text() for p in (ROOT / "decision_aid_ui").glob("*.py"))
    sources += (ROOT / "app.py").read_text()
    # Only the icon array, built from numbers alone (icons.svg rounds them to ints).
    assert sources.count("unsafe_allow_html=True") == 1
    assert "st.markdown(icons.svg(f.n, f.n_high), unsafe_allow_html=True)" in sources
    # Constant script files only (decision_aid_ui/assets), their data escaped into attributes
    # beside them (tests/test_ui_assets.py): the page scripts, the scroll to a warning message
    # (a key from the content and a number), and the focus kept in the own-question box.
    assert sources.count("unsafe_allow_javascript=True") == 3
    assert 'st.html(assets.script("keep_focus"), unsafe_allow_javascript=True)' in sources
    assert "st.html(scroll_html(key, number), unsafe_allow_javascript=True)" in sources
    assert "st.write(" not in sources


def test_safe_answer_helper_picks_none_of_these() -> None:
    q = EXAMPLE.questions["warning_signs"]
    assert safe_answer(EXAMPLE, q, {}) == ["none"]
    coping = safe_answer(EXAMPLE, EXAMPLE.questions["coping"], {})
    assert safety(EXAMPLE, {"coping": coping}).tier is None
    shown = [q.id for q in visible_questions(EXAMPLE, EXAMPLE.steps[0], {})]
    assert shown == ["warning_signs", "coping"]


def test_icon_array_takes_numbers_only() -> None:
    from decision_aid_ui import icons

    assert icons.counts(10.4, 19.6) == (10, 20)
    assert icons.counts(120, None) == (100, 100)
    with pytest.raises(TypeError):
        icons.svg("<script>")  # type: ignore[arg-type]
    fills = re.findall(r'fill="(#[0-9a-f]{6})"', icons.svg(10, 20))
    assert len(fills) == 100 and len(set(fills)) == 3


@pytest.mark.parametrize("every", [True, False])
def test_resumed_none_is_ticked_only_if_every_group_said_none(every, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    page = _main(monkeypatch, tmp_path)
    groups = _groups(page)
    kept = {g: ["none"] for g in (groups if every else groups[:-1])}
    no_exception(page.button(key="nav_home").click().run())  # the boxes are not drawn: state gone
    page.session_state["answers"] = kept
    no_exception(page.button(key="start_mid_back_pain").click().run())  # "Carry on"
    assert step_id(page) == "safety"
    assert page.checkbox(key=f"w_{groups[0]}__none").value is every
    next_step(page)
    assert step_id(page) == ("about_pain" if every else "safety")
