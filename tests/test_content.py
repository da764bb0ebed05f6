"""Every pathway file: it loads, its wording passes the lints, and its structure follows the
content conventions in docs/content.md. Adding a pathway file adds tests, not code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from decision_aid.answers import leaves
from decision_aid.load import read
from decision_aid.model import Compare, Pathway, Question, RedFlag
from decision_aid.rules import lint

PATHWAYS = sorted((Path(__file__).parent.parent / "pathways").glob("*.yaml"))
MODELINE = "# yaml-language-server: $schema=schema.json"
STATUS_CHOICES = ["not_tried", "helped", "did_not_help", "side_effects", "stopped"]
CORE_QUESTIONS = ["What are my options?", "benefits and harms", "How likely"]

@pytest.fixture(scope="module", params=PATHWAYS, ids=[p.stem for p in PATHWAYS])
def path(request: pytest.FixtureRequest) -> Path:
    value = request.param
    assert isinstance(value, Path)
    return value


@pytest.fixture(scope="module")
def pathway(path: Path) -> Pathway:
    return read(path)


@pytest.fixture(scope="module")
def main() -> Pathway:
    return read(Path(__file__).parent.parent / "pathways" / "mid-back-pain.yaml")


def test_there_are_pathways() -> None:
    assert {p.stem for p in PATHWAYS} >= {"mid-back-pain", "tens", "spinal-cord-stimulation"}


# --- Loading and lints --------------------------------------------------------------------------


def test_modeline_is_the_first_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_semantic_checks_pass(pathway: Pathway) -> None:
    from decision_aid.rules import checks

    assert [str(i) for i in checks.run_checks(pathway)] == []


def test_content_lints_pass(pathway: Pathway) -> None:
    # Every content rule lives in lint.LINTS (validate runs them); tests/test_rules.py shows
    # each one firing on a bad example.
    assert [i for i in lint.run_lints(pathway) if i.severity == "error"] == []


def test_overall_reading_grade(pathway: Pathway) -> None:
    assert lint.reading_grade(pathway) <= lint.MAX_GRADE


# --- Front matter -------------------------------------------------------------------------------


def test_front_matter(pathway: Pathway) -> None:
    assert pathway.published <= pathway.last_reviewed < pathway.next_review
    assert pathway.next_review - pathway.last_reviewed <= dt.timedelta(days=366)
    assert "device" in pathway.funding.lower()
    assert "does not tell you what is wrong" in pathway.scope
    assert pathway.authors and pathway.reviewers


# "Every source is cited" is lint_sources_cited (tests/test_rules.py), run by validate.


# --- Safety -------------------------------------------------------------------------------------


def test_safety_comes_first_and_summary_last(pathway: Pathway) -> None:
    kinds = [s.kind for s in pathway.steps]
    assert kinds[0] == "safety"
    assert kinds[-1] == "summary"
    for kind in ("questions", "options", "compare"):
        assert kind in kinds
    # the question list is edited once, on the step whose answers choose most of it
    [listed] = [s for s in pathway.steps if s.has_question_list]
    assert listed.kind == "compare" and listed.question_list is not None
    assert listed.question_list.title == "Questions you may want to ask"


def _flags(pathway: Pathway) -> list[RedFlag]:
    """Every warning sign and every caution of the pathway."""
    return [f for group in [*pathway.safety, *pathway.cautions] for f in group.items]


def test_every_tier_is_present_and_has_an_action(pathway: Pathway) -> None:
    tiers = [t.tier for t in pathway.safety]
    assert sorted(set(tiers), key=tiers.index) == ["emergency", "same_day", "soon"]
    for tier in [*pathway.safety, *pathway.cautions]:
        assert tier.action.strip() and tier.message.strip() and tier.items


def _safety_questions(pathway: Pathway) -> list[Question]:
    return [q for s in pathway.steps if s.kind == "safety" for q in s.questions]


def test_safety_questions_are_required_with_an_exclusive_none(pathway: Pathway) -> None:
    for q in _safety_questions(pathway):
        assert q.required, q.id
        if q.kind == "multiple":
            exclusive = [c.id for c in pathway.choices(q) if c.exclusive]
            assert exclusive == ["none"], q.id


def _flag_conditions(flag: RedFlag) -> list[Compare]:
    """The ticks a sign is read from: one, or the parts of a combination (all/any)."""
    parts = list(leaves(flag.when))
    assert parts and all(c.operator == "contains" for c in parts), flag.id
    return parts


def test_every_red_flag_points_at_a_safety_choice(pathway: Pathway) -> None:
    questions = {q.id: q for q in _safety_questions(pathway)}
    for flag in _flags(pathway):
        for when in _flag_conditions(flag):
            q = questions[when.question]
            assert when.value in {c.id for c in pathway.choices(q)}, flag.id


def test_every_warning_sign_choice_raises_a_flag(pathway: Pathway) -> None:
    raised = set()
    for f in _flags(pathway):
        if isinstance(f.when, Compare):  # a combination raises more, never a choice's own sign
            raised.add((f.when.question, f.when.value))
    for q in _safety_questions(pathway):
        for c in pathway.choices(q):
            assert c.exclusive or (q.id, c.id) in raised, (q.id, c.id)


# --- Options and stages -------------------------------------------------------------------------


def test_options_start_with_keeping_going(pathway: Pathway) -> None:
    rungs = sorted(pathway.options, key=lambda o: o.rung)
    assert rungs[0].id == "keep_going" and rungs[0].status_question is None
    assert len({o.rung for o in pathway.options}) == len(pathway.options)


def test_status_questions_have_the_five_choices(pathway: Pathway) -> None:
    # lint_status_questions makes them alike; these five are this product's columns.
    q = next(pathway.questions[o.status_question] for o in pathway.options if o.status_question)
    assert [c.id for c in pathway.choices(q)] == STATUS_CHOICES


def test_every_option_but_keeping_going_can_be_tried(pathway: Pathway) -> None:
    assert [o.id for o in pathway.options if o.status_question is None] == ["keep_going"]


def test_figures_are_per_100_with_time_frame_and_population(pathway: Pathway) -> None:
    for o in pathway.options:
        for f in o.figures:
            assert f.denominator == 100
            assert f.time_frame and f.population and f.certainty
            assert (f.n is None) == (f.certainty == "no_reliable_numbers"), (o.id, f.event)


def test_stages_end_with_a_default_and_never_direct(pathway: Pathway) -> None:
    assert pathway.stages and pathway.stages[-1].when is None
    assert all(s.when is not None for s in pathway.stages[:-1])
    for s in pathway.stages:
        assert s.description.startswith("People"), s.id
        assert set(s.discuss) <= set(pathway.options_by_id), s.id


def test_values_are_asked_as_trade_offs(pathway: Pathway) -> None:
    # Free 0-10 ratings let everything be 10; a trade-off makes the person weigh two sides.
    values = [q for s in pathway.steps if s.kind == "compare" for q in s.questions]
    assert [q.id for q in values if q.kind == "scale"] == []
    assert pathway.compare is not None
    trades = {t.question: t for t in pathway.compare.tradeoffs}
    assert len(trades) >= 3
    for qid, trade in trades.items():
        ids = [c.id for c in pathway.choices(pathway.questions[qid])]
        assert len(ids) == 3 and ids[1] == trade.neutral, qid  # one side, neither, the other


# --- Clinician questions ------------------------------------------------------------------------


def test_core_questions_come_first(pathway: Pathway) -> None:
    core = [q for q in pathway.clinician_questions if q.core]
    assert pathway.clinician_questions[: len(core)] == core
    assert len(core) == 3
    for q, words in zip(core, CORE_QUESTIONS, strict=True):
        assert words in q.text


def test_enough_clinician_questions(pathway: Pathway) -> None:
    assert len(pathway.clinician_questions) >= 15


# --- The main pathway ---------------------------------------------------------------------------


def test_main_pathway_size(main: Pathway) -> None:
    assert len(main.options) >= 11
    assert len(main.clinician_questions) >= 40


def test_main_pathway_peg_score(main: Pathway) -> None:
    [peg] = main.scores
    assert peg.method == "mean"
    assert peg.items == ["pain_average", "pain_enjoyment", "pain_activity"]
    for item in peg.items:
        q = main.questions[item]
        assert (q.kind, q.min, q.max) == ("scale", 0, 10)
    assert main.tell_first[:2] == ["duration", "goal"]


# --- Evidence (issue 12) ------------------------------------------------------------------------


def test_sources_are_primary_or_say_why_not(pathway: Pathway) -> None:
    from decision_aid.rules import evidence_lint

    for s in pathway.sources:
        if not evidence_lint.is_primary(pathway, s.id):
            assert not s.confirmed and s.editor_note, s.id  # the reviewer is told why


def test_no_drafting_words_in_patient_text(pathway: Pathway) -> None:
    issues = lint.lint_drafting_words(pathway, lint.keyed_blocks(pathway))
    assert [i.path for i in issues if i.severity == "error"] == []


def test_figures_are_whole_numbers_with_a_kind(pathway: Pathway) -> None:
    for o in pathway.options:
        for f in o.figures:
            for value in (f.n, f.n_high):
                assert value is None or float(value).is_integer(), (o.id, f.event)
            assert f.kind is not None, (o.id, f.event)


def test_long_blocks_read_at_grade_6_on_average(pathway: Pathway) -> None:
    from decision_aid.rules import report

    measured = report.measure(pathway)
    assert measured.max_grade <= lint.MAX_GRADE
    assert measured.mean_grade <= report.MAX_MEAN_GRADE


def test_every_implant_has_guideline_conditions(pathway: Pathway) -> None:
    implants = {"scs", "scs_trial", "scs_implant", "other_neuromod"}
    for o in pathway.options:
        if o.id in implants:
            assert o.guideline_conditions, o.id
            for c in o.guideline_conditions:
                assert c.question in pathway.questions, (o.id, c.question)


def test_keeping_on_as_you_are_is_discussed_at_every_stage(main: Pathway) -> None:
    assert [s.id for s in main.stages if "keep_going" not in s.discuss] == []


def test_a_dated_reviewer_without_a_content_hash_is_no_sign_off(pathway: Pathway) -> None:
    from decision_aid.rules import signoff

    signed = [r.model_copy(update={"signed_off": dt.date(2027, 1, 1)}) for r in pathway.reviewers]
    dated = pathway.model_copy(update={"reviewers": signed})
    assert signoff.status(dated, None).draft  # tests/test_signoff.py signs for real
