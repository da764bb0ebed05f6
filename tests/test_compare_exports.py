"""The grid, the leaning and the SURE test in every export: Markdown, PDF, saved file, FHIR."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from decision_aid import compare
from decision_aid.formats import fhir, fhir_read, saved, summary
from decision_aid.formats.pdf import pdf_lines, to_pdf
from decision_aid.formats.summary import to_markdown
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.path import visible_questions
from decision_aid.plan import OwnQuestion, QuestionEdits, plan

ROOT = Path(__file__).resolve().parent.parent
PATHWAYS = sorted((ROOT / "pathways").glob("*.yaml"))



def _safe_screen(pathway: Pathway) -> dict[str, Any]:
    """'None of these' to every warning-sign question the person sees."""
    answers: dict[str, Any] = {}
    for step in pathway.steps:
        if step.kind == "safety":
            for q in visible_questions(pathway, step, answers):
                answers[q.id] = ["none"]
    return answers


SAFE = _safe_screen(read(ROOT / "pathways" / "tens.yaml"))
ANSWERS: dict[str, Any] = {
    **SAFE,
    "trade_relief_speed": "lasting",
    "trade_self": "both",
    "shortlist": ["self_care_exercise", "tens_home"],
    "leaning": "tens_home",
    "sure_sure": True,
    "sure_understand": False,
    "sure_risk": True,
    "sure_support": True,
}


@pytest.fixture(scope="module")
def tens() -> Pathway:
    return read(ROOT / "pathways" / "tens.yaml")


def test_markdown_has_the_grid_its_sources_and_the_sure_note(tens: Pathway) -> None:
    text = to_markdown(plan(tens, ANSWERS))
    assert "- I am leaning towards: TENS at home on your own" in text
    assert "- I understand the information: No" in text
    assert "## Worth raising with my clinician" in text
    assert "Questions that may help are on my list." in text
    assert "Could you go over what each option involves, and its benefits and harms, again?" in text
    head = "| Question | Not using TENS for now | Staying active, exercise and other options | "
    assert head + "TENS at home on your own |" in text
    assert (  # the row that answers the trade-off leaned on is marked with its side
        "| How well does it work? I lean to\\: relief that lasts | The pain may stay the same. "
        "There are no numbers for mid-back pain. \\[1\\] |"
    ) in text
    assert "- 1\\. National Institute for Health and Care Excellence \\(NICE\\). Low back" in text
    # The grid comes after the leaning section (the options to discuss lead the summary).
    assert text.index("## Options I want to discuss") < text.index("## Where I am leaning")
    assert text.index("## Where I am leaning") < text.index("## Options I compared")


def test_all_yes_adds_no_note_and_no_help_questions(tens: Pathway) -> None:
    answers = {**ANSWERS, "sure_understand": True}
    p = plan(tens, answers)
    assert summary.raise_note(p) is None
    assert "Worth raising" not in to_markdown(p)
    assert not [q for q in p.included_questions if q.id.startswith("sure_help")]


@pytest.mark.parametrize("item", ["sure_sure", "sure_understand", "sure_risk", "sure_support"])
def test_each_no_adds_its_own_help_question(tens: Pathway, item: str) -> None:
    answers = {**ANSWERS, "sure_understand": True, item: False}
    p = plan(tens, answers)
    helps = [q.id for q in p.included_questions if q.id.startswith("sure_help")]
    assert helps == ["sure_help_" + item.removeprefix("sure_")]
    assert summary.sure_noes(p) == [item]


def test_no_shortlist_no_grid(tens: Pathway) -> None:
    text = to_markdown(plan(tens, {**SAFE, "shortlist": ["keep_going"]}))
    assert "Options I compared" not in text


def test_pdf_lines_have_the_grid_and_the_note(tens: Pathway) -> None:
    p = plan(tens, ANSWERS)
    lines = pdf_lines(p)
    assert summary.GRID_TITLE in lines
    assert summary.RAISE_TITLE in lines
    g = compare.on_page(tens, ANSWERS)
    assert g is not None
    head = summary.PDF_CELL.join(["", *(c.title for c in g.columns)])
    assert lines[lines.index(summary.GRID_TITLE) + 1] == head  # a grid: option names first
    for r in g.rows:  # then one row per question, each option's answer in its column
        row = summary.PDF_CELL.join([r.question, *(c.text for c in r.cells)])
        assert (row in lines) == (r.kind == "fact")  # certainty and leanings are elsewhere
    assert summary.PDF_SOURCES in lines


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("own_questions", [0, 6, 20])
@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_the_fullest_summary_still_makes_a_pdf(path: Path, own_questions: int, paper: str) -> None:
    # Everything at its longest: every option compared, every own question at full length. The
    # PDF shortens the longest parts to fit two pages and keeps the grid's option names (a
    # grid shortened to nothing crashed the summary page: seen under load in the bench walk).
    p = read(path)
    assert p.compare is not None
    everything = [o.id for o in p.options if o.id != p.compare.current]
    text = "Could you say more about this? " * 9
    own = tuple(OwnQuestion(f"own{i}", text) for i in range(own_questions))
    done = plan(p, {p.compare.shortlist_question: everything}, QuestionEdits(own=own))
    data = to_pdf(done, paper="Letter" if paper == "Letter" else "A4")
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) <= 2
    lines = pdf_lines(done)
    assert lines[lines.index(summary.GRID_TITLE) + 1].startswith(summary.PDF_CELL)  # names


def test_the_big_grid_still_fits_two_pdf_pages() -> None:
    main = read(ROOT / "pathways" / "mid-back-pain.yaml")
    answers = {
        "shortlist": ["scs", "exercise", "tens", "medicines"],
        "trade_relief_speed": "quick", "trade_operation": "avoid", "trade_self": "self",
        "trade_side_effects": "fewer", "sure_risk": False,
    }
    data = to_pdf(plan(main, answers))
    # page 1 holds the priorities; the grid may go on page 2 (body text stays >= 10 pt)
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) <= 2


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_fhir_round_trip_keeps_shortlist_trade_offs_leaning_and_sure(path: Path) -> None:
    pathway = read(path)
    assert pathway.compare is not None and pathway.leaning is not None
    answers: dict[str, Any] = {
        "shortlist": [o.id for o in pathway.options[1:3]],
        "leaning": "not_sure",
        **{t.question: "both" for t in pathway.compare.tradeoffs},
        **dict(zip(pathway.leaning.sure, [True, False, False, True], strict=True)),
    }
    doc = json.loads(json.dumps(fhir.response(pathway, answers)))
    back_pathway, back = fhir_read.answers_from_response(doc, {pathway.id: pathway})
    assert back_pathway.id == pathway.id
    assert back == answers
    items = {i["linkId"]: i for i in _flat(fhir.questionnaire(pathway)["item"])}
    assert items["sure_understand"]["type"] == "boolean"
    assert items["leaning"]["type"] == "choice"


def _flat(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for i in items for x in [i, *_flat(i.get("item", []))]]


def test_saved_file_round_trip(tens: Pathway) -> None:
    loaded = saved.loads(saved.dumps(tens, ANSWERS), {tens.id: tens})
    assert loaded.answers == ANSWERS
    assert loaded.notes == ()


def test_an_old_file_with_0_to_10_ratings_opens_and_names_what_was_not_carried_over(
    tens: Pathway,
) -> None:
    old = json.loads(saved.dumps(tens, SAFE))
    old["pathway_version"] = "0.0.9"
    old["answers"].update({"value_cost": 8, "value_evidence": 3, "duration": "over_1_year"})
    loaded = saved.loads(json.dumps(old), {tens.id: tens})
    # 'None of these' on the warning-sign step is never carried across versions (issue 11)
    assert loaded.answers == {"duration": "over_1_year"}
    version, retired, screen = loaded.notes
    assert "warning-sign questions" in screen
    assert "Your answers still fit" not in version
    assert retired == (
        "This guide now asks what matters to you as trade-offs, so your old 0 to 10 ratings "
        "could not be carried over: Low cost (8 out of 10), Strong research (3 out of 10). "
        "Please answer the 'Weigh up your options' page again."
    )


def test_unknown_answers_that_are_not_old_ratings_still_fail(tens: Pathway) -> None:
    old = json.loads(saved.dumps(tens, SAFE))
    old["answers"]["value_made_up"] = 5
    with pytest.raises(saved.ResumeError, match="a question it does not have"):
        saved.loads(json.dumps(old), {tens.id: tens})


def test_the_grid_follows_the_saved_shortlist(tens: Pathway) -> None:
    g = compare.on_page(tens, ANSWERS)  # the grid the summary, PDF and Markdown show
    assert g is not None
    assert [c.option_id for c in g.columns] == ["keep_going", "self_care_exercise", "tens_home"]


def test_a_fhir_file_with_the_old_values_and_leaning_groups_still_opens(tens: Pathway) -> None:
    # Before the steps were merged, trade-offs and leaning sat in groups of their own.
    doc = json.loads(json.dumps(fhir.response(tens, ANSWERS)))
    old: dict[str, list[dict[str, Any]]] = {"step.values": [], "step.leaning": []}
    for group in doc["item"]:
        keep = []
        for item in group["item"]:
            if item["linkId"].startswith("trade_"):
                old["step.values"].append(item)
            elif item["linkId"] == "leaning" or item["linkId"].startswith("sure_"):
                old["step.leaning"].append(item)
            else:
                keep.append(item)
        group["item"] = keep
    assert old["step.values"] and old["step.leaning"]
    doc["item"] = [g for g in doc["item"] if g["item"]]
    doc["item"] += [{"linkId": k, "text": k, "item": v} for k, v in old.items()]
    assert fhir_read.answers_from_response(doc, {tens.id: tens})[1] == ANSWERS
