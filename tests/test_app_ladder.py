"""The options step: two-layer cards, ticked on the card, grouped around the person's stage.

Run: .venv/bin/python -m pytest tests/test_app_ladder.py --no-cov -q -p no:cacheprovider
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.plan import plan
from decision_aid_ui import cards
from testing.apptest import ROOT, answer_step, answers, app, next_step, no_exception, start, step_id
from testing.apptest import walk as elements

FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
EXAMPLE = read(FIXTURE)
MAIN = read(ROOT / "pathways" / "mid-back-pain.yaml")
TYPICAL = {  # bench/walks.py's typical person, as far as the stage goes
    "duration": "over_1_year",
    "nerve_like": False,
    "tried_self_care": "did_not_help",
    "tried_exercise": "did_not_help",
    "tried_medicines": "side_effects",
}


def _app(folder: Path, pathway: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    shutil.copy(pathway, folder / pathway.name)
    monkeypatch.setenv("DECISION_AID_PATHWAYS", str(folder))
    return no_exception(app())


def _to_options(at: Any, pathway: Pathway, chosen: dict[str, Any]) -> Any:
    for _ in range(len(pathway.steps)):
        if pathway.steps_by_id[step_id(at)].kind == "options":
            return at
        answer_step(at, pathway, chosen)
        next_step(at)
    raise AssertionError("no options step")


def _inside(block: Any, kind: str) -> list[Any]:
    return [e for e in elements(block) if getattr(e, "type", None) == kind]


def _markdown(block: Any) -> str:
    return "\n".join(str(m.value) for m in _inside(block, "markdown"))


def _keys(at: Any) -> list[str]:
    return [k for k in (getattr(e, "key", None) for e in elements(at.main)) if isinstance(k, str)]


def _expander(at: Any, label: str) -> Any:
    found = [e for e in at.expander if e.label.startswith(label)]
    assert len(found) == 1, [e.label for e in at.expander]
    return found[0]


# --- Pure parts ---------------------------------------------------------------------------------


def test_the_stage_options_are_open_and_the_others_split_simpler_and_more_involved() -> None:
    split = cards.rungs(plan(MAIN, TYPICAL).options)
    ids = [
        [s.option.id for s in part] for part in (split.stage, split.simpler, split.more_involved)
    ]
    assert ids == [
        ["keep_going", "psychological", "acupuncture", "medicines", "tens", "specialist"],
        ["self_care", "exercise", "manual", "yoga_tai_chi"],
        ["scs", "other_neuromod"],
    ]
    assert cards.group_label("Simpler options", split.simpler) == "Simpler options (4, 2 tried)"


def test_with_no_stage_options_every_card_is_open() -> None:
    statuses = plan(MAIN, {}).options
    no_stage = tuple(s.__class__(**{**s.__dict__, "discuss_next": False}) for s in statuses)
    split = cards.rungs(no_stage)
    assert split.stage == no_stage and not split.simpler and not split.more_involved


def test_a_figure_line_names_no_source() -> None:
    for o in MAIN.options:
        for f in o.figures:
            text = cards.figure_text(MAIN, f)
            assert "Source" not in text
            assert not any(MAIN.sources_by_id[s].citation in text for s in f.sources)


# --- On the page --------------------------------------------------------------------------------


def test_cards_in_two_layers_with_icon_arrays_and_sources_apart(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    at = _to_options(
        start(_app(tmp_path, FIXTURE, monkeypatch), EXAMPLE), EXAMPLE, {"duration": "over_3_months"}
    )
    assert "Pain that has lasted" in at.info[0].value  # the stage, and its option comes first
    tick = at.checkbox(key="w_discuss__exercise")
    assert tick.label == "Exercise and physiotherapy" and not tick.value  # the title ticks it
    card = next(b for b in elements(at.main) if getattr(b, "key", None) == "card_exercise")
    closed = _markdown(card).split("<svg")[0]
    sure = "**How sure the research is:** low, could well change"  # what "low" means
    for label in ("**Benefit:**", "**Harm:**", sure):
        assert label in closed
    # Closed toggles hold nothing until opened (each opening reruns the page).
    assert _markdown(_expander(at, "More _about Exercise and physiotherapy_")) == ""
    assert _markdown(_expander(at, "Sources _for Exercise and physiotherapy_")) == ""
    at.session_state["more_exercise_unticked"] = True
    at.session_state["sources_exercise"] = True
    no_exception(at.run())
    more = _markdown(_expander(at, "More _about Exercise and physiotherapy_"))
    assert "**Involves:**" in more and "**Costs:**" in more and "**The evidence:**" in more
    assert 'aria-label="Picture: 10 to 20 in 100' in more  # the icon array, with its text
    assert "About **10 to 20 in 100** people had less pain" in more
    assert "Who: adults with long-term low back pain." in more  # the figure's own words
    citations = [s.citation for s in EXAMPLE.sources]
    assert not [c for c in citations if c in more]  # citations only behind "Sources"
    sources = _markdown(_expander(at, "Sources _for Exercise and physiotherapy_"))
    assert "[Open the source](https://www.nice.org.uk/guidance/example)" in sources


def test_ticking_on_a_card_records_discuss_and_grouped_options_stay_reachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _to_options(
        start(_app(tmp_path, FIXTURE, monkeypatch), EXAMPLE), EXAMPLE, {"duration": "over_3_months"}
    )
    group = _expander(at, "Simpler options (1")
    inside = [w.key for w in _inside(group, "checkbox")]
    assert inside == ["w_discuss__self_care"]  # below the stage's option, one click away
    no_exception(at.checkbox(key="w_discuss__exercise").check().run())
    no_exception(at.checkbox(key="w_discuss__self_care").check().run())
    assert answers(at)["discuss"] == ["self_care", "exercise"]  # stored in ladder order
    assert _expander(at, "Simpler options").label == "Simpler options (1, 1 ticked)"
    # the ladder question is drawn once, on the cards: no separate list of titles
    assert [c.key for c in at.checkbox if c.key.startswith("w_discuss__")] == [
        "w_discuss__exercise",
        "w_discuss__self_care",
    ]
    no_exception(at.checkbox(key="w_discuss__self_care").uncheck().run())
    assert answers(at)["discuss"] == ["exercise"]


def _typical_options_page(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202 - AppTest
    """The shipped main pathway's options page, no warning signs, the typical answers."""
    monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)  # the shipped pathways
    none = {
        q.id: ["none"]
        for q in MAIN.questions.values()
        if MAIN.step_of[q.id].kind == "safety" and q.kind == "multiple"
    }
    return _to_options(start(no_exception(app()), MAIN), MAIN, {**none, **TYPICAL})


def test_main_pathway_typical_person_sees_their_stage_open(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _typical_options_page(monkeypatch)
    assert at.info[0].value == cards.stage_line("Long-term pain, exercise not enough")
    first = [k.removeprefix("card_") for k in _keys(at) if k.startswith("card_")][:6]
    stage = ["keep_going", "psychological", "acupuncture", "medicines", "tens", "specialist"]
    assert first == stage  # the stage's options, open and first, in ladder order
    assert _expander(at, "Simpler options").label == "Simpler options (4, 2 tried)"
    assert _expander(at, "More involved options").label == "More involved options (2)"
    ticks = [
        c.key.removeprefix("w_discuss__") for c in at.checkbox if c.key.startswith("w_discuss__")
    ]
    assert sorted(ticks) == sorted(o.id for o in MAIN.options)  # every option reachable
    assert "Tried: had side effects" in [c.value for c in at.caption]


def test_a_compared_cards_more_leaves_out_what_the_table_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _typical_options_page(monkeypatch)
    no_exception(at.checkbox(key="w_discuss__tens").check().run())
    tens = MAIN.options_by_id["tens"]
    ticked = _markdown(_expander(at, "More _about TENS_"))
    assert cards.IN_GRID in ticked  # the pointer to the table on the next step
    for said in ("**Involves:**", tens.involves, "**Costs:**", tens.costs, tens.harms[1]):
        assert said not in ticked  # the table's cells name these parts of the card
    assert tens.living_with in ticked and tens.evidence_note in ticked  # the table has not these
    acupuncture = MAIN.options_by_id["acupuncture"]
    at.session_state["more_acupuncture_unticked"] = True  # opened: drawn only while open
    no_exception(at.run())
    untouched = _markdown(_expander(at, "More _about Acupuncture_"))  # not ticked: all of it
    assert cards.IN_GRID not in untouched
    assert f"**Involves:** {acupuncture.involves}" in untouched
    assert f"**Costs:** {acupuncture.costs}" in untouched
    # Ticked too, acupuncture (above TENS on the page) says where the rest is; TENS's card
    # no longer says it again, and still leaves out what the table shows.
    no_exception(at.checkbox(key="w_discuss__acupuncture").check().run())
    first = _markdown(_expander(at, "More _about Acupuncture_"))
    second = _markdown(_expander(at, "More _about TENS_"))
    assert cards.IN_GRID in first and f"**Involves:** {acupuncture.involves}" not in first
    assert cards.IN_GRID not in second and "**Involves:**" not in second


def test_a_compared_cards_more_leaves_out_the_figures_the_table_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _typical_options_page(monkeypatch)
    at.session_state["more_scs_unticked"] = True  # opened: drawn only while open
    no_exception(at.run())
    before = _markdown(_expander(at, "More _about Spinal cord stimulation_"))
    assert "34 in 100" in before and "18 to 23 in 100" in before  # not compared: every figure
    no_exception(at.checkbox(key="w_discuss__scs").check().run())
    after = _markdown(_expander(at, "More _about Spinal cord stimulation_"))
    assert "34 in 100" not in after and "25 to 38 in 100" not in after  # drawn by the table
    assert "18 to 23 in 100" in after  # the table does not draw this one


def test_a_card_says_how_sure_once_unless_a_figure_differs() -> None:
    scs, other = MAIN.options_by_id["scs"], MAIN.options_by_id["other_neuromod"]
    sure = "How sure the research is:"
    relief = next(f for f in scs.figures if f.id == "scs_relief")
    assert relief.certainty == scs.certainty and sure not in cards.figure_text(MAIN, relief, "low")
    assert sure in cards.figure_text(MAIN, relief)  # elsewhere, with no card line above it
    drg = next(f for f in other.figures if f.id == "drg_relief")
    assert drg.certainty != other.certainty
    assert sure in cards.figure_text(MAIN, drg, other.certainty)  # differs from the card's
