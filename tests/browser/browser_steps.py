"""The whole walk the browser tests share: start page to summary, checked against the engine.

The patient itself (clicking, typing, waiting, screenshots, axe) is ``testing.browser.Patient``,
which the benchmarks drive too. Answers are chosen by its small pure policy
(``patient_answer``) and the engine is the oracle: after every Next the test knows from
``step_after`` which heading must appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from decision_aid.answers import Answer
from decision_aid.model import Pathway, Step
from decision_aid.path import step_after, step_before, visible_questions, visible_steps
from decision_aid.plan import question_list
from testing.browser import Patient, Pick, drop_hidden, edited, required

# --- A whole walk --------------------------------------------------------------------------------


@dataclass
class Walked:
    """What the patient did on the way to the summary, for checking the summary and files."""

    answers: dict[str, Answer]
    steps: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    edit: tuple[str, Answer, Answer] | None = None


def walk(
    patient: Patient,
    pathway: Pathway,
    on_page: Callable[[str], None] = lambda label: None,
    back_and_edit: bool = True,
    pick: Pick | None = None,
) -> Walked:
    """From the start page to the summary by clicking, checking each heading against the engine.

    ``on_page(label)`` runs on every page once it is filled in (screenshots, axe, layout).
    With ``back_and_edit``, on the second step the patient goes Back, finds their answers
    still there, comes back and changes one answer.
    """
    patient.start()
    on_page("start")
    patient.choose_pathway(pathway)
    done = Walked({})
    step = visible_steps(pathway, {})[0]
    while True:
        patient.expect_step(step.title)
        done.steps.append(step.id)
        if step.kind == "summary":
            patient.settle()
            on_page(step.id)
            return done
        patient.answer_step(pathway, step, done.answers, pick)
        if step.has_question_list:
            _edit_question_list(patient, pathway, done)
        on_page(step.id)
        if back_and_edit and len(done.steps) == 2:
            _back_and_edit(patient, pathway, step, done)
        nxt = step_after(pathway, done.answers, step.id)
        assert nxt is not None, f"the engine ends the walk at {step.id!r} before the summary"
        patient.click("nav_next")
        step = pathway.steps_by_id[nxt]


def _back_and_edit(patient: Patient, pathway: Pathway, step: Step, done: Walked) -> None:
    before = step_before(pathway, done.answers, step.id)
    assert before is not None
    patient.click("nav_back")
    patient.expect_step(pathway.steps_by_id[before].title)
    kept = [q for q in pathway.steps_by_id[before].questions if q.id in done.answers]
    for q in kept:
        assert patient.is_chosen(pathway, q, done.answers[q.id]), f"Back lost the answer {q.id}"
    patient.click("nav_next")
    patient.expect_step(step.title)
    for q in visible_questions(pathway, step, done.answers):
        new = edited(pathway, q, done.answers) if q.id in done.answers else None
        if new is not None:
            old = done.answers[q.id]
            patient.answer(pathway, q, new, old)
            done.answers[q.id] = new
            drop_hidden(pathway, done.answers)
            done.edit = (q.id, old, new)
            patient.settle()
            return


def _edit_question_list(patient: Patient, pathway: Pathway, done: Walked) -> None:
    listed = question_list(pathway, done.answers)
    optional = [q for q in listed if not q.core and not q.own and q.included]
    if optional:  # untick one the engine suggested
        patient.key(f"cq_include_{optional[-1].id}").locator("label").first.click()
        patient.settle()
        done.hidden.append(optional[-1].id)
    own = patient.own_question
    patient.key("own_new").locator("input").fill(own)
    patient.click("own_add")
    patient.key("own_add").wait_for()
    # on the list before the walk goes on (the add is a rerun behind under load)
    patient.page.get_by_test_id("stMain").get_by_text(own).first.wait_for()
    done.own.append(own)


def to_step(p: Patient, pathway: Pathway, answers: dict[str, Answer], target: str) -> None:
    """From the start page to ``target`` answering only what is required."""
    p.start()
    p.choose_pathway(pathway)
    step = visible_steps(pathway, answers)[0]
    while step.id != target:
        p.expect_step(step.title)
        p.answer_step(pathway, step, answers, required)
        nxt = step_after(pathway, answers, step.id)
        assert nxt is not None
        p.click("nav_next")
        step = pathway.steps_by_id[nxt]
    p.expect_step(step.title)
