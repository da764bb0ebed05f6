"""The saved answers file: round trip, and every bad file gives a message and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid.plan import OwnQuestion, QuestionEdits

EXAMPLE = Path(__file__).parent / "fixtures" / "example.yaml"
ANSWERS = {"warning_signs": ["none"], "coping": True, "duration": "over_3_months", "goal": "ok"}
EDITS = QuestionEdits(("ask_options",), ("own_1",), (OwnQuestion("own_1", "Why?"),))


@pytest.fixture(scope="module")
def pathways():  # type: ignore[no-untyped-def]
    p = read(EXAMPLE)
    return {p.id: p}


def doc(pathways, **changes):  # type: ignore[no-untyped-def]
    d = json.loads(saved.dumps(pathways["example"], ANSWERS, EDITS))
    d.update(changes)
    return json.dumps(d)


def test_round_trip(pathways) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
    text = saved.dumps(pathways["example"], ANSWERS, EDITS, now=now)
    assert '"saved_at": "2026-11-28T12:00:00+00:00"' in text
    back = saved.loads(text, pathways)
    assert back.pathway_id == "example"
    assert back.answers == ANSWERS
    assert back.edits == EDITS
    assert back.notes == ()
    assert saved.loads(text.encode(), pathways).answers == ANSWERS


def test_the_step_saved_on_is_kept_and_optional(pathways) -> None:  # type: ignore[no-untyped-def]
    example = pathways["example"]
    step = example.steps[1].id
    text = saved.dumps(example, ANSWERS, EDITS, step=step)
    assert json.loads(text)["step"] == step
    assert saved.loads(text, pathways).step == step
    assert "step" not in json.loads(saved.dumps(example, ANSWERS, EDITS))  # older files: none
    assert saved.loads(doc(pathways), pathways).step == ""
    for bad in ("no_such_step", 3, None, ["x"]):  # never trusted: read as "no step"
        back = saved.loads(doc(pathways, step=bad), pathways)
        assert back.step == "" and back.answers == ANSWERS


def test_other_pathway_version_is_noted(pathways) -> None:  # type: ignore[no-untyped-def]
    back = saved.loads(doc(pathways, pathway_version="0.9"), pathways)
    assert "version 0.9" in back.notes[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("x" * (saved.MAX_BYTES + 1), "too large"),
        ("{not json", "could not be read"),
        (b"\xff\xfe\x00", "could not be read"),
        ("[1, 2]", "not a saved answers file"),
        ('{"format": "other"}', "not a saved answers file"),
        ("[" * 100000, "could not be read"),
    ],
)
def test_unreadable_files(pathways, data, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(saved.ResumeError, match=message):
        saved.loads(data, pathways)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format_version": 2}, "newer version of this tool"),
        ({"format_version": "1"}, "format version is missing"),
        ({"pathway": "knee"}, "topic this tool does not have"),
        ({"answers": {"duration": "forever"}}, "do not fit the questions"),
        ({"answers": {"unknown_q": 1}}, "do not fit the questions"),
        ({"my_questions": []}, "question list is not readable"),
        ({"my_questions": {"hidden": [1]}}, "question list is not readable"),
        ({"my_questions": {"own": [{"id": "a"}]}}, "own questions is not readable"),
        ({"my_questions": {"own": [{"id": "a", "text": "x" * 301}]}}, "longer than 300"),
        (
            {"my_questions": {"own": [{"id": f"o{i}", "text": "x"} for i in range(21)]}},
            "more than 20",
        ),
    ],
)
def test_bad_contents(pathways, changes, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(saved.ResumeError, match=message):
        saved.loads(doc(pathways, **changes), pathways)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_a_file_resaved_with_a_byte_order_mark_is_read(pathways, encoding) -> None:  # type: ignore[no-untyped-def]
    text = saved.dumps(pathways["example"], ANSWERS, EDITS)
    assert saved.loads(text.encode(encoding), pathways).answers == ANSWERS


def test_a_file_in_another_encoding_is_refused_for_that_reason(pathways) -> None:  # type: ignore[no-untyped-def]
    text = saved.dumps(pathways["example"], {**ANSWERS, "goal": "café"}, EDITS)
    with pytest.raises(saved.ResumeError, match="UTF-8"):
        saved.loads(text.encode("latin-1"), pathways)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format_version": 0}, "format version is not valid"),
        ({"format_version": -5}, "format version is not valid"),
        ({"my_questions": {"own": [{"id": "own_1", "text": "a"}, {"id": "own_1", "text": "b"}]}},
         "two have the same label"),
        ({"my_questions": {"own": [{"id": "ask_options", "text": "a"}]}}, "built-in question"),
    ],
)
def test_more_bad_contents(pathways, changes, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(saved.ResumeError, match=message):
        saved.loads(doc(pathways, **changes), pathways)


def test_lone_surrogates_and_duplicate_keys_are_refused(pathways) -> None:  # type: ignore[no-untyped-def]
    text = doc(pathways)
    with pytest.raises(saved.ResumeError, match="broken characters"):
        saved.loads(text.replace('"ok"', '"\\ud800"'), pathways)
    with pytest.raises(saved.ResumeError, match="same item twice"):
        saved.loads(text.replace('"coping": true', '"coping": true, "coping": false'), pathways)


def test_hidden_answers_are_dropped_and_named_in_both_formats(pathways) -> None:  # type: ignore[no-untyped-def]
    from decision_aid.formats import fhir

    p = pathways["example"]
    hidden = {**ANSWERS, "duration": "under_6_weeks", "long_term_detail": "x"}
    native = saved.loads(json.dumps({**json.loads(doc(pathways)), "answers": hidden}), pathways)
    response = {**fhir.response(p, ANSWERS), "item": [  # the same, as a hand-edited FHIR file
        {"linkId": "duration", "answer": [{"valueCoding": {"code": "under_6_weeks"}}]},
        {"linkId": "long_term_detail", "answer": [{"valueString": "x"}]},
    ]}
    from_fhir = saved.loads(json.dumps(response), pathways)
    for back in (native, from_fhir):
        assert "long_term_detail" not in back.answers
        assert any("What have you noticed over the months?" in n for n in back.notes)
