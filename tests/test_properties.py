"""Property tests: random answer sequences on every pathway never raise anything but AnswerError,
and a walk always ends at a question, a safety stop or the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid.answers import Answer, Answers, validate_answers
from decision_aid.errors import AnswerError
from decision_aid.formats import summary
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.path import missing_required, prune, visible_steps, with_answer
from decision_aid.plan import plan
from decision_aid.safety import safety
from testing.strategies import valid_value

ROOT = Path(__file__).parent.parent
PATHWAY_FILES = sorted((ROOT / "pathways").glob("*.yaml")) + [
    ROOT / "tests" / "fixtures" / "example.yaml"
]



JUNK = st.one_of(
    st.none(), st.integers(-5, 20), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3),
    st.booleans(), st.floats(allow_nan=True), st.dictionaries(st.text(max_size=2), st.integers()),
)


def end_of_walk(p: Pathway, answers: Answers) -> str:
    """Press Next from the first step until something stops the person."""
    steps = visible_steps(p, answers)
    for step in steps:
        if missing_required(p, step, answers):
            return "question"
        if step.kind == "summary":
            return "summary"
    assert safety(p, answers).stop, [s.id for s in steps]
    return "safety_stop"


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda x: x.stem)
@given(data=st.data())
def test_random_answer_sequences(path: Path, data: st.DataObject) -> None:
    p = _load(path)
    qids = list(p.questions)
    answers: dict[str, Answer] = {}
    for _ in range(data.draw(st.integers(0, 25), label="length")):
        qid = data.draw(st.sampled_from(qids + ["not_a_question"]), label="question")
        q = p.questions.get(qid)
        value = data.draw(valid_value(p, q) if q and data.draw(st.booleans()) else JUNK)
        try:
            changed = with_answer(p, answers, qid, value)
        except AnswerError:
            continue
        assert not set(changed.dropped) & set(changed.answers)
        answers = changed.answers
        assert end_of_walk(p, answers) in {"question", "summary", "safety_stop"}
    made = plan(p, answers)
    assert made.dropped == ()  # with_answer already pruned
    assert summary.to_markdown(made).startswith("# My summary")


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda x: x.stem)
@settings(max_examples=30)
@given(data=st.data())
def test_pruning_is_idempotent(path: Path, data: st.DataObject) -> None:
    p = _load(path)
    raw = {
        q.id: data.draw(valid_value(p, q), label=q.id)
        for q in p.questions.values()
        if data.draw(st.booleans(), label="answer " + q.id)
    }
    try:
        answers = validate_answers(p, raw)
    except AnswerError:
        return  # e.g. an exclusive choice with others: rejected as a whole, as documented
    once = prune(p, answers)
    assert prune(p, once.answers).answers == once.answers
    assert set(once.answers) | set(once.dropped) == set(answers)


_CACHE: dict[Path, Pathway] = {}


def _load(path: Path) -> Pathway:
    if path not in _CACHE:
        _CACHE[path] = read(path)
    return _CACHE[path]
