"""FHIR export: every pathway's Questionnaire and a full-walk response validate with
fhir.resources (R4B), keep the FHIR invariants that library does not check, enable exactly what
the engine shows, and read back into the same answers and plan."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from decision_aid.answers import Answer, holds, validate_answers
from decision_aid.errors import AnswerError
from decision_aid.formats import fhir, fhir_conditions, fhir_read, saved
from decision_aid.formats.fhir_conditions import Atom, and_, enable_elements, formula, not_, or_
from decision_aid.load import from_text, read
from decision_aid.model import Condition, Pathway
from decision_aid.path import prune, visible_questions, visible_steps, walk, with_answer
from decision_aid.plan import plan, scores
from decision_aid.safety import safety
from testing.answers import safe_answer
from testing.strategies import valid_value

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"
GOLDEN = ROOT / "tests" / "golden"
PATHWAY_FILES = sorted((ROOT / "pathways").glob("*.yaml")) + [EXAMPLE]
AUTHORED = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))

# Every kind of condition the engine has, on steps, questions, routes and red flags.
BRANCHES_YAML = """
schema_version: 1
id: branches
version: "2.1"
title: Branches
summary: Test data.
audience: Tests.
scope: Test data only.
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2027-01-01
update_policy: Never.
authors: [{name: A, role: B}]
funding: None.
conflicts: None.
sources: [{id: s, citation: S., year: 2020, kind: other}]
safety:
  - tier: emergency
    title: Now
    message: Help now.
    action: Call.
    items:
      - {id: a, text: A, when: {question: flags, operator: contains, value: a}}
      - id: high
        text: High
        when:
          all:
            - {question: level, operator: gt, value: 8}
            - not: {question: ok, operator: equals, value: true}
  - tier: soon
    title: Soon
    message: Soon.
    action: Book.
    items:
      - {id: b, text: B, when: {question: flags, operator: contains, value: b}}
steps:
  - id: first
    kind: safety
    title: First
    questions:
      - id: flags
        kind: multiple
        text: Flags?
        choices: [{id: a, label: A}, {id: b, label: B}, {id: none, label: None, exclusive: true}]
      - {id: ok, kind: yes_no, text: OK?}
      - {id: level, kind: scale, text: Level?, min: 1, max: 10}
      - id: kind
        kind: single
        text: Kind?
        choices: [{id: x, label: X}, {id: y, label: Y}, {id: z, label: Z}]
      - id: note
        kind: text
        text: Note?
        max_length: 50
        enable_when: {not: {question: ok, operator: equals, value: true}}
  - id: second
    kind: questions
    title: Second
    enable_when:
      any:
        - {question: level, operator: gte, value: 5}
        - {question: kind, operator: in, value: [x, y]}
    questions:
      - id: more
        kind: single
        text: More?
        choices: [{id: m1, label: M1}, {id: m2, label: M2}]
        enable_when:
          all:
            - {question: ok, operator: not_equals, value: false}
            - any:
                - {question: flags, operator: contains, value: b}
                - {question: note, operator: answered}
      - id: same
        kind: yes_no
        text: Same?
        enable_when: {question: kind, operator: not_equals, value: y}
    next:
      - {when: {question: kind, operator: equals, value: z}, goto: fourth}
      - {when: {question: level, operator: lt, value: 3}, goto: fifth}
  - id: third
    kind: questions
    title: Third
    questions:
      - id: three
        kind: yes_no
        text: Three?
        enable_when: {question: more, operator: answered, value: false}
      - id: word
        kind: text
        text: Word?
        enable_when: {question: level, operator: in, value: [1, 2, 9]}
  - id: fourth
    kind: questions
    title: Fourth
    enable_when: {question: ok, operator: equals, value: false}
    questions:
      - id: four
        kind: scale
        text: Four?
        enable_when: {question: level, operator: lte, value: 4}
  - id: fifth
    kind: summary
    title: Summary
scores:
  - {id: total, title: Total, method: sum, items: [level, four]}
"""


@functools.cache
def _load(path: Path) -> Pathway:
    return read(path)


@functools.cache
def _named(name: str) -> Pathway:
    if name == "branches":
        return from_text(BRANCHES_YAML, "branches.yaml")
    return _load(PATHWAYS[name])


PATHWAYS = {p.stem: p for p in PATHWAY_FILES}


@pytest.fixture(scope="module", params=[*PATHWAYS, "branches"])
def pathway(request: pytest.FixtureRequest) -> Pathway:
    return _named(request.param)


@pytest.fixture(scope="module")
def example() -> Pathway:
    return _load(EXAMPLE)


# --- Building answers -------------------------------------------------------------------------


def full_walk(p: Pathway) -> dict[str, Answer]:
    """Answer every question on the path with a valid answer that raises no red flag."""
    answers: dict[str, Answer] = {}
    for _ in range(len(p.questions) + 1):
        todo = [
            q
            for s in visible_steps(p, answers)
            for q in visible_questions(p, s, answers)
            if q.id not in answers
        ]
        if not todo:
            return answers
        q = todo[0]
        answers = with_answer(p, answers, q.id, safe_answer(p, q, answers)).answers
    return answers



def random_answers(p: Pathway) -> st.SearchStrategy[dict[str, Any]]:
    values = {q.id: valid_value(p, q) for q in p.questions.values()}
    return st.fixed_dictionaries({}, optional=values)


# --- Reading FHIR documents --------------------------------------------------------------------


def all_items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item, depth first (document order)."""
    for item in items:
        yield item
        yield from all_items(item.get("item", []))
        for answer in item.get("answer", []):
            yield from all_items(answer.get("item", []))


def expressions(item: Mapping[str, Any]) -> list[str]:
    return [
        e["valueExpression"]["expression"]
        for e in item.get("extension", [])
        if "valueExpression" in e
    ]


def answer_values(qr: Mapping[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for item in all_items(qr["item"]):
        for a in item.get("answer", []):
            out.setdefault(item["linkId"], []).append(
                next(v for k, v in a.items() if k.startswith("value"))
            )
    return out


def enable_when_holds(ew: Mapping[str, Any], values: Mapping[str, list[Any]]) -> bool:
    """FHIR R4 enableWhen: unanswered is false except for exists; any answer may match."""
    got = values.get(ew["question"], [])
    want = next(v for k, v in ew.items() if k.startswith("answer"))
    if ew["operator"] == "exists":
        return bool(got) == want
    if isinstance(want, dict):  # a Coding
        got = [(g["system"], g["code"]) for g in got]
        want = (want["system"], want["code"])
    compare = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }[ew["operator"]]
    return any(compare(g, want) for g in got)


def fhirpath_holds(expression: str, qr: Mapping[str, Any]) -> bool:
    result = _compiled(expression)(qr, {"resource": qr})
    assert result in ([True], [False]), (expression, result)
    return bool(result[0])


@functools.cache
def _compiled(expression: str) -> Any:
    fp = pytest.importorskip("fhirpathpy")
    models = pytest.importorskip("fhirpathpy.models").models
    return fp.compile(expression, models["r4"])


def own_condition(item: Mapping[str, Any], qr: Mapping[str, Any]) -> bool:
    values = answer_values(qr)
    whens = [enable_when_holds(ew, values) for ew in item.get("enableWhen", [])]
    expression = fhir_conditions.ENABLE_WHEN_EXPRESSION
    exprs = [e for e in item.get("extension", []) if e["url"] == expression]
    assert not (whens and exprs), item["linkId"]
    if exprs:
        return fhirpath_holds(exprs[0]["valueExpression"]["expression"], qr)
    if not whens:
        return True
    return all(whens) if item.get("enableBehavior", "all") == "all" else any(whens)


def enabled(q: Mapping[str, Any], qr: Mapping[str, Any]) -> dict[str, bool]:
    """Whether each Questionnaire item is enabled for the answers in ``qr``."""
    out: dict[str, bool] = {}

    def visit(items: list[dict[str, Any]], parent: bool) -> None:
        for item in items:
            out[item["linkId"]] = on = parent and own_condition(item, qr)
            visit(item.get("item", []), on)

    visit(q["item"], True)
    return out


def uses_fhirpath(q: Mapping[str, Any]) -> bool:
    return any(
        e["url"] == fhir_conditions.ENABLE_WHEN_EXPRESSION
        for item in all_items(q["item"])
        for e in item.get("extension", [])
    )


# --- Validation with fhir.resources ------------------------------------------------------------


def test_questionnaire_validates(pathway: Pathway) -> None:
    q = fhir.questionnaire(pathway)
    parsed = Questionnaire.model_validate(q)
    assert parsed.url == fhir_conditions.canonical_url(pathway)
    assert parsed.version == pathway.version


def test_full_walk_response_validates(pathway: Pathway) -> None:
    answers = full_walk(pathway)
    qr = fhir.response(pathway, answers, authored=AUTHORED, own=OWN)
    QuestionnaireResponse.model_validate(qr)
    assert qr["status"] == "completed"
    assert qr["questionnaire"] == f"{fhir_conditions.canonical_url(pathway)}|{pathway.version}"


# --- The invariants fhir.resources does not check ----------------------------------------------


def test_questionnaire_invariants(pathway: Pathway) -> None:
    q = fhir.questionnaire(pathway)
    items = list(all_items(q["item"]))
    ids = [i["linkId"] for i in items]
    assert len(ids) == len(set(ids)), "que-2: linkIds are unique"
    for n, item in enumerate(items):
        earlier = set(ids[:n])
        for ew in item.get("enableWhen", []):
            assert ew["question"] in earlier, (item["linkId"], ew["question"])
            if ew["operator"] == "exists":
                assert "answerBoolean" in ew, "que-7"
        for expression in expressions(item):
            for ref in _referenced(expression):
                assert ref in earlier, (item["linkId"], ref)
        if len(item.get("enableWhen", [])) > 1:
            assert item["enableBehavior"] in ("all", "any"), "que-12"
        if item["type"] == "group":
            assert item["item"], "que-1: groups have items"
        if item["type"] == "display":
            assert not item.get("item") and "required" not in item and "readOnly" not in item
            assert "answerOption" not in item
        if "maxLength" in item:
            assert item["type"] in ("string", "text"), "que-10"


def _referenced(expression: str) -> list[str]:
    parts = expression.split("linkId = '")[1:]
    return [p.split("'", 1)[0] for p in parts]


def check_response(
    q: Mapping[str, Any], qr: Mapping[str, Any], on: Mapping[str, bool] | None = None
) -> None:
    """Answers only for enabled, answerable items of the right type; nesting as in q.

    ``on`` is ``enabled(q, qr)`` when the caller has it (FHIRPath is slow to evaluate)."""
    by_id = {i["linkId"]: i for i in all_items(q["item"])}
    on = enabled(q, qr) if on is None else on
    parent_of = {c["linkId"]: i["linkId"] for i in all_items(q["item"]) for c in i.get("item", [])}
    seen = set()
    for group in qr["item"]:
        assert group["linkId"] not in parent_of, "top level holds step groups only"
        for item in all_items([group]):
            link = item["linkId"]
            assert link in by_id and link not in seen, link
            seen.add(link)
            assert item["text"] == by_id[link]["text"]
            assert not (item.get("answer") and item.get("item")), "qrs-1"
            if "answer" in item:
                assert by_id[link]["type"] not in ("display", "group"), link
                assert on[link], f"{link} is answered but not enabled"
                assert item["answer"], link
                assert len(item["answer"]) == 1 or by_id[link].get("repeats"), link
                if link in parent_of:
                    assert any(c["linkId"] == link for c in group["item"]), link


def test_response_invariants_full_walk(pathway: Pathway) -> None:
    q = fhir.questionnaire(pathway)
    qr = fhir.response(pathway, full_walk(pathway), authored=AUTHORED)
    if uses_fhirpath(q):
        pytest.importorskip("fhirpathpy")
    check_response(q, qr)


# --- The FHIR form shows what the engine shows -------------------------------------------------


@pytest.mark.parametrize("name", [*PATHWAYS, "branches"])
@settings(max_examples=40)
@given(data=st.data())
def test_enabled_items_match_the_engine(name: str, data: st.DataObject) -> None:
    pytest.importorskip("fhirpathpy")
    p = _named(name)
    answers = prune(p, validate_answers(p, data.draw(random_answers(p)))).answers
    q, qr = fhir.questionnaire(p), fhir.response(p, answers, authored=AUTHORED)
    on = enabled(q, qr)
    path = walk(p, answers)
    visible = {x.id for s in path for x in visible_questions(p, s, answers)}
    assert {k for k in p.questions if on[k]} == visible
    steps = {fhir.step_link_id(s) for s in path}
    assert {k for k in on if k.startswith("step.") and "." not in k[5:] and on[k]} == (
        steps & set(on)
    )
    raised = {t.tier for t in safety(p, answers).tiers}
    shown = {t.tier for t in p.safety if on.get(fhir.safety_link_id(t))}
    assert shown == raised
    check_response(q, qr, on)


@pytest.mark.parametrize("name", [*PATHWAYS, "branches"])
@settings(max_examples=15)
@given(data=st.data())
def test_every_condition_as_fhir_matches_holds(name: str, data: st.DataObject) -> None:
    """Each condition of the file (stages and clinician questions too), as enableWhen or
    FHIRPath, is true exactly when the engine's ``holds`` is."""
    pytest.importorskip("fhirpathpy")
    p = _named(name)
    answers = prune(p, validate_answers(p, data.draw(random_answers(p)))).answers
    qr = fhir.response(p, answers, authored=AUTHORED)
    for condition in _conditions(p):
        item = {"linkId": "x"} | enable_elements(formula(p, condition))
        assert own_condition(item, qr) == holds(condition, answers), (condition, answers)


# Conditions the loader rejects but the engine still evaluates: the export keeps its meaning.
ODD = [
    {"question": "flags", "operator": "equals", "value": ["a", "b"]},
    {"question": "flags", "operator": "equals", "value": ["b", "a"]},
    {"question": "flags", "operator": "not_equals", "value": ["a"]},
    {"question": "flags", "operator": "in", "value": ["a"]},
    {"question": "note", "operator": "equals", "value": "it's"},
    {"question": "note", "operator": "not_equals", "value": "x"},
    {"question": "ok", "operator": "equals", "value": 1},
    {"question": "ok", "operator": "equals", "value": 2},
    {"question": "ok", "operator": "gt", "value": 0},
    {"question": "level", "operator": "equals", "value": True},
    {"question": "level", "operator": "equals", "value": "3"},
    {"question": "level", "operator": "gt", "value": "3"},
    {"question": "kind", "operator": "contains", "value": "x"},
    {"question": "kind", "operator": "equals", "value": "nope"},
    {"question": "kind", "operator": "in", "value": "x"},
    {"question": "missing", "operator": "answered", "value": False},
    {"question": "missing", "operator": "equals", "value": 1},
    {"not": {"any": [{"question": "missing", "operator": "answered"}]}},
]


@settings(max_examples=40)
@given(data=st.data())
def test_conditions_the_loader_rejects_keep_their_meaning(data: st.DataObject) -> None:
    pytest.importorskip("fhirpathpy")
    p = _named("branches")
    answers = prune(p, validate_answers(p, data.draw(random_answers(p)))).answers
    qr = fhir.response(p, answers, authored=AUTHORED)
    for raw in ODD:
        condition = TypeAdapter(Condition).validate_python(raw)
        item = {"linkId": "x"} | enable_elements(formula(p, condition))
        assert own_condition(item, qr) == holds(condition, answers), (raw, answers)


def _conditions(p: Pathway) -> list[Any]:
    found = [s.enable_when for s in p.steps] + [q.enable_when for q in p.questions.values()]
    found += [r.when for s in p.steps for r in s.next]
    found += [f.when for t in p.safety for f in t.items]
    found += [s.when for s in p.stages] + [c.when for c in p.clinician_questions]
    return [c for c in found if c is not None]


def test_condition_mapping(example: Pathway) -> None:
    b = _named("branches")
    second = fhir.questionnaire(b)["item"][1]
    assert second["linkId"] == "step.second"
    assert [ew["operator"] for ew in second["enableWhen"]] == [">=", "=", "="]
    assert second["enableBehavior"] == "any"  # `in` and `any` become several enableWhen
    items = {i["linkId"]: i for i in all_items(fhir.questionnaire(b)["item"])}
    assert "enableWhen" not in items["note"]  # `not` needs FHIRPath
    assert expressions(items["note"]) == [
        "(%resource.repeat(item).where(linkId = 'ok').answer.value"
        ".where($this = true).exists()).not()"
    ]
    assert expressions(items["more"]), "nested all/any needs FHIRPath"
    assert [ew["operator"] for ew in items["four"]["enableWhen"]] == ["<="]
    assert items["three"]["enableWhen"] == [
        {"question": "more", "operator": "exists", "answerBoolean": False}
    ]
    assert items["flags"]["answerOption"][2]["extension"] == [
        {"url": fhir.OPTION_EXCLUSIVE, "valueBoolean": True}
    ]


def test_formula_simplification() -> None:
    a, b = (Atom(q, "exists", ("answerBoolean", True)) for q in "ab")
    assert or_(a, not_(a)) is True and and_(a, not_(a)) is False
    assert and_() is True and or_() is False and or_(a, True) is True and and_(a, True) == a
    assert or_(a, and_(a, b)) == a and and_(a, or_(a, b)) == a
    assert or_(not_(a), and_(a, b)) == or_(not_(a), b)
    assert not_(not_(a)) == a and not_(False) is True
    assert enable_elements(False) == {
        "extension": [
            {
                "url": fhir_conditions.ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": "false"},
            }
        ]
    }


def test_backward_route_is_refused(example: Pathway) -> None:
    data = example.model_dump(by_alias=True)
    data["steps"][1]["next"][0]["goto"] = "safety"
    with pytest.raises(ValueError, match="routes backward"):
        fhir.questionnaire(Pathway.model_validate(data))


def test_item_types(example: Pathway) -> None:
    items = {i["linkId"]: i for i in all_items(fhir.questionnaire(example)["item"])}
    assert items["warning_signs"]["type"] == "choice" and items["warning_signs"]["repeats"]
    assert items["warning_signs"]["required"] is True
    assert items["duration"]["type"] == "choice" and "repeats" not in items["duration"]
    assert items["coping"]["type"] == "boolean"
    assert items["pain_average"]["type"] == "integer"
    assert [e["valueInteger"] for e in items["pain_average"]["extension"]] == [0, 10]
    assert items["goal"] == items["goal"] | {"type": "text", "maxLength": 200}
    coding = items["discuss"]["answerOption"][0]["valueCoding"]  # choices: ladder
    assert coding == {
        "system": "https://decision-aid.example.org/fhir/CodeSystem/example/discuss",
        "code": "self_care",
        "display": "Staying active",
    }
    emergency = items["safety.emergency"]
    assert emergency["type"] == "display"
    message = "Some of your answers need help right away. Call emergency services now."
    assert emergency["text"] == message


# --- Scores ---------------------------------------------------------------------------------


def test_peg_is_a_calculated_item(example: Pathway) -> None:
    items = {i["linkId"]: i for i in all_items(fhir.questionnaire(example)["item"])}
    peg = items["score.peg"]
    assert peg["type"] == "decimal" and peg["readOnly"] is True
    assert peg["extension"][0]["url"] == fhir.CALCULATED_EXPRESSION
    expression = peg["extension"][0]["valueExpression"]["expression"]
    assert expression.endswith("/ 3).round(1)")
    assert _referenced(expression) == ["pain_average", "pain_enjoyment", "pain_activity"]

    answers = full_walk(example) | {"pain_average": 4, "pain_enjoyment": 5, "pain_activity": 5}
    qr = fhir.response(example, answers, authored=AUTHORED)
    values = answer_values(qr)
    assert values["score.peg"] == [4.7] == [scores(example, answers)[0].value]
    pytest.importorskip("fhirpathpy")
    assert [float(v) for v in _compiled(expression)(qr, {"resource": qr})] == [4.7]

    partial = dict(answers)
    del partial["pain_activity"]
    assert "score.peg" not in answer_values(fhir.response(example, partial, authored=AUTHORED))


# --- The response --------------------------------------------------------------------------


def test_response_status_and_authored(example: Pathway) -> None:
    answers = full_walk(example)
    assert fhir.response(example, answers)["authored"].endswith("+00:00")
    partial = {"warning_signs": ["none"]}
    assert fhir.response(example, partial)["status"] == "in-progress"
    assert fhir.response(example, partial, status="completed")["status"] == "completed"
    stopped = answers | {"warning_signs": ["chest_pain"]}
    assert fhir.response(example, stopped)["status"] == "in-progress"
    with pytest.raises(ValueError, match="time zone"):
        fhir.response(example, answers, authored=dt.datetime(2026, 1, 1))
    with pytest.raises(AnswerError):
        fhir.response(example, {"coping": "yes"})


def test_response_has_no_identifying_elements(example: Pathway) -> None:
    qr = fhir.response(example, full_walk(example), authored=AUTHORED)
    assert set(qr) == {"resourceType", "questionnaire", "status", "authored", "item"}


def test_hidden_answers_are_not_exported(example: Pathway) -> None:
    answers = full_walk(example) | {"duration": "under_6_weeks", "long_term_detail": "x"}
    answers["tried_exercise"] = "helped"
    values = answer_values(fhir.response(example, answers, authored=AUTHORED))
    assert "long_term_detail" not in values and "tried_exercise" not in values


# --- Reading a response back --------------------------------------------------------------------


OWN = ("Can I keep working?", "Is swimming safe for my back?")


def test_own_questions_travel_as_a_group_of_strings(pathway: Pathway) -> None:
    # Review L7: the file for a clinic's system carried none of the person's own questions.
    q = fhir.questionnaire(pathway)
    group = q["item"][-1]
    assert (group["linkId"], group["type"]) == (fhir_read.OWN_GROUP, "group")
    assert group["item"][0] | {"text": ""} == {
        "linkId": fhir_read.OWN_ITEM, "text": "", "type": "string", "repeats": True}
    assert fhir_read.OWN_GROUP not in pathway.questions
    assert fhir_read.OWN_ITEM not in pathway.questions
    qr = fhir.response(pathway, {}, authored=AUTHORED, own=OWN)
    [mine] = [i for i in qr["item"] if i["linkId"] == fhir_read.OWN_GROUP]
    assert [a["valueString"] for a in mine["item"][0]["answer"]] == list(OWN)
    back = saved.loads(json.dumps(qr), {pathway.id: pathway})
    assert [o.text for o in back.edits.own] == list(OWN)  # and they come back from the file
    assert fhir.response(pathway, {}, authored=AUTHORED)["item"] == []  # none: no group


def test_round_trip_through_saved(pathway: Pathway) -> None:
    answers = full_walk(pathway)
    qr = fhir.response(pathway, answers, authored=AUTHORED)
    back = saved.loads(json.dumps(qr), {pathway.id: pathway})
    assert back.pathway_id == pathway.id and back.pathway_version == pathway.version
    assert back.answers == answers
    today = dt.date(2026, 6, 1)
    assert plan(pathway, back.answers, today=today) == plan(pathway, answers, today=today)


@pytest.mark.parametrize("name", [*PATHWAYS, "branches"])
@given(data=st.data())
def test_round_trip_property(name: str, data: st.DataObject) -> None:
    p = _named(name)
    answers = validate_answers(p, data.draw(random_answers(p)))
    qr = json.loads(json.dumps(fhir.response(p, answers, authored=AUTHORED)))
    back_pathway, back = fhir_read.answers_from_response(qr, {p.id: p})
    assert back_pathway is p
    assert back == prune(p, answers).answers


def _qr(example: Pathway, **changes: Any) -> dict[str, Any]:
    qr = fhir.response(example, full_walk(example), authored=AUTHORED)
    return qr | changes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"questionnaire": "https://other.example/Questionnaire/x|1"}, "does not have"),
        ({"questionnaire": None}, "does not say which questionnaire"),
        ({"resourceType": "Questionnaire"}, "not a FHIR QuestionnaireResponse"),
        ({"item": {"linkId": "x"}}, "must be a list"),
        ({"item": ["x"]}, "must be an object"),
        ({"item": [{"linkId": "nope", "answer": [{"valueString": "x"}]}]}, "not a question"),
        ({"item": [{"answer": []}]}, "no linkId"),
        ({"item": [{"linkId": "coping", "answer": [{"valueBoolean": "x"}]}]}, "yes \\(true\\)"),
        ({"item": [{"linkId": "coping", "answer": [{"valueInteger": 1}]}]}, "needs valueBoolean"),
        ({"item": [{"linkId": "coping", "answer": {"valueBoolean": True}}]}, "list of objects"),
        (
            {"item": [{"linkId": "coping", "answer": [{"valueBoolean": True}] * 2}]},
            "has 2 answers",
        ),
        (
            {"item": [{"linkId": "coping", "answer": [{"valueBoolean": True}]}] * 2},
            "twice",
        ),
        ({"item": [{"linkId": "duration", "answer": [{"valueString": "x"}]}]}, "valueCoding"),
        (
            {"item": [{"linkId": "duration", "answer": [{"valueCoding": {"code": "soon"}}]}]},
            "not one of",
        ),
        (
            {
                "item": [
                    {
                        "linkId": "duration",
                        "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "x"}}],
                    }
                ]
            },
            "another code system",
        ),
    ],
)
def test_bad_responses_raise_plain_errors(
    example: Pathway, change: dict[str, Any], message: str
) -> None:
    doc = _qr(example, **change)
    with pytest.raises((ValueError, TypeError), match=message):
        fhir_read.answers_from_response(doc, {example.id: example})
    # refused in words: the reader's own reason, or the question whose answer does not fit
    plain = "could not be used|not a saved answers file|do not fit the questions of"
    with pytest.raises(saved.ResumeError, match=plain):
        saved.loads(json.dumps(doc), {example.id: example})


def test_other_version_is_refused(example: Pathway) -> None:
    doc = _qr(example, questionnaire=f"{fhir_conditions.canonical_url(example)}|0.9")
    with pytest.raises(ValueError) as e:
        fhir_read.answers_from_response(doc, {example.id: example})
    assert str(e.value) == "this file is for version 0.9 of the pathway; this is version 1.0.0"


def test_deep_nesting_is_refused(example: Pathway) -> None:
    item: dict[str, Any] = {"linkId": "step.safety"}
    for _ in range(20):
        item = {"linkId": "step.safety", "item": [item]}
    with pytest.raises(ValueError, match="nested too deeply"):
        fhir_read.answers_from_response(_qr(example, item=[item]), {example.id: example})


def test_foreign_extras_are_ignored(example: Pathway) -> None:
    """Display and score items, and answers of hidden questions, are not answers to keep."""
    qr = _qr(example)
    qr["item"][0]["item"].append({"linkId": "safety.soon", "text": "x"})
    qr["item"][1]["item"].append({"linkId": "score.peg", "answer": [{"valueDecimal": 9.9}]})
    qr["item"][1]["item"].append({"linkId": "long_term_detail", "answer": [{"valueString": "x"}]})
    _, back = fhir_read.answers_from_response(qr, {example.id: example})
    assert back == full_walk(example)  # duration is under 6 weeks: the detail is hidden


# --- Golden files for the example pathway -------------------------------------------------


GOLDEN_ANSWERS: dict[str, Answer] = {
    "warning_signs": ["fever"],
    "coping": False,
    "duration": "over_3_months",
    "pain_average": 6,
    "pain_enjoyment": 5,
    "pain_activity": 7,
    "long_term_detail": "Worse after long days at the desk.",
    "tried_exercise": "did_not_help",
    "value_avoid_implants": 8,
    "goal": "Garden again",
    "discuss": ["self_care", "exercise"],
}


@pytest.mark.parametrize("kind", ["questionnaire", "response"])
def test_golden(example: Pathway, kind: str) -> None:
    if kind == "questionnaire":
        doc = fhir.questionnaire(example)
    else:
        doc = fhir.response(example, GOLDEN_ANSWERS, authored=AUTHORED, own=OWN[:1])
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    path = GOLDEN / f"example.{kind}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# --- Imports ---------------------------------------------------------------------------------


def test_runtime_module_imports_neither_streamlit_nor_fhir_resources() -> None:
    code = (
        "import sys, decision_aid.formats.fhir, decision_aid.formats.saved; "
        "bad = [m for m in sys.modules if m.startswith(('streamlit', 'fhir.resources'))]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
