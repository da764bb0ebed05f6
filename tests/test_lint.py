"""The content lints themselves, with examples that must pass and examples that must fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from decision_aid.model import Pathway
from decision_aid.rules import lint

EXAMPLE = Path(__file__).parent / "fixtures" / "example.yaml"

HARD = (
    "Pharmacological interventions demonstrate considerable heterogeneity regarding "
    "effectiveness, necessitating individualised consideration of comorbidities, "
    "contraindications, concomitant medications and patient-specific characteristics, "
    "particularly concerning gastrointestinal, cardiovascular and renal vulnerabilities "
    "throughout prolonged administration. Consequently, practitioners frequently recommend "
    "comprehensive multidisciplinary evaluation."
)
EASY = (
    "Many people feel a bit better when they keep moving. Start with a short walk each day. "
    "Go a little further each week. Stop and rest if the pain gets much worse. Heat can help "
    "for a short time."
)


def _data() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # The fixture's exercise option is unbalanced on purpose for other tests; even it out.
    data["options"][1]["harms"] = ["Muscle soreness, mostly in the first weeks."]
    return data


def _pathway(data: dict[str, Any] | None = None) -> Pathway:
    return Pathway.model_validate(data if data is not None else _data())


# --- Forbidden wording --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You have a slipped disc.",
        "YOU HAVE nerve pain.",
        "You've got a trapped nerve.",
        "You probably have arthritis.",
        "Your diagnosis is muscle strain.",
        "You should get an MRI scan.",
        "You should have the injection.",
        "You need to have surgery.",
        "We recommend TENS.",
        "We advise rest.",
        "This option is right for you.",
        "Exercise is the best option.",
        "A stimulator can cure the pain.",
        "Most people are cured.",
        "It is completely safe.",
        "There is no risk.",
        "It is guaranteed to work.",
        "It is probably a pulled muscle.",
        "It is nothing serious.",
    ],
)
def test_forbidden_wording_is_found(text: str) -> None:
    assert lint.forbidden_phrases(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Do you have chest pain?",
        "What you have tried",
        "If you have a pacemaker, ask first.",
        "Tell us whether you have had cancer.",
        "Things you have tried so far.",
        "People at this point often discuss exercise.",
        "You may want to ask about the risks.",
        "Which new symptoms mean I should call you?",
        "The procedure is secure and accurate.",
        "Curious about yoga? Ask about classes.",
        "I have had cancer.",
    ],
)
def test_allowed_wording_passes(text: str) -> None:
    assert lint.forbidden_phrases(text) == []


def test_allowed_phrase_does_not_hide_a_second_problem() -> None:
    found = lint.forbidden_phrases("Do you have pain? You have a disc problem.")
    assert [words for words, _ in found] == ["You have"]


def test_every_forbidden_pattern_has_a_reason_and_word_edges() -> None:
    for pattern, why in lint.FORBIDDEN_PATTERNS:
        assert pattern.startswith(r"\b") and pattern.endswith(r"\b"), pattern
        assert why


def _found(rule: lint.Lint, pathway: Pathway) -> list[str]:
    """What ``rule`` finds, as 'place: message' with the place named by ids."""
    issues = rule(pathway, lint.keyed_blocks(pathway))
    return [f"{lint.named_path(pathway, i.path)}: {i.message}" for i in issues]


def test_wording_lint_names_the_place() -> None:
    data = _data()
    data["options"][0]["benefits"] = ["You should walk more."]
    problems = _found(lint.lint_wording, _pathway(data))
    assert any(p.startswith("options[self_care].benefits[0]: 'You should'") for p in problems)


# --- Collecting text ----------------------------------------------------------------------------


def test_the_walk_covers_the_patient_facing_fields() -> None:
    p = _pathway()
    where = {lint.named_path(p, path) for path, _ in lint.keyed_blocks(p)}
    for location in [
        "scope",
        "safety[emergency].action",
        "safety[emergency].items[chest].text",
        "steps[safety].intro",
        "steps[safety].questions[warning_signs].text",
        "steps[safety].questions[warning_signs].choices[none].label",
        "options[exercise].harms[0]",
        "options[exercise].figures[0].population",
        "stages[early].description",
        "clinician_questions[ask_options].text",
        "scores[peg].explanation",
        "sources[guide].note",
    ]:
        assert location in where, location
    assert not any(w.endswith((".citation", ".title")) and "sources[" in w for w in where)
    assert not any("editor_note" in w or w.startswith("judgements") for w in where)


def test_the_walk_reads_comparison_cells_and_quiz_wording() -> None:
    from decision_aid.load import read

    main = read(Path(__file__).resolve().parent.parent / "pathways" / "mid-back-pain.yaml")
    where = {lint.named_path(main, path) for path, _ in lint.keyed_blocks(main)}
    assert "compare.rows[involves].cells.scs.text" in where
    assert any(w.startswith("compare.tradeoffs[") and ".cells." in w for w in where)
    assert any(w.startswith("quiz[") and w.endswith(".feedback") for w in where)
    assert "leaning.raise_note" in where


# --- Reading level ------------------------------------------------------------------------------


def test_hard_long_text_is_flagged_and_easy_text_is_not() -> None:
    assert lint.grade(HARD) > lint.MAX_GRADE
    assert lint.grade(EASY) <= lint.MAX_GRADE
    blocks: lint.Blocks = [(("summary",), HARD), (("scope",), EASY)]
    [problem] = lint.lint_reading_level(_pathway(), blocks)
    assert problem.path == ("summary",) and problem.message.startswith("reading grade")


def test_short_blocks_are_not_graded_one_by_one() -> None:
    short = "Pharmacological heterogeneity necessitates individualised consideration."
    assert lint.word_count(short) < lint.MIN_WORDS_FOR_GRADE
    assert lint.lint_reading_level(_pathway(), [(("summary",), short)]) == []


def test_reading_grade_of_a_pathway() -> None:
    plain = lint.reading_grade(_pathway())
    data = _data()
    data["summary"] = HARD
    assert 0 < plain <= lint.MAX_GRADE
    assert lint.reading_grade(_pathway(data)) > plain


# --- Balance ------------------------------------------------------------------------------------


def test_balanced_option_passes() -> None:
    assert _found(lint.lint_balance, _pathway()) == []


def test_much_longer_benefits_are_flagged() -> None:
    data = _data()
    data["options"][0]["benefits"] = [EASY]
    [problem] = _found(lint.lint_balance, _pathway(data))
    assert problem.startswith("options[self_care].benefits: benefits have")


def test_much_longer_harms_are_flagged() -> None:
    data = _data()
    data["options"][0]["harms"] = [EASY]
    assert len(_found(lint.lint_balance, _pathway(data))) == 1


def test_missing_harms_are_flagged() -> None:
    p = _pathway()
    option = p.options[0].model_copy(update={"harms": []})
    p = p.model_copy(update={"options": [option, p.options[1]]})
    assert _found(lint.lint_balance, p) == ["options[self_care].harms: no harms. List both."]


def test_a_long_closed_card_is_flagged() -> None:
    assert _found(lint.lint_card_length, _pathway()) == []
    data = _data()
    data["options"][0]["what_it_is"] = EASY  # 30 words on its own, before benefit and harm
    [problem] = _found(lint.lint_card_length, _pathway(data))
    assert problem.startswith("options[self_care].what_it_is: the closed card")
    assert "keep it to 30" in problem


# --- Figures and sources ------------------------------------------------------------------------


def _figure_problems(**change: Any) -> list[str]:
    data = _data()
    data["options"][1]["figures"][0].update(change)
    return _found(lint.lint_figures, _pathway(data))


def test_good_figures_pass() -> None:
    assert _figure_problems() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"denominator": 1000}, "denominator 1000 is not 100"),
        ({"n": None, "n_high": None}, "no number (n) is given"),
        ({"certainty": "no_reliable_numbers"}, "certainty says no_reliable_numbers but n is given"),
        ({"n": 120, "n_high": None}, "n 120 is more than the denominator"),
        ({"n": 30, "n_high": 20}, "n_high must be at least n"),
    ],
)
def test_bad_figures_are_flagged(change: dict[str, Any], expected: str) -> None:
    problems = _figure_problems(**change)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("options[exercise].figures[0]: ") for p in problems)


def test_low_back_evidence_must_be_said() -> None:
    data = _data()
    data["options"][0]["evidence_note"] = "Studies show it helps."
    [problem] = _found(lint.lint_sources, _pathway(data))
    assert problem.startswith("options[self_care].evidence_note: it cites low back pain")


def test_the_example_pathway_is_otherwise_clean() -> None:
    assert [i for i in lint.run_lints(_pathway()) if i.severity == "error"] == []


def test_lint_never_imports_streamlit() -> None:
    code = "import sys, decision_aid.rules.lint; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
