"""Options side by side: the model, the located checks, the neutral-wording lint and the grid."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from decision_aid import compare
from decision_aid.errors import PathwayError
from decision_aid.load import from_text, read
from decision_aid.model import Pathway
from decision_aid.plan import LEANING_TITLE, plan
from decision_aid.rules import lint
from decision_aid.rules.lint import ranking_words

ROOT = Path(__file__).resolve().parent.parent
TENS = ROOT / "pathways" / "tens.yaml"
PATHWAYS = sorted((ROOT / "pathways").glob("*.yaml"))


@pytest.fixture(scope="module")
def tens() -> Pathway:
    return read(TENS)


def problems(*changes: tuple[str, str]) -> list[str]:
    """The located problems of the TENS pathway after each (old, new) edit."""
    text = TENS.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    with pytest.raises(PathwayError) as info:
        from_text(text, str(TENS))
    return [str(p) for p in info.value.problems]


def _line_of(needle: str, nth: int = 1) -> int:
    lines = TENS.read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[nth - 1]


# --- checks: located errors ---------------------------------------------------------------------


def test_an_option_missing_a_row_is_a_located_error() -> None:
    [problem] = problems(
        ('        keep_going: {card: ["involves"], sources: [nice_ng59]}\n', "")
    )
    line = _line_of("      cells:")  # the first row's cells
    assert problem.startswith(f"{TENS}:{line + 1}:")
    assert "row 'involves' has no answer for option 'keep_going'" in problem
    assert "add 'keep_going: {text: ..., sources: [...]}' under 'cells'" in problem


def test_a_cell_for_an_unknown_option_points_at_its_key() -> None:
    missing, unknown = problems(
        ("        keep_going: {text: No cost", "        keep_gone: {text: No cost")
    )
    line = _line_of("        keep_going: {text: No cost")
    assert "row 'cost' has no answer for option 'keep_going'" in missing
    assert unknown.startswith(f"{TENS}:{line}:9: ")
    assert unknown.endswith("'keep_gone' is not the id of any option. Did you mean 'keep_going'?")


def test_an_unknown_source_in_a_cell_is_an_error() -> None:
    [problem] = problems(("          sources: [cms_ncd_160_27, dme_mac_2021]",
                          "          sources: [cms_ncd_160_27, dme_mac_2022]"))
    assert "'dme_mac_2022' is not the id of any source. Did you mean 'dme_mac_2021'?" in problem


def test_the_shortlist_must_be_a_ladder_question() -> None:
    [problem] = problems(("  shortlist_question: shortlist", "  shortlist_question: discus"))
    assert "'discus' is not the id of any question. Did you mean 'discuss'?" in problem
    [problem] = problems(("  shortlist_question: shortlist", "  shortlist_question: suitability"))
    assert "must be a multiple question with 'choices: ladder'" in problem


def test_current_must_be_an_option() -> None:
    [problem] = problems(("  current: keep_going", "  current: keep_on"))
    assert "'keep_on' is not the id of any option" in problem


def test_a_trade_off_needs_its_neutral_choice_and_a_compare_question() -> None:
    [problem] = problems(("    - question: trade_self\n      neutral: both",
                          "    - question: trade_self\n      neutral: same"))
    assert "'same' is not the id of any choice of 'trade_self'. Known ids: 'self'" in problem
    [problem] = problems(("    - question: trade_self\n", "    - question: duration\n"))
    assert "trade-off question 'duration' must be a single question on the compare step" in problem


def test_the_leaning_choices_are_options_and_sure_items_yes_no() -> None:
    [problem] = problems(("          - {id: not_sure, label: Not sure yet}",
                          "          - {id: unsure, label: Not sure yet}"))
    assert "leaning choice 'unsure' must be an option id or 'not_sure'" in problem
    [problem] = problems(("  sure: [sure_sure, sure_understand, sure_risk, sure_support]",
                          "  sure: [sure_sure, sure_understand, sure_risk, duration]"))
    assert "SURE item 'duration' must be a yes_no question" in problem


def test_unknown_keys_in_the_new_sections_are_errors() -> None:
    [problem] = problems(("  current: keep_going", "  current: keep_going\n  colour: red"))
    assert "compare" in problem and "'colour'" in problem


# --- lints --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["The best option for most.", "This is right for you.", "Recommended for you",
             "A good match", "It suits you", "Our top choice", "ranked first"]
)
def test_ranking_words_are_found(text: str) -> None:
    assert ranking_words(text)


def _generated_texts(g: compare.Grid) -> list[str]:
    """Every sentence or heading the grid writes itself (not copied from content)."""
    texts = [r.question for r in g.rows if r.kind != "fact"]
    texts += [c.text for r in g.rows if r.kind == "certainty" for c in r.cells]
    return texts + ([g.note] if g.note else [])


def test_ranking_words_in_a_cell_fail_the_lint() -> None:
    text = TENS.read_text(encoding="utf-8").replace(
        "No cost and no extra time.", "No cost and no extra time. Best for budgets.", 1
    )
    changed = from_text(text, str(TENS))
    found = [
        f"At {lint.named_path(changed, i.path)}: {i.message}"
        for i in lint.run_lints(changed)
        if i.severity == "error"
    ]
    assert found == [
        "At compare.rows[cost].cells.keep_going.text: 'Best' is not allowed because the aid does "
        "not rank options. Reword it."
    ]


def test_the_comparison_text_is_read_by_the_reading_grade_lint(tens: Pathway) -> None:
    where = [lint.named_path(tens, path) for path, _ in lint.keyed_blocks(tens)]
    assert "compare.rows[works].cells.tens_home.text" in where
    assert any(w.startswith("compare.tradeoffs[") and w.endswith("cells.keep_going.text")
               for w in where)
    assert "leaning.raise_note" in where


# --- the grid -----------------------------------------------------------------------------------


def test_current_comes_first_then_the_shortlist_in_pathway_order(tens: Pathway) -> None:
    g = compare.grid(tens, ["tens_home", "self_care_exercise"])
    assert [c.option_id for c in g.columns] == ["keep_going", "self_care_exercise", "tens_home"]
    assert [r.id for r in g.rows] == ["involves", "works", "harms", "cost", "certainty"]
    assert all(len(r.cells) == 3 for r in g.rows)
    assert g.rows[3].cells[2].sources == ("cms_ncd_160_27", "dme_mac_2021")
    assert g.note is None


def test_more_than_fit_are_named_not_dropped_silently() -> None:
    main = read(ROOT / "pathways" / "mid-back-pain.yaml")
    g = compare.grid(main, ["scs", "exercise", "tens", "medicines", "keep_going"])
    assert [c.option_id for c in g.columns] == ["keep_going", "exercise", "medicines", "tens"]
    assert g.left_out == ("Spinal cord stimulation",)
    assert g.note == "There is no room for more. Not shown: Spinal cord stimulation."


def test_trade_off_rows_follow_the_sides_leaned_on_in_pathway_order(tens: Pathway) -> None:
    answers = {"trade_evidence": "try_it", "trade_self": "both", "trade_relief_speed": "lasting"}
    g = compare.grid(tens, ["tens_home"], answers)
    values = [r for r in g.rows if r.kind == "value"]
    assert [r.id for r in values] == ["trade_evidence"]  # relief speed: the works row says it
    assert values[0].question == "I lean to: trying something myself"
    [works] = [r for r in g.rows if r.id == "works"]
    assert works.question == "How well does it work? I lean to: relief that lasts"


def test_a_trade_off_a_row_answers_marks_that_row_and_adds_none() -> None:
    main = read(ROOT / "pathways" / "mid-back-pain.yaml")
    answers = {"trade_side_effects": "fewer"}
    g = compare.grid(main, ["tens"], answers)
    assert [r.id for r in g.rows if r.kind == "value"] == []
    [harms] = [r for r in g.rows if r.id == "harms"]
    assert harms.question == "What are the main harms? I lean to: few side effects"
    plain = compare.grid(main, ["tens"], {"trade_side_effects": "both"})
    assert [r.question for r in plain.rows if r.id == "harms"] == ["What are the main harms?"]


def test_a_trade_off_has_its_own_cells_or_a_row_never_both() -> None:
    head = "    - question: trade_self\n      neutral: both\n"
    [problem] = problems((head, head + "      row: harms\n"))
    assert "a trade-off needs its own 'cells' or the 'row' that answers it" in problem


def test_a_trade_off_row_must_be_a_row_of_the_grid() -> None:
    text = TENS.read_text(encoding="utf-8")
    start = text.index("    - question: trade_self\n")
    end = text.index("    - question: trade_evidence\n")
    text = text[:start] + "    - {question: trade_self, neutral: both, row: harm}\n" + text[end:]
    with pytest.raises(PathwayError) as info:
        from_text(text, str(TENS))
    [problem] = [str(p) for p in info.value.problems]
    assert "compare.tradeoffs[1].row" in problem and "'harm'" in problem
    assert "'harms'" in problem  # the rows it could be


def test_the_shortlist_is_read_from_the_answers(tens: Pathway) -> None:
    assert compare.shortlist(tens, {"shortlist": ["tens_home"]}) == ("tens_home",)
    assert compare.shortlist(tens, {}) == ()


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_every_generated_sentence_is_neutral_and_plain(path: Path) -> None:
    pathway = read(path)
    assert pathway.compare is not None
    trades = pathway.compare.tradeoffs
    sides = [[c.id for c in pathway.choices(pathway.questions[t.question])] for t in trades]
    ids = [o.id for o in pathway.options]
    texts: set[str] = set()
    for picked in itertools.combinations(ids, 3):
        for combo in itertools.islice(itertools.product(*sides), 0, None, 5):
            answers = {t.question: side for t, side in zip(trades, combo, strict=True)}
            texts |= set(_generated_texts(compare.grid(pathway, picked, answers)))
    assert texts
    for text in texts:
        assert ranking_words(text) == [], text
        assert lint.forbidden_phrases(text) == [], text
    assert lint.grade(" ".join(t.rstrip(".?") + "." for t in sorted(texts))) <= lint.MAX_GRADE


def test_a_pathway_without_compare_has_no_grid(example_pathway: Pathway) -> None:
    assert example_pathway.compare is None
    assert compare.shortlist(example_pathway, {"discuss": ["x"]}) == ()
    with pytest.raises(ValueError, match="has no 'compare' section"):
        compare.grid(example_pathway, [])


def test_the_shortlist_is_not_the_list_of_options_to_discuss(tens: Pathway) -> None:
    from decision_aid.plan import plan

    p = plan(tens, {"shortlist": ["tens_home"]})
    assert [o.option.id for o in p.options if o.chosen] == []


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_every_pathway_has_the_decision_support_sections(path: Path) -> None:
    pathway = read(path)
    assert pathway.compare is not None and pathway.leaning is not None
    assert len(pathway.quiz) == 3
    assert pathway.compare.current == "keep_going"
    # each SURE item has a help question that a 'no' adds to the person's list
    for qid in pathway.leaning.sure:
        helps = [
            cq.id for cq in pathway.clinician_questions
            if cq.when is not None and cq.when.model_dump(exclude_none=True)
            == {"question": qid, "operator": "equals", "value": False}
        ]
        assert len(helps) == 1, qid
    # the leaning question offers every option, in pathway order, then 'not sure yet'
    choices = [c.id for c in pathway.choices(pathway.questions[pathway.leaning.question])]
    assert choices == [*(o.id for o in pathway.options), "not_sure"]


# --- Weigh up your options: one step after the ladder ------------------------------------------


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_weighing_up_is_one_step_right_after_the_ladder(path: Path) -> None:
    pathway = read(path)
    ids = [s.id for s in pathway.steps]
    assert "values" not in ids and "leaning" not in ids
    assert ids[ids.index("ladder") + 1] == "compare"
    step = pathway.steps_by_id["compare"]
    assert (step.kind, step.title) == ("compare", "Weigh up your options")
    assert pathway.compare is not None and pathway.leaning is not None
    trades = [t.question for t in pathway.compare.tradeoffs]
    order = [*trades, "shortlist", "leaning", *pathway.leaning.sure]
    assert [q.id for q in step.questions] == order
    assert not any(q.required for q in step.questions)  # nothing costs a click
    assert step.intro is not None and step.intro.count("no right answer") == 1
    assert len(step.intro.split()) <= 12


def test_the_table_defaults_to_the_ticked_options(tens: Pathway) -> None:
    ticked = {"discuss": ["tens_home", "keep_going", "tens_guided"]}
    assert compare.ticked(tens, ticked) == ("tens_home", "keep_going", "tens_guided")
    assert compare.compared(tens, ticked) == ("tens_home", "tens_guided")  # current: always
    g = compare.on_page(tens, ticked)
    assert g is not None
    assert [c.option_id for c in g.columns] == ["keep_going", "tens_guided", "tens_home"]
    changed = {**ticked, "shortlist": ["self_care_exercise"]}
    assert compare.compared(tens, changed) == ("self_care_exercise",)
    assert compare.compared(tens, {**ticked, "shortlist": ["keep_going"]}) == ()
    assert compare.on_page(tens, {**ticked, "shortlist": ["keep_going"]}) is None
    assert compare.on_page(tens, {}) is None
    assert compare.is_shortlist(tens, "shortlist") and not compare.is_shortlist(tens, "discuss")


def test_leaning_offers_what_was_ticked_and_keeps_an_answer_given(tens: Pathway) -> None:
    def ids(answers: dict[str, object]) -> list[str]:
        return [c.id for c in compare.leaning_choices(tens, answers)]  # type: ignore[arg-type]

    every = ["keep_going", "self_care_exercise", "tens_guided", "tens_home", "not_sure"]
    assert ids({}) == ids({"discuss": ["keep_going"]}) == every  # nothing ticked: every option
    assert ids({"discuss": ["tens_home"]}) == ["keep_going", "tens_home", "not_sure"]
    compared = {"discuss": ["tens_home"], "shortlist": ["tens_guided"]}
    assert ids(compared) == ["keep_going", "tens_guided", "tens_home", "not_sure"]
    kept = {"discuss": ["tens_home"], "leaning": "self_care_exercise"}
    assert ids(kept) == ["keep_going", "self_care_exercise", "tens_home", "not_sure"]


def test_the_plan_still_lists_what_matters_and_where_i_am_leaning() -> None:
    main = read(ROOT / "pathways" / "mid-back-pain.yaml")
    answers = {
        "trade_self": "self", "trade_side_effects": "fewer", "shortlist": ["tens"],
        "leaning": "not_sure", "sure_sure": False,
    }
    p = plan(main, answers)
    assert [ln.question_id for ln in p.values] == ["trade_self", "trade_side_effects"]
    [leaning] = [s for s in p.sections if s.step_id == "compare"]
    assert leaning.title == LEANING_TITLE == "Where you are leaning"
    assert [ln.question_id for ln in leaning.lines] == ["leaning", "sure_sure"]


def test_the_card_parts_and_figures_the_table_shows_are_named() -> None:
    main = read(ROOT / "pathways" / "mid-back-pain.yaml")
    assert compare.figures_in_grid(main, "scs") == {
        "scs_relief", "scs_complications", "scs_removed_10y",
    }
    assert {"involves", "costs", "harms[1]"} <= compare.card_parts_in_grid(main, "tens")
    assert compare.in_grid(main, {"discuss": ["tens"]}) == {"keep_going", "tens"}
    assert compare.in_grid(main, {}) == frozenset()
