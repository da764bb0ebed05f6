"""Fuzz the resume-file reader: whatever a person uploads, ``saved.loads`` gives answers that fit
the pathway or raises ResumeError with a message for people. Never a crash, never half-applied.

Hazard HAZ-06 (answers lost on a bad upload) and HAZ-09 point at the tests here. Inputs start
from real saved files (``saved.dumps`` of random valid answers, and the FHIR response export)
for every shipped pathway, mutated as data (keys deleted, wrong types, huge strings, deep
nesting, duplicated items) and as bytes (truncation, non-UTF-8, junk).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from time_limits import time_limit as limit

from decision_aid.answers import validate_answers
from decision_aid.formats import fhir, saved
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.path import prune
from decision_aid.plan import (
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    OwnQuestion,
    QuestionEdits,
    plan,
)
from testing.resume_corpus import (
    CORPUS,
    CRAFTED_IDS,
    ECHO_MARKERS,
    OLD,
    SHIPPED,
    SHIPPED_CORPUS,
)
from testing.strategies import ByteEdit, apply_byte_edits, byte_edits, valid_value

ROOT = Path(__file__).resolve().parent.parent
PATHWAY_FILES = sorted((ROOT / "pathways").glob("*.yaml")) + [
    ROOT / "tests" / "fixtures" / "example.yaml"
]
PATHWAYS: dict[str, Pathway] = {p.id: p for p in map(read, PATHWAY_FILES)}
IDS = sorted(PATHWAYS)
TIME_LIMIT_S = 3.0
MAX_MESSAGE = 300
"""No message about a file is longer than this, whatever the file holds (issue 26)."""
CORPUS_PATHWAY = ROOT / "tests" / "fixtures" / "example.yaml"

Key = str | int
Start = tuple[str, dict[str, Any], QuestionEdits]
"""A pathway id, answers and question edits: small enough to print when a test fails."""


@contextmanager
def time_limit(seconds: float = TIME_LIMIT_S) -> Iterator[None]:
    with limit(seconds, "reading the file"):
        yield


def resume_outcome(data: str | bytes) -> saved.Saved | saved.ResumeError:
    """``saved.loads``: a usable result or ResumeError; anything else propagates and fails."""
    with time_limit():
        try:
            result = saved.loads(data, PATHWAYS)
        except saved.ResumeError as error:
            assert str(error), "a ResumeError needs a message for people"
            return error
    pathway = PATHWAYS[result.pathway_id]
    assert validate_answers(pathway, result.answers) == result.answers
    assert len(result.edits.own) <= MAX_OWN_QUESTIONS
    assert all(len(o.text) <= OWN_QUESTION_MAX_LENGTH for o in result.edits.own)
    plan(pathway, result.answers, result.edits)  # what the app does next must not fail
    return result


# --- valid starting points ---------------------------------------------------------------------



@st.composite
def valid_answers(draw: st.DrawFn) -> Start:
    """A pathway id, valid answers to it (blanks and hidden answers removed) and edits."""
    pathway = PATHWAYS[draw(st.sampled_from(IDS))]
    answers: dict[str, Any] = {}
    for q in pathway.questions.values():
        if draw(st.booleans()):
            answers[q.id] = draw(valid_value(pathway, q))
    own = draw(
        st.lists(st.text(min_size=1, max_size=40), max_size=3).map(
            lambda texts: tuple(OwnQuestion(f"own_{i}", t) for i, t in enumerate(texts))
        )
    )
    hidden = tuple(
        draw(
            st.lists(
                st.sampled_from([q.id for q in pathway.clinician_questions] or ["x"]), max_size=2
            )
        )
    )
    clean = prune(pathway, validate_answers(pathway, answers)).answers
    return pathway.id, clean, QuestionEdits(hidden, (), own)


def test_round_trip_of_random_answers_is_exact() -> None:
    @settings(max_examples=30)
    @given(start=valid_answers())
    def check(start: Start) -> None:
        pathway_id, answers, edits = start
        back = resume_outcome(saved.dumps(PATHWAYS[pathway_id], answers, edits))
        assert isinstance(back, saved.Saved)
        assert back.answers == answers and back.edits == edits

    check()


# --- data mutations ----------------------------------------------------------------------------


def paths_in(value: Any, prefix: tuple[Key, ...] = ()) -> list[tuple[Key, ...]]:
    out: list[tuple[Key, ...]] = []
    items = list(value.items()) if isinstance(value, dict) else []
    items += list(enumerate(value)) if isinstance(value, list) else []
    for key, child in items:
        out.append((*prefix, key))
        out.extend(paths_in(child, (*prefix, key)))
    return out


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=10),
    st.lists(st.integers() | st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers() | st.none(), max_size=3),
    st.just({"id": "own_x", "text": "x" * (OWN_QUESTION_MAX_LENGTH + 1)}),
    st.just([{"id": f"o{i}", "text": "q"} for i in range(MAX_OWN_QUESTIONS + 1)]),
    st.just("x" * 100_000),
    st.just("1" * 5_000),
)
Edit = tuple[str, float, Any]
EDIT = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1), st.none()),
    st.tuples(st.just("wrong_type"), st.floats(0, 1), WRONG),
    st.tuples(st.just("nest"), st.floats(0, 1), st.integers(1, 200)),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.none()),
    st.tuples(st.just("add_key"), st.floats(0, 1), st.sampled_from(["format", "pathway", "x"])),
)


def apply_edits(doc: Any, edits: list[Edit]) -> Any:
    doc = copy.deepcopy(doc)
    for kind, where, param in edits:
        paths = paths_in(doc)
        if not paths:
            return param if kind == "wrong_type" else doc
        path = paths[min(int(where * len(paths)), len(paths) - 1)]
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if kind == "delete":
            del parent[key]
        elif kind == "wrong_type":
            parent[key] = copy.deepcopy(param)  # a shared value put in twice made a cycle
        elif kind == "nest":
            for _ in range(param):
                parent[key] = [parent[key]]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif kind == "add_key" and isinstance(parent, dict):
            parent[param] = "example"
    return doc


def _start_doc(start: Start, as_fhir: bool) -> Any:
    pathway_id, answers, edits = start
    pathway = PATHWAYS[pathway_id]
    if as_fhir:
        return fhir.response(pathway, answers)
    return json.loads(saved.dumps(pathway, answers, edits))


@given(
    start=valid_answers(),
    as_fhir=st.booleans(),
    edits=st.lists(EDIT, min_size=1, max_size=3),
)
def test_mutated_saved_files_resume_or_raise_resume_error(
    start: Start, as_fhir: bool, edits: list[Edit]
) -> None:
    doc = apply_edits(_start_doc(start, as_fhir), edits)
    resume_outcome(json.dumps(doc, ensure_ascii=False))


# --- byte mutations and junk -------------------------------------------------------------------

SNIPPETS = [
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\x00",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"NaN",
    b"Infinity",
    b"-",
    b"1e999999",
    b"9" * 5000,
    b"\\ud800",
    b"\\u0000",
    b"\xef\xbb\xbf",
]


@given(
    start=valid_answers(),
    as_fhir=st.booleans(),
    edits=byte_edits(SNIPPETS, 3, 6),
)
def test_byte_mutations_resume_or_raise_resume_error(
    start: Start,
    as_fhir: bool,
    edits: list[ByteEdit],
) -> None:
    raw = json.dumps(_start_doc(start, as_fhir), ensure_ascii=False).encode("utf-8")
    resume_outcome(apply_byte_edits(raw, edits))


@given(junk=st.binary(max_size=300) | st.text(max_size=300))
def test_junk_is_refused_with_resume_error(junk: bytes | str) -> None:
    assert isinstance(resume_outcome(junk), saved.ResumeError)


HOSTILE = {
    "over_the_limit": b" " * (saved.MAX_BYTES + 1),
    "deep_json_arrays": b"[" * 200_000,
    "deep_answers": b'{"format": "%s", "format_version": 1, "pathway": "example", "answers": %s}'
    % (saved.FORMAT.encode(), b'{"a": ' * 50_000 + b"1" + b"}" * 50_000),
    "huge_integer": b'{"format_version": ' + b"9" * 5_000 + b"}",
    "huge_integer_answer": b'{"format": "%s", "format_version": 1, "pathway": "example", '
    b'"answers": {"pain_average": %s}}' % (saved.FORMAT.encode(), b"9" * 5_000),
    "lone_surrogate": b'{"format": "\\ud800"}',
    "nan_version": b'{"format": "%s", "format_version": NaN}' % saved.FORMAT.encode(),
    "fhir_deep_items": json.dumps(
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": "x",
            "item": json.loads('[{"item": ' * 300 + "[]" + "}]" * 300),
        }
    ).encode(),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_with_resume_error(name: str) -> None:
    assert isinstance(resume_outcome(HOSTILE[name]), saved.ResumeError)


# --- the security review's hostile files (testing/resume_corpus.py) -----------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_review_corpus_resumes_or_is_refused_without_echo(name: str) -> None:
    outcome = resume_outcome(CORPUS[name])
    said = [str(outcome)] if isinstance(outcome, saved.ResumeError) else list(outcome.notes)
    for message in said:
        assert len(message) <= MAX_MESSAGE, (name, len(message))
        assert not [m for m in ECHO_MARKERS if m in message], (name, message)
    if isinstance(outcome, saved.Saved):
        texts = [*map(str, outcome.answers.values()), *(o.text for o in outcome.edits.own)]
        assert all(t.encode("utf-8") for t in texts)
        ids = [o.id for o in outcome.edits.own]
        assert len(set(ids)) == len(ids)
        assert not set(ids) & {q.id for q in PATHWAYS[outcome.pathway_id].clinician_questions}


def test_review_corpus_in_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every file uploaded by a person who has answers: a refused file changes nothing; a
    file that opens can be drawn on its own questions step and the summary without an error."""
    import shutil

    from testing.apptest import app, no_exception

    shutil.copy(CORPUS_PATHWAY, tmp_path / "example.yaml")
    monkeypatch.setenv("DECISION_AID_PATHWAYS", str(tmp_path))
    at = no_exception(app())
    at.button(key="start_example").click().run()
    no_exception(at.checkbox(key="w_warning_signs__none").check().run())
    for name, data in CORPUS.items():
        at.session_state["page"] = "start"
        no_exception(at.run())
        before = dict(at.session_state["answers"])
        at.file_uploader(key="resume_start").set_value((f"{name}.json", data, "text/json"))
        no_exception(at.run())
        if "resume_yes" in {b.key for b in at.button}:  # it would replace answers: say yes
            no_exception(at.button(key="resume_yes").click().run())
        if at.session_state["page"] == "start":  # refused: one message, nothing changed
            assert dict(at.session_state["answers"]) == before, name
            assert len(at.error) == 1, name
            continue
        for step in ("my_questions", "summary"):
            at.session_state["step"] = step
            assert not at.run().exception, (name, step, [e.message for e in at.exception])


# --- the second review's files, on the shipped pathways (issue 26) -------------------------------


def _said(outcome: saved.Saved | saved.ResumeError) -> list[str]:
    return [str(outcome)] if isinstance(outcome, saved.ResumeError) else list(outcome.notes)


def _quotes_the_file(message: str) -> list[str]:
    return [m for m in (*ECHO_MARKERS, *CRAFTED_IDS, "9999", "\u202e", "\x1b") if m in message]


@pytest.mark.parametrize("name", sorted(SHIPPED_CORPUS))
def test_shipped_corpus_resumes_or_is_refused_in_few_words_of_our_own(name: str) -> None:
    said = _said(resume_outcome(SHIPPED_CORPUS[name]))
    for message in said:
        assert len(message) <= MAX_MESSAGE, (name, len(message), message)
        assert _quotes_the_file(message) == [], (name, message)


def test_the_reviews_three_crashing_files_now_open_and_say_what_was_left_out() -> None:
    for pid in ("mid_back_pain", "tens", "spinal_cord_stimulation"):
        for case in ("other_version_screen_nested_list", "other_version_screen_dict_in_list"):
            back = resume_outcome(SHIPPED_CORPUS[f"{pid}:{case}"])
            assert isinstance(back, saved.Saved)
            assert any("could not be read and were left out" in n for n in back.notes), case
    tens = resume_outcome(SHIPPED_CORPUS["tens:v010_emergency_signs_nested"])
    assert isinstance(tens, saved.Saved) and "emergency_heart_lungs" not in tens.answers


def test_own_questions_in_a_fhir_file_are_bounded_like_typed_ones() -> None:
    many = resume_outcome(SHIPPED_CORPUS["mid_back_pain:fhir_own_group_50_long"])
    assert isinstance(many, saved.Saved) and len(many.edits.own) == MAX_OWN_QUESTIONS
    assert all(len(o.text) <= OWN_QUESTION_MAX_LENGTH for o in many.edits.own)
    odd = resume_outcome(SHIPPED_CORPUS["mid_back_pain:fhir_own_group_odd_values"])
    assert isinstance(odd, saved.Saved) and odd.edits.own == ()


def test_retired_ratings_are_named_only_as_ratings() -> None:
    from testing.resume_corpus import shipped_native

    odd = SHIPPED_CORPUS["mid_back_pain:retired_values_odd_types"]
    notes = " ".join(_said(resume_outcome(odd)))
    assert "Low cost (?)" in notes and "(-1 out of 10)" not in notes and "11 out of" not in notes
    fine = resume_outcome(shipped_native(SHIPPED["mid_back_pain"], "0.3.0", value_cost=7))
    assert "Low cost (7 out of 10)" in " ".join(_said(fine))


def test_dropped_answers_are_named_only_when_some_version_asked_them() -> None:
    from testing.resume_corpus import shipped_native

    main = SHIPPED["mid_back_pain"]  # its retired block has 'spread'
    back = resume_outcome(shipped_native(main, OLD, spread="legs", urgent_call_999_now=1))
    notes = " ".join(_said(back))
    assert "Where the pain spreads: Into my legs" in notes  # a question the pathway had
    assert "1 other answer" in notes and "urgent_call" not in notes


@given(
    start=valid_answers(),
    as_fhir=st.booleans(),
    version=st.sampled_from([OLD, "0.3.0", "0.4.0", "9.9.9", ""]),
    inserted=st.lists(WRONG, min_size=1, max_size=3),
    where=st.floats(0, 1),
)
def test_other_versions_with_odd_warning_sign_answers_resume_or_raise_resume_error(
    start: Start, as_fhir: bool, version: str, inserted: list[Any], where: float
) -> None:
    # The review's crash needed two changes at once: another version, and something that is not
    # text among the warning-sign ticks. Real files of every shipped pathway, mutated so.
    pathway = PATHWAYS[start[0]]
    doc = _start_doc(start, as_fhir)
    screen = [q.id for s in pathway.steps if s.kind == "safety" for q in s.questions]
    target = screen[min(int(where * len(screen)), len(screen) - 1)] if screen else "x"
    if as_fhir:
        doc["questionnaire"] = doc["questionnaire"].split("|")[0] + "|" + version
        doc["item"].append({"linkId": target, "answer": [{"valueCoding": {"code": inserted}}]})
    else:
        doc["pathway_version"] = version
        held = doc["answers"].get(target)
        doc["answers"][target] = [*(held if isinstance(held, list) else []), *inserted]
    outcome = resume_outcome(json.dumps(doc, ensure_ascii=False))
    for message in _said(outcome):
        assert len(message) <= MAX_MESSAGE


@pytest.mark.usefixtures("shipped_pathways")
def test_any_failure_reading_a_file_is_one_message_in_our_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever a file makes the reader do, the person sees our words, never Streamlit's error
    box ("... click on 'Manage app'"), and their answers stay as they were."""
    from decision_aid_ui import resume
    from testing.apptest import app, no_exception

    at = no_exception(app())
    at.button(key="start_mid_back_pain").click().run()
    first = next(k for k in (c.key for c in at.checkbox) if k and k.endswith("__none"))
    no_exception(at.checkbox(key=first).check().run())
    before = dict(at.session_state["answers"])

    def explode(*args: Any, **kwargs: Any) -> saved.Saved:
        raise TypeError("unhashable type: 'list'")  # the review's crash, or anything else

    monkeypatch.setattr(saved, "loads", explode)
    at.session_state["page"] = "start"
    no_exception(at.run())
    at.file_uploader(key="resume_start").set_value(("a.json", b"{}", "text/json"))
    no_exception(at.run())
    assert [e.value for e in at.error] == [resume.COULD_NOT_USE]
    assert len(resume.COULD_NOT_USE) <= MAX_MESSAGE
    assert dict(at.session_state["answers"]) == before
