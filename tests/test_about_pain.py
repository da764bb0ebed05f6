"""The "About your pain" step of every shipped pathway: what was tried is asked on it as a
headed part (and summarised under its own heading), the condition description sits in a closed
toggle, and duration bands never overlap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_aid.formats.summary import TRIED, answer_sections, tried_lines
from decision_aid.load import read
from decision_aid.plan import plan

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "pathways").glob("*.yaml"))
MAIN = read(ROOT / "pathways" / "mid-back-pain.yaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_what_was_tried_is_a_headed_part_of_about_pain(path: Path) -> None:
    p = read(path)
    ids = [s.id for s in p.steps]
    assert "tried" not in ids and ids.index("about_pain") == 1  # right after the warning signs
    step = p.steps_by_id["about_pain"]
    headed = [q for q in step.questions if q.heading]
    assert [q.heading for q in headed] == ["What you have tried"]
    statuses = {o.status_question for o in p.options if o.status_question}
    assert statuses <= {q.id for q in step.questions}
    assert step.background is not None and step.intro is None  # the description: one click away


def test_pattern_sleep_and_work_are_no_longer_asked() -> None:
    assert not {"pattern", "sleep", "work"} & set(MAIN.questions)


def test_tried_answers_and_medicines_now_are_summarised_under_one_heading() -> None:
    answers = {"duration": "over_1_year", "tried_exercise": "did_not_help",
               "current_medicines": ["paracetamol"]}
    p = plan(MAIN, answers)
    assert [s.title for s in p.sections] == ["About your pain", "What you have tried"]
    assert TRIED not in [title for title, _ in answer_sections(p)]
    assert ("Medicines now", "Paracetamol (acetaminophen)") in tried_lines(p)


_BAND = re.compile(
    r"^(?:Less than (?P<first>.+)|(?P<low>.+?) to under (?P<high>.+)|(?P<last>.+) or more)$"
)


def _amount(text: str, unit: str) -> str:
    # "A year" and "1 year" are the same point; "3 to under 6 months" borrows its unit.
    words = re.sub(r"^(a|an)\b", "1", text.strip().lower()).split()
    return " ".join(words) if len(words) > 1 else f"{words[0]} {unit}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_duration_bands_meet_and_never_overlap(path: Path) -> None:
    labels = [c.label for c in read(path).choices(read(path).questions["duration"])]
    edges = []
    for label in labels:
        m = _BAND.match(label)
        assert m is not None, f"{label!r} is not 'Less than X', 'X to under Y' or 'X or more'"
        edges.append(m.groupdict())
    assert edges[0]["first"] and edges[-1]["last"], labels
    ends = [edges[0]["first"]] + [e["high"] for e in edges[1:-1]]
    starts = [e["low"] for e in edges[1:-1]] + [edges[-1]["last"]]
    for end, start in zip(ends, starts, strict=True):
        unit = end.split()[-1]
        assert _amount(start, unit) == _amount(end, unit), (start, end)
