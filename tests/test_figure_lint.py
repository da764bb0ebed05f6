"""Figures once: every number a patient reads is a figure, named by id wherever else it is shown,
rendered with its population, time frame, range and funding; each rule has a case that passes
(the shipped pathways) and one that fails, located by file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_aid import compare, figures
from decision_aid.errors import Issue, PathwayError
from decision_aid.load import from_text, load_text, read
from decision_aid.model import Pathway
from decision_aid.rules import figure_lint, lint

ROOT = Path(__file__).resolve().parent.parent
PATHWAYS = sorted((ROOT / "pathways").glob("*.yaml"))
SCS = ROOT / "pathways" / "spinal-cord-stimulation.yaml"
TENS = ROOT / "pathways" / "tens.yaml"


def _figure_issues(pathway: Pathway) -> list[Issue]:
    """The figure lints (``lint.FIGURE_LINTS``), as ``validate`` runs them."""
    blocks = lint.keyed_blocks(pathway)
    return [issue for rule in lint.FIGURE_LINTS for issue in rule(pathway, blocks)]


def _lint(path: Path, old: str, new: str) -> list[str]:
    """The figure lints of ``path`` with ``old`` replaced by ``new``, located as validate
    prints them (file:line:column)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    loaded = load_text(text.replace(old, new, 1), str(path))
    issues = _figure_issues(loaded.pathway)
    return [str(p) for p in loaded.locate(issues)]


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_the_shipped_pathways_type_no_number_outside_a_figure(path: Path) -> None:
    pathway = read(path)
    assert _figure_issues(pathway) == []


@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        (  # a grid cell (the 2026-12-07 '41 in 100 people')
            "text: It shows whether a stimulator helps you, and it can lead to an operation.",
            "text: About 41 in 100 people went on to an implant.",
            "compare.rows[1].cells.scs_trial.text",
            "'41 in 100' is an 'N in 100' typed outside a figure",
        ),
        (  # a trade-off cell
            "text: Check-ups. A pump needs refills at the clinic.",
            "text: Check-ups. 1 in 5 pumps need a fix.",
            "compare.tradeoffs[1].cells.other_neuromod.text",
            "'1 in 5' is a '1 in N' typed outside a figure",
        ),
        (  # quiz feedback
            "feedback: Problems are not rare.",
            "feedback: In studies, 21% had a problem.",
            "quiz[1].feedback",
            "'21%' is a percentage typed outside a figure",
        ),
        (  # a card
            "- Complications, like a wire moving or infection, are not rare.",
            "- In studies, 15 to 27 in 100 had a complication.",
            "options[3].harms[0]",
            "'15 to 27 in 100' is an 'N in 100' typed outside a figure",
        ),
    ],
)
def test_a_number_typed_outside_a_figure_names_file_line_and_column(
    old: str, new: str, where: str, what: str
) -> None:
    [message] = _lint(SCS, old, new)
    assert re.match(rf"{re.escape(str(SCS))}:\d+:\d+: ", message), message
    assert f"key {where}:" in message and what in message


def test_a_benefit_picture_without_its_harm_picture_fails_on_the_comparison() -> None:
    harm = "    - {option: scs_implant, figure: scs_complications, label: With a stimulator}\n"
    [message] = _lint(SCS, harm, "")
    assert "key compare.pictures[0]:" in message
    assert "shows a benefit as a picture on the comparison but no harm as a picture" in message


def test_a_benefit_drawn_on_a_card_needs_a_harm_drawn_there_too() -> None:
    # the nerve root stimulator's trial is words only; drawn, it would stand alone
    [message] = _lint(SCS, "        picture: false\n", "")
    assert "key options[4].figures:" in message and "on the card" in message


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (
            "text: Very low certainty about lasting relief.\n",
            "text: Very low certainty. NICE and WHO advise against routine use.\n",
            "NICE's words for TENS are 'do not offer'",
        ),
        (
            "feedback: Guidelines say the opposite.\n",
            "feedback: Guidelines do not advise TENS for routine care.\n",
            "NICE's words for TENS are 'do not offer'",
        ),
    ],
)
def test_nice_on_tens_is_worded_as_on_the_cards(old: str, new: str, why: str) -> None:
    [message] = _lint(TENS, old, new)
    assert why in message


def test_relief_for_years_is_the_judged_claim_it_replaced() -> None:
    [message] = _lint(SCS, "In trials, some people had much less pain for 2 to 3 years.",
                      "Some people get much less pain for years.")
    assert "judgement lasting_benefit" in message


def test_a_false_quiz_statement_may_say_what_is_not_so() -> None:
    assert "statement: NICE advises TENS for routine care" in TENS.read_text(encoding="utf-8")
    assert figure_lint.position_issues([(("quiz", 1, "statement"), "NICE advises TENS.")]) == []


# --- References, checked at load ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "figures: [scs_complications, scs_reoperation",
            "figures: [scs_complication, scs_reoperation",
            "'scs_complication' is not the id of any figure. Did you mean 'scs_complications'?",
        ),
        (
            "figures: [trial_implant_2009, trial_implant_2022]",
            "figures: [trial_implant_2009, scs_relief]",
            "figure 'scs_relief' belongs to option 'scs_implant', not 'scs_trial'",
        ),
        (
            "      - id: scs_reoperation\n",
            "      - id: scs_relief\n",
            "figure id 'scs_relief' is used twice",
        ),
    ],
)
def test_a_figure_reference_that_cannot_be_drawn_fails_the_load(
    old: str, new: str, message: str
) -> None:
    text = SCS.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(PathwayError, match=re.escape(message)):
        from_text(text.replace(old, new, 1), str(SCS))


# --- Rendered once ------------------------------------------------------------------------------


def test_a_cell_renders_its_figures_with_who_when_the_range_and_who_paid() -> None:
    pathway = read(SCS)
    assert pathway.compare is not None
    harms = next(r for r in pathway.compare.rows if r.id == "harms")
    implant_option = pathway.options_by_id["scs_implant"]
    text = compare.cell(pathway, harms.cells["scs_implant"], implant_option).text
    # pooled from studies that counted people and studies that counted problems: no 'people'
    assert "About 15 to 27 in 100 had a complication" in text
    assert "Who: adults with back or leg pain in 32 studies (some counted problems, not " in text
    assert "About 25 to 38 in 100 people had it removed" in text
    works = next(r for r in pathway.compare.rows if r.id == "works")
    trial = compare.cell(pathway, works.cells["scs_trial"], pathway.options_by_id["scs_trial"])
    assert "About 41 in 100 trials led to a permanent implant." in trial.text  # trials
    assert "Counted: trials in the US between 2000 and 2009" in trial.text
    assert {"marketscan_2015", "day_2025"} <= set(trial.sources)  # the figures' sources cited
    implant = compare.cell(pathway, works.cells["scs_implant"], implant_option).text
    assert implant == (
        "About 34 in 100 people had at least half their leg pain relieved. With usual care "
        "alone: about 7 in 100. Who: adults in one trial with nerve-type leg pain after back "
        "surgery (not mid-back pain). When: after 12 months. A device maker paid for the trial."
    )


def test_the_card_and_the_grid_give_one_figure_the_same_words() -> None:
    pathway = read(SCS)
    f = figures.by_id(pathway, "scs_complications")
    card = figures.card_text(f).replace("**", "")
    assert card.startswith(figures.figure_text(f))
    assert card.endswith("How sure the research is: low, could well change.")


def test_no_relief_for_years_and_no_21_in_100_anywhere_a_patient_reads() -> None:
    for path in PATHWAYS:
        pathway = read(path)
        texts = [t for _, t in lint.keyed_blocks(pathway)]
        if pathway.compare is not None:
            texts += [compare.cell(pathway, c, pathway.options_by_id[oid]).text
                      for r in pathway.compare.rows for oid, c in r.cells.items()]
        joined = " ".join(texts)
        assert "21 in 100" not in joined and "for years" not in joined.replace(
            "help for years", ""
        )


# --- Statements: a guideline's position written once ----------------------------------------------


def test_a_guideline_position_is_written_once_and_named_everywhere_else() -> None:
    pathway = read(TENS)
    said = pathway.statements_by_id["tens_guidelines"].text
    assert said.startswith("NICE says do not offer TENS")
    assert TENS.read_text(encoding="utf-8").count("NICE says do not offer TENS for low back") == 1
    assert pathway.compare is not None
    trade = next(t for t in pathway.compare.tradeoffs if t.question == "trade_evidence")
    for oid in ("keep_going", "tens_guided", "tens_home"):
        cell = compare.cell(pathway, trade.cells[oid], pathway.options_by_id[oid])
        assert said in cell.text, oid
        assert {"nice_ng59", "nice_ng193", "who_2023"} <= set(cell.sources)  # its sources too
    quiz = next(q for q in pathway.quiz if q.id == "guidelines")
    answer = figures.with_figures(pathway, quiz.feedback, quiz.figures, quiz.statements)
    assert answer.endswith(said)


def test_a_statement_typed_again_names_the_statement() -> None:
    old = "      whether TENS gives lasting relief. There are no TENS trials of mid-back pain.\n"
    new = old.replace("There are", "NICE says do not offer TENS for low back pain, or for "
                      "long-term pain with no clear cause. There are")
    [message] = _lint(TENS, old, new)
    assert "is statement 'tens_guidelines', typed again" in message
    assert re.match(rf"{re.escape(str(TENS))}:\d+:\d+: ", message)


def test_an_unknown_statement_fails_the_load() -> None:
    text = TENS.read_text(encoding="utf-8")
    with pytest.raises(PathwayError, match="'tens_guideline' is not the id of any statement"):
        from_text(text.replace("statements: [tens_guidelines]", "statements: [tens_guideline]", 1),
                  str(TENS))


# --- Card parts: a cell says what the card says, in the card's words ---------------------------


def test_a_cell_that_names_a_card_part_shows_the_cards_words() -> None:
    pathway = read(SCS)
    assert pathway.compare is not None
    harms = next(r for r in pathway.compare.rows if r.id == "harms")
    option = pathway.options_by_id["pain_programme"]
    assert harms.cells["pain_programme"].card == ["harms[0]"]
    assert compare.cell(pathway, harms.cells["pain_programme"], option).text == option.harms[0]


def test_a_card_part_typed_again_in_a_cell_names_the_part() -> None:
    old = '          card: ["harms[0]"]\n          sources: [nice_ng193]\n'
    new = '          text: "It takes time and effort, and there may be a wait."\n' \
          '          sources: [nice_ng193]\n'
    [message] = _lint(SCS, old, new)
    assert "key compare.rows[2].cells.pain_programme.text:" in message
    assert "is the card's harms[0], typed again" in message


def test_a_card_part_the_option_lacks_fails_the_load() -> None:
    text = SCS.read_text(encoding="utf-8")
    bad = text.replace('card: ["harms[0]"]', 'card: ["harms[9]"]', 1)
    with pytest.raises(PathwayError, match=r"option 'pain_programme' has 2 harms; 'harms\[9\]'"):
        from_text(bad, str(SCS))
