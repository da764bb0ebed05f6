"""The question list fits a short visit: the core questions lead, 6 are ticked for the person
(more only for what a warning sign or a "no" in SURE selects), the rest are offered unticked
apart from the list, and a ticked extra one is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import walks
from decision_aid.answers import holds
from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid.plan import ASK_FIRST, MAX_PRESELECTED, QuestionEdits, question_list
from testing.apptest import answer_step, app, next_step, no_exception, page_text, start

MAIN_DIR = Path(__file__).resolve().parent.parent / "pathways"
MAIN = read(MAIN_DIR / "mid-back-pain.yaml")
MANY = {  # a long path that selects many questions
    "duration": "over_1_year",
    "nerve_like": True,
    "pain_average": 9,
    "tried_self_care": "did_not_help",
    "tried_exercise": "did_not_help",
    "tried_medicines": "side_effects",
    "value_avoid_surgery": 9,
    "value_avoid_medicines": 9,
    "discuss": [o.id for o in MAIN.options],
}


def test_at_most_six_are_ticked_and_the_core_three_lead() -> None:
    listed = question_list(MAIN, MANY)
    assert len(listed) > MAX_PRESELECTED  # else this test proves nothing
    assert sum(q.included for q in listed) == MAX_PRESELECTED
    assert [q.core for q in listed[: ASK_FIRST]] == [True] * ASK_FIRST
    assert not any(q.included for q in listed[MAX_PRESELECTED :])


@pytest.mark.parametrize("path", sorted(MAIN_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_no_in_the_sure_test_puts_its_help_question_on_the_list(path: Path) -> None:
    # The summary says the questions that help with a "no" were added to the list: they are
    # ticked even when the person's other answers select more than fit.
    pathway = read(path)
    assert pathway.leaning is not None
    noes = {item: False for item in pathway.leaning.sure}
    answers = walks.fill(pathway, {**MANY, **noes})
    listed = question_list(pathway, answers)
    helps = [q for q in pathway.clinician_questions if q.when and holds(q.when, answers)]
    assert len(helps) > MAX_PRESELECTED - ASK_FIRST  # else this test proves nothing
    ticked = {q.id for q in listed if q.included}
    for q in pathway.clinician_questions:
        if any(t.startswith("sure:") for t in q.tags):
            assert q.id in ticked, q.id


def test_what_a_warning_sign_or_a_no_in_sure_selects_is_ticked_past_the_six() -> None:
    # Finding it hard to cope and four "no"s in SURE select 5 questions: with the core three
    # that is more than MAX_PRESELECTED, and every one of them is still ticked, before the rest.
    noes = {item: False for item in MAIN.leaning.sure} if MAIN.leaning else {}
    answers = walks.fill(MAIN, {**MANY, **noes, "soon_signs": ["not_coping"]})
    listed = question_list(MAIN, answers)
    ticked = [q.id for q in listed if q.included]
    must = [q.id for q in MAIN.clinician_questions
            if any(t.startswith("sure:") for t in q.tags) or q.id == "ask_coping"]
    assert len(must) + ASK_FIRST > MAX_PRESELECTED  # else this test proves nothing
    assert set(must) <= set(ticked)
    assert ticked == [q.id for q in listed[: len(ticked)]]  # the ticked ones lead


def test_an_extra_question_ticked_by_the_person_is_kept_and_saved() -> None:
    extra = question_list(MAIN, MANY)[-1].id
    edits = QuestionEdits(shown=(extra,))
    assert next(q for q in question_list(MAIN, MANY, edits) if q.id == extra).included
    back = saved.loads(saved.dumps(MAIN, MANY, edits), {MAIN.id: MAIN})
    assert back.edits.shown == (extra,)


def test_the_rest_are_offered_apart_and_a_tick_moves_one_onto_the_list() -> None:
    listed = question_list(MAIN, MANY)
    offered = [q for q in listed if q.offered]
    assert offered and not any(q.included for q in offered)
    assert [q.offered for q in listed] == sorted(q.offered for q in listed)  # the rest follow
    extra = offered[0].id
    ticked = question_list(MAIN, MANY, QuestionEdits(shown=(extra,)))
    row = next(q for q in ticked if q.id == extra)
    assert row.included and not row.offered
    # unticked again: it stays on the person's list (no row jumps away), just not included
    both = QuestionEdits(hidden=(extra,), shown=(extra,))
    row = next(q for q in question_list(MAIN, MANY, both) if q.id == extra)
    assert not row.included and not row.offered


@pytest.mark.parametrize("persona", walks.PERSONAS, ids=[p.name for p in walks.PERSONAS])
def test_every_persona_gets_at_most_six_on_their_list(persona: walks.Persona) -> None:
    answers = persona.walk(MAIN)
    listed = [q for q in question_list(MAIN, answers) if not q.offered]
    assert len(listed) <= MAX_PRESELECTED
    assert [q.core for q in listed[: ASK_FIRST]] == [True] * ASK_FIRST


# --- The page (AppTest) ---------------------------------------------------------------------------


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)
    page = start(app(), MAIN)
    persona = next(p for p in walks.PERSONAS if p.name.startswith("chronic"))
    for _ in range(len(MAIN.steps)):
        if MAIN.steps_by_id[page.session_state["step"]].has_question_list:
            return page
        answer_step(page, MAIN, persona.walk(MAIN))
        next_step(page)
    raise AssertionError("no question step")


def test_enter_adds_an_own_question_and_empties_the_box(at) -> None:  # type: ignore[no-untyped-def]
    # AppTest's input() is what Enter (or leaving the box) sends: no Add click is needed.
    no_exception(at.text_input(key="own_new").input("Can I keep working?").run())
    no_exception(at.text_input(key="own_new").input("Is it safe to lift?").run())
    assert at.text_input(key="own_new").value == ""
    assert [o["text"] for o in at.session_state["edits"]["own"]] == [
        "Can I keep working?", "Is it safe to lift?"
    ]
    no_exception(at.button(key="own_add").click().run())  # Add after Enter: nothing more
    assert len(at.session_state["edits"]["own"]) == 2 and not at.warning


def test_the_page_lists_at_most_six_and_offers_the_rest_unticked(at) -> None:  # type: ignore[no-untyped-def]
    # A part of the weigh-up step, under its own heading; its parts one level below.
    assert "Questions you may want to ask" in [h.value for h in at.subheader]
    shown = page_text(at)
    heads = ("Ask first", "If there is time")
    parts = [shown.find(f"<h4 class='aid-part'>{h}</h4>") for h in heads]
    assert -1 < parts[0] < parts[1], parts
    more = next(e for e in at.expander if e.label.startswith("More questions you could ask"))
    assert not list(more.checkbox)  # closed: its boxes are drawn only once it is opened
    at.session_state["cq_more"] = True
    no_exception(at.run())
    more = next(e for e in at.expander if e.label.startswith("More questions you could ask"))
    boxes = [c for c in more.checkbox]
    assert boxes and not any(c.value for c in boxes)
    assert more.label == f"More questions you could ask ({len(boxes)})"
    on_list = [c for c in at.checkbox if (c.key or "").startswith("cq_include_")]
    listed = [c for c in on_list if c.key not in {b.key for b in boxes}]
    assert len(listed) <= MAX_PRESELECTED and all(c.value for c in listed)
    first = boxes[0].key
    no_exception(boxes[0].check().run())  # ticked: it joins the list, still ticked
    more = next(e for e in at.expander if e.label.startswith("More questions"))
    assert first not in {c.key for c in more.checkbox} and at.checkbox(key=first).value
    names = [b.label for b in at.button if (b.key or "").startswith("cq_")]
    assert len(names) == len(set(names)), "every move button has its own name"


def test_the_same_question_sent_twice_is_added_once(at) -> None:  # type: ignore[no-untyped-def]
    # Enter, then a click on Add that still carries the old text (a rerun behind): one question.
    no_exception(at.text_input(key="own_new").input("Can I keep working?").run())
    no_exception(at.text_input(key="own_new").input("Can I keep working?").run())
    no_exception(at.button(key="own_add").click().run())
    assert [o["text"] for o in at.session_state["edits"]["own"]] == ["Can I keep working?"]
    assert at.text_input(key="own_new").value == ""
