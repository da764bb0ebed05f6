"""The shared warning-sign screen: every pathway raises every shared sign in its source's tier,
golden patient stories, the include and its located errors, and the rule that a plan, a FHIR
response or a resumed file needs the whole screen answered.

Tests over signs are generated from pathways/shared/warning-signs.yaml, so a new sign is tested
without new code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from decision_aid.answers import Answer, example, leaves, validate_answers
from decision_aid.cli import main
from decision_aid.errors import AnswerError, PathwayError
from decision_aid.formats import saved, summary
from decision_aid.load import from_text, is_shared, read, read_shared
from decision_aid.model import TIER_ORDER, AllOf, Compare, Pathway, RedFlag
from decision_aid.path import (
    answer_untouched_groups,
    missing_required,
    none_groups,
    none_of_these,
    safety_step_gaps,
    screen_answered,
    signs_ticked,
    visible_questions,
    with_none_of_these,
)
from decision_aid.plan import Plan, plan
from decision_aid.rules.checks import check_evidence_tiers
from decision_aid.rules.evidence_lint import is_primary_url
from decision_aid.safety import action_lines, safety

ROOT = Path(__file__).resolve().parent.parent
SHARED_PATH = ROOT / "pathways" / "shared" / "warning-signs.yaml"
SHARED = read_shared(SHARED_PATH)
PATHWAYS = {p.stem: read(p) for p in sorted((ROOT / "pathways").glob("*.yaml"))}
MAIN = PATHWAYS["mid-back-pain"]
SIGNS = [(t.tier, f) for t in SHARED.tiers for f in t.items]
COMBINATIONS = [(tier, f) for tier, f in SIGNS if not isinstance(f.when, Compare)]


def _none_everywhere(pathway: Pathway) -> dict[str, Answer]:
    """Every warning-sign question answered 'None of these' (the long-term pain story)."""
    step = pathway.steps[0]
    answers: dict[str, Answer] = {}
    for q in step.questions:
        if q.enable_when is None:
            answers[q.id] = ["none"]
    return answers


def _ticks(pathway: Pathway, ticks: dict[str, Any]) -> dict[str, Answer]:
    """Answers with ``ticks`` (and whatever shows their questions), none elsewhere; follow-ups
    shown by a tick say none, and 'checked since' says no."""
    answers: dict[str, Any] = _none_everywhere(pathway)
    for qid in ticks:
        answers.update(example(pathway.questions[qid].enable_when))
    for qid, values in ticks.items():
        answers[qid] = sorted({*answers.get(qid, []), *values} - {"none"})
    for q in missing_required(pathway, pathway.steps[0], answers):
        answers[q.id] = False if q.kind == "yes_no" else ["none"]  # e.g. the cancer follow-up
    return validate_answers(pathway, answers)


def _ticking(pathway: Pathway, flag: RedFlag) -> dict[str, Answer]:
    """Answers that tick ``flag``'s sign, or the fewest signs of its combination."""
    ticks = example(flag.when)
    assert ticks and all(c.operator == "contains" for c in leaves(flag.when)), flag.id
    return _ticks(pathway, ticks)


# --- every pathway, every shared sign -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PATHWAYS))
@pytest.mark.parametrize(("tier", "flag"), SIGNS, ids=[f.id for _, f in SIGNS])
def test_every_pathway_raises_every_shared_sign(name: str, tier: str, flag: RedFlag) -> None:
    pathway = PATHWAYS[name]
    outcome = safety(pathway, _ticking(pathway, flag))
    assert (tier, flag.id) in {(r.tier, r.flag.id) for r in outcome.raised}
    assert outcome.stop is (tier == "emergency")
    assert safety_step_gaps(pathway, _ticking(pathway, flag)) == []


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_every_pathway_starts_with_the_whole_shared_step(name: str) -> None:
    step = PATHWAYS[name].steps[0]
    shared = [q.id for q in SHARED.step.questions]
    assert [q.id for q in step.questions][: len(shared)] == shared
    assert step.title == SHARED.step.title
    assert {s.id for s in SHARED.sources} <= set(PATHWAYS[name].sources_by_id)


# --- tiers and sources ----------------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "flag"), SIGNS, ids=[f.id for _, f in SIGNS])
def test_tier_matches_the_source_or_a_judgement_says_why(tier: str, flag: RedFlag) -> None:
    assert flag.evidence, f"{flag.id} names no source"
    given = [e.tier for e in flag.evidence if e.tier is not None]
    if flag.judgement is None:
        assert given and min(given, key=TIER_ORDER.index) == tier, flag.id
    else:
        assert flag.judgement.reviewer in {r.name for r in SHARED.reviewers}, flag.id
        assert flag.judgement.signed_off is None  # no one has signed yet: say so, do not pretend


def test_every_evidence_source_is_primary_and_listed() -> None:
    ids = {s.id: s for s in SHARED.sources}
    for _, flag in SIGNS:
        for e in flag.evidence:
            assert e.source in ids, (flag.id, e.source)
    for source in SHARED.sources:
        assert source.url and is_primary_url(source.url), source.id  # the lint's one rule


def test_the_check_refuses_a_sign_moved_out_of_its_source_tier() -> None:
    text = SHARED_PATH.read_text(encoding="utf-8")
    assert check_evidence_tiers(MAIN) == []
    moved = MAIN.safety[1].items[0].model_copy(update={"judgement": None})  # coughing_blood
    pathway = MAIN.model_copy(
        update={"safety": [MAIN.safety[0].model_copy(update={"items": [moved]})]}
    )
    (issue,) = check_evidence_tiers(pathway)
    assert "its sources give 'same_day'" in issue.message and "coughing_blood" in text


def test_emergency_signs_cannot_be_waved_away_as_already_checked() -> None:
    for tier, flag in SIGNS:
        if tier == "emergency":
            assert "checked" not in flag.text.lower(), flag.id
    labels = [c.label for q in SHARED.step.questions[:2] for c in q.choices or [] if c.id != "none"]
    assert not [label for label in labels if "checked" in label.lower()]


# --- golden patient stories ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_long_term_pain_with_no_warning_sign_raises_nothing(name: str) -> None:
    pathway = PATHWAYS[name]
    answers = _none_everywhere(pathway)
    outcome = safety(pathway, answers)
    assert outcome.tier is None and outcome.raised == ()
    assert safety_step_gaps(pathway, answers) == []
    assert "⚠" not in summary.to_markdown(plan(pathway, answers))


def test_long_term_pain_is_not_asked_to_book_just_for_lasting() -> None:
    soon = next(q for q in SHARED.step.questions if q.id == "soon_signs")
    not_better = next(c for c in soon.choices or [] if c.id == "not_better")
    assert "less than 3 months" in not_better.label
    assert "no clinician has checked" in not_better.label


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_cancer_with_months_old_pain_reaches_the_cancer_team_today(name: str) -> None:
    pathway = PATHWAYS[name]
    answers = {**_none_everywhere(pathway), "same_day_signs": ["cancer_new_pain"]}
    follow_ups = [pathway.questions["cancer_nerve_signs"], pathway.questions["checked_since"]]
    assert safety_step_gaps(pathway, answers) == follow_ups
    answers |= {"cancer_nerve_signs": ["none"], "checked_since": False}
    outcome = safety(pathway, answers)
    assert outcome.tier == "same_day" and [r.flag.id for r in outcome.raised] == ["cancer_new_pain"]
    todo = " ".join(action_lines(outcome.tiers[0], [outcome.raised[0].flag]))
    assert "cancer team" in todo and "today" in todo
    assert "GP or NHS 111 today" in todo  # cancer care that has ended: no team to call
    label = next(c for c in pathway.choices(pathway.questions["same_day_signs"])
                 if c.id == "cancer_new_pain")
    assert "new" not in label.label.lower()  # months-old pain counts too
    assert label.help and "not new" in label.help


@pytest.mark.parametrize("sign", ["limb_weak", "numb_band", "unsteady"])
def test_cancer_with_new_nerve_signs_is_an_emergency(sign: str) -> None:
    answers = {**_none_everywhere(MAIN), "same_day_signs": ["cancer_new_pain"],
               "cancer_nerve_signs": [sign]}
    assert safety(MAIN, answers).stop


def test_an_old_accident_does_not_send_anyone_to_999() -> None:
    nerves = MAIN.questions["emergency_nerves"]
    crash = next(c for c in nerves.choices or [] if c.id == "serious_injury")
    assert "last few days" in crash.label and crash.help and "999" in crash.help
    # Someone who ticked the old "started after a serious accident" (no time limit) and saved:
    old = _file(MAIN, "0.1.0", {**_none_everywhere(MAIN), "emergency_nerves": ["serious_injury"]})
    back = saved.loads(old, {MAIN.id: MAIN})
    assert safety(MAIN, back.answers).tier != "emergency"
    assert "emergency_nerves" not in back.answers  # asked again, and named
    assert any(nerves.summary_label in n for n in back.notes if nerves.summary_label)


# --- the include -----------------------------------------------------------------------------


def _with_include(include: str, extra: str = "") -> str:
    text = (ROOT / "tests" / "fixtures" / "example.yaml").read_text(encoding="utf-8")
    head, steps = text.split("\nsteps:\n")
    body = steps.split("\n  - id: pain\n", 1)[1]
    head = head.split("\nsafety:\n")[0]
    block = f"\nwarning_signs:\n  include: {include}\n{extra}"
    return f"{head}{block}\nsteps:\n  - id: pain\n{body}"


def test_a_pathway_including_the_shared_screen_gets_all_of_it() -> None:
    source = str(ROOT / "pathways" / "example.yaml")  # the include is relative to this file
    pathway = from_text(_with_include("shared/warning-signs.yaml"), source)
    assert pathway.steps[0].questions == SHARED.step.questions
    assert [f.id for t in pathway.safety for f in t.items] == [f.id for _, f in SIGNS]


def test_an_unknown_include_is_a_located_error() -> None:
    text = _with_include("shared/nope.yaml")
    with pytest.raises(PathwayError) as info:
        from_text(text, str(ROOT / "pathways" / "example.yaml"))
    (problem,) = info.value.problems
    line = text.splitlines().index("  include: shared/nope.yaml") + 1
    assert (problem.line, problem.column) == (line, 12)
    assert "cannot use the shared warning signs 'shared/nope.yaml'" in problem.message


def test_errors_in_the_shared_file_are_located_in_that_file(tmp_path: Path) -> None:
    shared_text = SHARED_PATH.read_text(encoding="utf-8").replace(
        "  - tier: soon\n", "  - tier: sometime\n"
    )
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "warning-signs.yaml").write_text(shared_text, encoding="utf-8")
    with pytest.raises(PathwayError) as info:
        from_text(_with_include("shared/warning-signs.yaml"), str(tmp_path / "p.yaml"))
    (problem,) = info.value.problems
    assert problem.source == str(tmp_path / "shared" / "warning-signs.yaml")
    assert problem.line == shared_text.splitlines().index("  - tier: sometime") + 1
    assert "'sometime'" in problem.message


def test_a_semantic_error_in_an_added_question_points_at_the_pathway_file() -> None:
    extra = (
        "  questions:\n"
        "    - id: soon_signs\n"
        "      kind: yes_no\n"
        "      text: Again?\n"
    )
    text = _with_include("shared/warning-signs.yaml", extra)
    with pytest.raises(PathwayError) as info:
        from_text(text, str(ROOT / "pathways" / "example.yaml"))
    problem = next(p for p in info.value.problems if "soon_signs" in p.message)
    assert problem.source.endswith("example.yaml")
    assert problem.line == text.splitlines().index("    - id: soon_signs") + 1


def test_a_pathway_cannot_bring_its_own_warning_sign_step() -> None:
    text = _with_include("shared/warning-signs.yaml").replace(
        "  - id: pain\n    kind: questions", "  - id: pain\n    kind: safety", 1
    )
    with pytest.raises(PathwayError, match="comes from warning_signs.include"):
        from_text(text, str(ROOT / "pathways" / "example.yaml"))


def test_the_shared_file_is_not_a_pathway() -> None:
    assert is_shared(SHARED_PATH) and not is_shared(ROOT / "pathways" / "tens.yaml")
    with pytest.raises(PathwayError, match="shared warning-sign file, not a pathway"):
        read(SHARED_PATH)


# --- plan, FHIR and saved files honour the screen ------------------------------------------------


def _file(pathway: Pathway, version: str, answers: dict[str, Any]) -> str:
    doc = json.loads(saved.dumps(pathway, answers))
    doc["pathway_version"] = version
    return json.dumps(doc)


@pytest.mark.parametrize("command", [["plan"], ["fhir", "response"]])
def test_cli_refuses_a_partly_answered_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(saved.dumps(MAIN, {"emergency_heart_lungs": ["none"]}), encoding="utf-8")
    main_path = str(ROOT / "pathways" / "mid-back-pain.yaml")
    code = main([*command, main_path, "--answers", str(answers)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    gaps = [q.id for q in MAIN.steps[0].questions if q.enable_when is None][1:]
    assert [line.split(": ")[-1].split(" ")[0] for line in err.splitlines()] == gaps


def test_cli_emergency_plan_has_only_what_to_do_and_the_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.json"
    chosen = {"emergency_heart_lungs": ["chest_pain"], "duration": "over_1_year"}
    answers.write_text(saved.dumps(MAIN, chosen), encoding="utf-8")
    code = main(["plan", str(ROOT / "pathways" / "mid-back-pain.yaml"), "--answers", str(answers)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.index("## ⚠ Get help now") < out.index("## What I told the guide")
    assert "Chest pain, pressure or tightness" in out and "A year or more" in out
    for absent in ("Where I am", "Options", "My questions", "What matters to me"):
        assert absent not in out
    assert set(summary.to_dict(plan(MAIN, chosen))) == {"pathway", "safety", "answers"}


def test_an_old_tens_file_moves_its_ticks_and_names_what_to_answer_again() -> None:
    tens = PATHWAYS["tens"]
    old = {"emergency_signs": ["breathless"], "same_day_signs": ["none"],
           "suitability": ["pregnant"]}
    back = saved.loads(_file(tens, "0.1.0", old), {tens.id: tens})
    assert back.answers == {"emergency_heart_lungs": ["breathless"], "suitability": ["pregnant"]}
    assert safety(tens, back.answers).stop  # an emergency tick is never lost


def test_a_resumed_file_with_gaps_names_them_and_opens() -> None:
    back = saved.loads(_file(MAIN, MAIN.version, {"emergency_heart_lungs": ["none"]}),
                       {MAIN.id: MAIN})
    assert back.answers == {"emergency_heart_lungs": ["none"]}
    assert any("Signs to be checked today" in n for n in back.notes)


def test_tens_cautions_are_calm_in_the_summary() -> None:
    tens = PATHWAYS["tens"]
    answers = {**_none_everywhere(tens), "suitability": ["pregnant"]}
    the_plan = plan(tens, answers)
    assert the_plan.safety.tier is None
    text = summary.to_markdown(the_plan)
    assert "## Check with a clinician before using TENS" in text and "⚠" not in text


# --- one 'None of these' for the whole screen --------------------------------------------------

SCREEN = MAIN.steps[0]


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_one_none_of_these_answers_every_group_but_the_cancer_follow_up(name: str) -> None:
    pathway = PATHWAYS[name]
    step = pathway.steps[0]
    groups = [q.id for q in none_groups(pathway, step, {})]
    assert groups == list(_none_everywhere(pathway))  # every group shown from the start
    assert "cancer_nerve_signs" not in groups
    ticked = with_none_of_these(pathway, step, {})
    assert ticked.answers == _none_everywhere(pathway)
    assert none_of_these(pathway, step, ticked.answers)
    assert screen_answered(pathway, step, ticked.answers)
    assert safety_step_gaps(pathway, ticked.answers) == []
    assert with_none_of_these(pathway, step, ticked.answers, ticked=False).answers == {}


def test_the_cancer_follow_up_is_never_answered_for_the_person() -> None:
    answers = {"same_day_signs": ["cancer_new_pain"]}
    assert "cancer_nerve_signs" not in [q.id for q in none_groups(MAIN, SCREEN, answers)]
    done = answer_untouched_groups(MAIN, SCREEN, answers).answers
    assert done == {**_none_everywhere(MAIN), "same_day_signs": ["cancer_new_pain"]}
    missing = [q.id for q in missing_required(MAIN, SCREEN, done)]
    assert missing == ["cancer_nerve_signs", "checked_since"]


@pytest.mark.parametrize(
    ("qid", "sign"),
    [("emergency_heart_lungs", "chest_pain"), ("same_day_signs", "weight_loss"),
     ("soon_signs", "not_coping")],
)
def test_none_of_these_is_refused_while_a_sign_is_ticked(qid: str, sign: str) -> None:
    answers = {**_none_everywhere(MAIN), qid: [sign]}
    with pytest.raises(AnswerError) as e:
        with_none_of_these(MAIN, SCREEN, answers)
    assert e.value.question_id == qid
    assert not none_of_these(MAIN, SCREEN, answers)
    assert signs_ticked(MAIN, SCREEN, answers) == [(MAIN.questions[qid], sign)]
    # a tick completes the screen; the untouched groups say none, the sign stays
    only = answer_untouched_groups(MAIN, SCREEN, {qid: [sign]}).answers
    assert only == answers


def test_an_untouched_screen_is_not_answered_and_nothing_is_filled_in() -> None:
    assert not screen_answered(MAIN, SCREEN, {})
    partly = {"emergency_heart_lungs": ["none"]}  # e.g. an old file: one group said none
    assert not none_of_these(MAIN, SCREEN, partly)
    assert not screen_answered(MAIN, SCREEN, partly)
    assert none_groups(MAIN, MAIN.steps_by_id["about_pain"], {}) == []
    with pytest.raises(AnswerError):
        with_none_of_these(MAIN, MAIN.steps_by_id["about_pain"], {})


def test_an_old_file_resumes_with_none_ticked_only_if_every_group_said_none() -> None:
    every = saved.loads(_file(MAIN, MAIN.version, _none_everywhere(MAIN)), {MAIN.id: MAIN})
    assert none_of_these(MAIN, SCREEN, every.answers)
    some = {**_none_everywhere(MAIN), "soon_signs": ["not_coping"]}
    back = saved.loads(_file(MAIN, MAIN.version, some), {MAIN.id: MAIN})
    assert back.answers == some and not none_of_these(MAIN, SCREEN, back.answers)
    # from another version 'None of these' is never carried over: the screen is asked again
    old = saved.loads(_file(MAIN, "0.0.1", _none_everywhere(MAIN)), {MAIN.id: MAIN})
    assert old.answers == {} and not none_of_these(MAIN, SCREEN, old.answers)
    assert any("warning-sign questions" in n for n in old.notes)


# --- combinations: signs read together ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PATHWAYS))
@pytest.mark.parametrize(("tier", "flag"), COMBINATIONS, ids=[f.id for _, f in COMBINATIONS])
def test_a_combination_needs_every_part(name: str, tier: str, flag: RedFlag) -> None:
    """Each part of the fewest ticks that raise a combination is needed: drop one, it is gone."""
    pathway = PATHWAYS[name]
    assert isinstance(flag.when, AllOf), flag.id
    ticks = example(flag.when)
    for qid, values in ticks.items():
        for value in values:
            fewer = {**ticks, qid: [v for v in values if v != value]}
            raised = {r.flag.id for r in safety(pathway, _ticks(pathway, fewer)).raised}
            assert flag.id not in raised, (flag.id, value)


@pytest.mark.parametrize("name", sorted(PATHWAYS))
@pytest.mark.parametrize(("tier", "flag"), SIGNS, ids=[f.id for _, f in SIGNS])
def test_the_cli_probe_raises_every_sign_and_combination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, tier: str, flag: RedFlag
) -> None:
    pathway = PATHWAYS[name]
    answers = tmp_path / "a.json"
    answers.write_text(saved.dumps(pathway, _ticking(pathway, flag)), encoding="utf-8")
    path = str(ROOT / "pathways" / f"{name}.yaml")
    assert main(["plan", path, "--answers", str(answers), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)["safety"]
    assert result["tier"] == tier and {"tier": tier, "id": flag.id} in result["raised"]


def test_every_same_day_sign_asks_whether_a_clinician_has_checked_it() -> None:
    same_day = [f for tier, f in SIGNS if tier == "same_day"]
    for flag in same_day:
        shown = visible_questions(MAIN, SCREEN, _ticking(MAIN, flag))
        assert MAIN.questions["checked_since"] in shown, flag.id
    assert MAIN.questions["checked_since"] not in visible_questions(
        MAIN, SCREEN, _none_everywhere(MAIN)
    )


def test_the_check_refuses_a_checked_question_hidden_for_a_same_day_sign(tmp_path: Path) -> None:
    head = "      enable_when:\n        any:\n"
    cough = "{question: emergency_heart_lungs, operator: contains, value: coughing_blood}"
    line = f"{head}          - {cough}\n"
    text = SHARED_PATH.read_text(encoding="utf-8")
    assert text.count(line) == 1
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "warning-signs.yaml").write_text(text.replace(line, head), "utf-8")
    shutil.copy(SHARED_PATH.parent / "sources.yaml", tmp_path / "shared" / "sources.yaml")
    with pytest.raises(PathwayError) as info:
        from_text(_with_include("shared/warning-signs.yaml"), str(tmp_path / "p.yaml"))
    (problem,) = info.value.problems
    assert problem.source == str(tmp_path / "shared" / "warning-signs.yaml")
    assert problem.line == text.splitlines().index("    checked_question: checked_since") + 1
    assert "'checked_since' stays hidden when 'coughing_blood' is raised" in problem.message


def test_the_check_refuses_an_action_line_the_tier_does_not_have() -> None:
    from decision_aid.rules.checks import check_action_lines

    assert check_action_lines(MAIN) == []
    tier = MAIN.safety[1]
    wrong = tier.items[0].model_copy(update={"action": "lung"})  # a typo of 'lungs'
    broken = tier.model_copy(update={"items": [wrong, *tier.items[1:]]})
    pathway = MAIN.model_copy(update={"safety": [MAIN.safety[0], broken, *MAIN.safety[2:]]})
    (issue,) = check_action_lines(pathway)
    assert issue.path == ("safety", 1, "items", 0, "action")
    assert "'lung'" in issue.message and "Did you mean 'lungs'?" in issue.message


# --- the reviewer's patient stories (review 2026-12-07, findings 1, 4, 5, 6, 11, 16) -----------


def _story(pathway: Pathway, ticks: dict[str, Any], **more: Any) -> Plan:
    return plan(pathway, {**_ticks(pathway, ticks), **more})


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_story_pe_after_flight_is_sent_to_999(name: str) -> None:
    """Finding 1: after a long flight, a swollen calf, sudden breathlessness and sharp pain
    between the shoulder blades, worse on breathing in."""
    pathway = PATHWAYS[name]
    plan = _story(pathway, {
        "emergency_heart_lungs": ["sudden_breathless", "breathing_in_pain"],
        "same_day_signs": ["between_shoulder_blades"],
        "same_day_more": ["calf_clot"],
    }, duration="over_1_year")
    assert plan.safety.tier == "emergency" and plan.safety.stop
    raised = {r.flag.id for r in plan.safety.raised if r.tier == "emergency"}
    assert raised == {"clot_with_chest_or_breathing", "breathing_in_pain_breathless"}
    text = summary.to_markdown(plan)
    assert text.index("Call 999") < text.index("## What I told the guide")
    assert "Do not drive yourself" in text  # the clot line, once
    for absent in ("heat", "Keep doing what I am doing", "Options", "My questions"):
        assert absent not in text


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_story_calf_and_sudden_breathlessness_alone_is_999(name: str) -> None:
    plan = _story(PATHWAYS[name], {"emergency_heart_lungs": ["sudden_breathless"],
                                   "same_day_more": ["calf_clot"]})
    assert plan.safety.stop


def test_story_fall_at_81_is_checked_today_and_self_care_waits() -> None:
    """Finding 4: slipped and sat down hard at 81, sudden pain; no thin bones, no steroids."""
    ticks = {"same_day_signs": ["thin_bones_steroids"], "soon_signs": ["new_pain_age"]}
    plan = _story(MAIN, ticks, duration="under_6_weeks", tried_self_care="not_tried")
    assert plan.safety.tier == "same_day" and plan.check_first
    label = next(c.label for c in MAIN.choices(MAIN.questions["same_day_signs"])
                 if c.id == "thin_bones_steroids")
    assert "65 or over" in label and "fall" in label
    text = summary.to_markdown(plan)
    what_next = text.split("## What next\n\n")[1].split("\n\n")[0]
    assert what_next.startswith("- First, get checked today.")
    assert "Keep doing what I am doing" not in text and plan.stage_options == ()
    assert plan.stage is None and "Where I am" not in text  # its description suggests options
    assert not any("heat" in q.text for q in plan.questions)
    # once she says a clinician has checked her, the options people often discuss come back
    checked = _story(MAIN, ticks, duration="under_6_weeks", tried_self_care="not_tried",
                     checked_since=True)
    assert checked.safety.tier == "same_day" and not checked.check_first
    assert "keep_going" in {o.option.id for o in checked.stage_options}
    assert checked.stage is not None
    assert any("heat" in q.text for q in checked.questions)  # "Could heat help me?" is back
    assert "First, get checked today" not in summary.to_markdown(checked)
    assert summary.what_next(checked)[0] == summary.CHECKED and not plan.checked


def test_story_yellow_eyes_is_checked_today_with_what_to_watch_for() -> None:
    """Finding 5: pain under the right shoulder blade after meals, yellow eyes, dark pee."""
    plan = _story(MAIN, {"same_day_more": ["jaundice"]}, duration="weeks_6_to_12")
    assert plan.safety.tier == "same_day" and plan.check_first
    text = summary.to_markdown(plan)
    assert "Yellow skin, or yellow whites of the eyes" in text
    assert "confused or very sleepy" in text  # its own action line, and no other kind's
    for other in ("cancer team", "pharmacist", "within 24 hours", "upper back pain, or cough"):
        assert other not in text
    assert "Manual therapy" not in text and "Exercise" not in text.split("## What next")[0]
    worries = MAIN.questions["worries"]
    assert worries.help and "warning signs again" in worries.help and "111" in worries.help


def test_story_old_skin_cancer_is_not_sent_to_a_cancer_team() -> None:
    """Finding 6: a basal cell skin cancer cut out 9 years ago does not count as cancer."""
    choice = next(c for c in MAIN.choices(MAIN.questions["same_day_signs"])
                  if c.id == "cancer_new_pain")
    assert choice.help and "basal cell" in choice.help and "only cut out does not" in choice.help
    assert "Melanoma counts" in choice.help
    plan = _story(MAIN, {}, duration="months_3_to_6")
    assert plan.safety.tier is None and not plan.check_first
    # someone who ticks cancer after their care has ended is sent to a GP or 111, not a team
    cancer = _story(MAIN, {"same_day_signs": ["cancer_new_pain"]})
    text = summary.to_markdown(cancer)
    assert "If your cancer care has ended, contact your GP or NHS 111 today" in text
    assert "24 hours" not in text


def test_story_tens_with_metal_rods_is_asked_to_check_first_calmly() -> None:
    """Finding 11: spinal rods; the NHS lists any electrical or metal implant."""
    tens = PATHWAYS["tens"]
    implant = next(c for c in tens.choices(tens.questions["suitability"]) if c.id == "implant")
    assert "metal" in implant.label and implant.help and "rods or plates" in implant.help
    plan = _story(tens, {}, suitability=["implant"])
    assert plan.safety.tier is None
    assert [f.id for c in plan.cautions for f in c.items] == ["implant"]
    assert "⚠" not in summary.to_markdown(plan)


def test_story_tablets_not_coping_keeps_the_coping_question_on_the_list() -> None:
    """Finding 16: many answer-driven questions must not push "hard to cope" off the list."""
    answers = {
        "soon_signs": ["not_coping"], "duration": "over_1_year", "pain_average": 8,
        "pain_activity": 8, "tried_medicines": "did_not_help",
        "current_medicines": ["anti_inflammatory", "opioid"], "sure_sure": False,
        "sure_understand": False, "sure_risk": False, "sure_support": False,
    }
    plan = _story(MAIN, {"soon_signs": ["not_coping"]}, **answers)
    included = [q.id for q in plan.included_questions]
    assert "ask_coping" in included
    sure_help = [q.id for q in MAIN.clinician_questions
                 if any(t.startswith("sure:") for t in q.tags)]
    assert len(sure_help) == 4 and set(sure_help) <= set(included)  # "on my list", as it says
    by_answer = [q.id for q in plan.questions if not q.own]
    assert by_answer.index("ask_coping") < by_answer.index("ask_antidepressant")
    # and the screen's one safety line for someone who finds it hard to cope
    assert "thoughts of harming yourself, call 999" in summary.to_markdown(plan)
    assert plan.safety.tier == "soon" and not plan.check_first


# --- what a same-day result tells a person, in every format ---------------------------------------


def test_check_first_reads_the_same_in_markdown_pdf_and_fhir() -> None:
    from decision_aid.formats import fhir, pdf

    answers = _ticks(MAIN, {"same_day_more": ["calf_clot"]}) | {"duration": "under_6_weeks"}
    made = plan(MAIN, answers)
    assert made.check_first
    lines = pdf.pdf_lines(made)
    first = summary.CHECK_FIRST[0]
    assert f"• {first}" in lines and summary.what_next(made)[0] == first
    assert not any("Keep doing what I am doing" in ln for ln in lines)
    clot = next(a.text for a in MAIN.safety[1].actions if a.id == "clot")
    assert " ".join(clot.split()) in " ".join(lines)
    assert " ".join(clot.split()) in summary.to_markdown(made)
    # FHIR: the answer that releases the plan travels, and the clot line shows only for a clot
    items = {i["linkId"]: i for i in fhir.response(MAIN, answers)["item"][0]["item"]}
    assert items["checked_since"]["answer"] == [{"valueBoolean": False}]
    group = fhir.questionnaire(MAIN)["item"][0]["item"]
    line = next(i for i in group if i["linkId"] == "safety.same_day.clot")
    assert line["type"] == "display" and line["text"] == clot
    assert {w["question"] for w in line["enableWhen"]} == {"same_day_more"}


def test_a_person_sees_only_the_action_lines_of_what_they_ticked() -> None:
    tier = MAIN.safety[1]
    shingles = [f for f in tier.items if f.id == "shingles"]
    (general, line) = action_lines(tier, shingles)
    assert general == tier.action and "pharmacist" in line
    assert action_lines(tier, []) == (tier.action,)
    for t in MAIN.safety:
        assert "24 hours" not in " ".join(action_lines(t, list(t.items)))


def test_signs_after_an_implant_also_put_getting_checked_first() -> None:
    scs = PATHWAYS["spinal-cord-stimulation"]
    ticks = {"implant_signs": ["headache_upright"]}
    plan = _story(scs, ticks)
    assert [r.flag.id for r in plan.safety.raised] == ["headache_upright"]
    assert plan.check_first and summary.what_next(plan)[0] == summary.CHECK_FIRST[0]
    assert not _story(scs, ticks, implant_checked_since=True).check_first
