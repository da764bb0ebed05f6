"""What people read: the Markdown summary is compared exactly with a golden file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from decision_aid.formats import summary
from decision_aid.load import read
from decision_aid.plan import OwnQuestion, QuestionEdits, plan

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "example.summary.md"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.com/t.png)",
    "[link](javascript:alert(1))",
]
ANSWERS = {
    "warning_signs": ["fever"],
    "coping": False,
    "duration": "over_3_months",
    "pain_average": 7,
    "pain_enjoyment": 6,
    "pain_activity": 5,
    "long_term_detail": PAYLOADS[0],
    "tried_exercise": "did_not_help",
    "value_avoid_implants": 8,
    "goal": PAYLOADS[2],
    "discuss": ["self_care", "exercise"],
}
EDITS = QuestionEdits(
    hidden=("ask_likely",),
    own=(OwnQuestion("own_1", PAYLOADS[1]), OwnQuestion("own_2", PAYLOADS[3])),
)


@pytest.fixture(scope="module")
def example_plan():  # type: ignore[no-untyped-def]
    return plan(read(HERE / "fixtures" / "example.yaml"), ANSWERS, EDITS, dt.date(2026, 6, 1))


def test_markdown_matches_golden(example_plan) -> None:  # type: ignore[no-untyped-def]
    text = summary.to_markdown(example_plan)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


TEXT_GOLDEN = HERE / "golden" / "example.summary.txt"


def test_text_file_matches_golden_and_has_no_marks(example_plan) -> None:  # type: ignore[no-untyped-def]
    text = summary.to_text(example_plan)
    if os.environ.get("UPDATE_GOLDEN"):
        TEXT_GOLDEN.write_text(text, encoding="utf-8")
    assert text == TEXT_GOLDEN.read_text(encoding="utf-8")
    assert "`" not in text and "\\" not in text and "**" not in text and "## " not in text
    for typed in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[3]):  # as typed, never marked
        assert typed in text
    assert summary.escape_markdown("a (b)") == "a \\(b\\)"  # Markdown is escaped as before


def test_safety_comes_first(example_plan) -> None:  # type: ignore[no-untyped-def]
    text = summary.to_markdown(example_plan)
    assert text.index("Contact a clinician today") < text.index("Book an appointment")
    assert text.index("Book an appointment") < text.index("To tell my clinician first")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped(payload: str) -> None:
    escaped = summary.escape_markdown(payload)
    for ch in "<>[]()!":
        assert ch not in escaped.replace("\\" + ch, "")


def test_overdue_content_is_flagged() -> None:
    p = read(HERE / "fixtures" / "example.yaml")
    text = summary.to_markdown(plan(p, {}, today=dt.date(2030, 1, 1)))
    assert "past its review date" in text
    assert "## My top questions" in text  # core questions are always there


def test_json(example_plan) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(summary.to_json(example_plan))
    assert data["safety"] == {
        "tier": "same_day",
        "raised": [{"tier": "same_day", "id": "fever"}, {"tier": "soon", "id": "not_coping"}],
    }
    assert data["stage"] == "persistent"
    assert data["scores"] == {"peg": 6.0}
    assert data["tried"] == {"exercise": "did_not_help"}
    assert data["discuss"] == ["self_care", "exercise"]
    assert [q["id"] for q in data["questions"]][-2:] == ["own_1", "own_2"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("see http://example.com", "`see http://example.com`"),
        ("a `tick` here", "``a `tick` here``"),
        ("`edge", "`` `edge ``"),
        ("two\nlines", "`two lines`"),
        ("   ", ""),
    ],
)
def test_typed_text_is_a_code_span(typed: str, expected: str) -> None:
    assert summary.literal(typed) == expected
