"""The key under an icon array says what each circle counts: people, or trials for figures
whose source counts trials (a person may have had more than one)."""

from __future__ import annotations

from pathlib import Path

from decision_aid.load import read
from decision_aid.model import Figure
from decision_aid_ui import cards

SCS = Path(__file__).resolve().parent.parent / "pathways" / "spinal-cord-stimulation.yaml"


def _figure(**changes: object) -> Figure:
    base = Figure(
        event="had less pain",
        n=10,
        time_frame="after 3 months",
        population="adults with long-term low back pain",
        certainty="low",
        kind="benefit",
        sources=["review"],
    )
    return base.model_copy(update=changes)


def test_people_figures_keep_the_person_key() -> None:
    key = cards.icon_key(_figure())
    assert key == "Each circle is 1 person in 100. Dark: people this happened to."


def test_a_figure_counting_trials_gets_a_trial_key() -> None:
    key = cards.icon_key(_figure(unit="trials", population="trials in the US"))
    assert key.startswith("Each circle is 1 trial in 100")
    assert "person" not in key and "people" not in key


def test_a_range_adds_the_light_shade() -> None:
    assert cards.icon_key(_figure(n_high=20)).endswith(" Light: it may be this many.")


def test_the_trial_conversion_figure_is_keyed_in_trials() -> None:
    pathway = read(SCS)
    trial = pathway.options_by_id["scs_trial"]
    keys = {f.population: cards.icon_key(f) for f in trial.figures if f.n is not None}
    [counted_in_trials] = [p for p in keys if p.startswith("trials")]
    assert "1 trial in 100" in keys[counted_in_trials]
    people = [k for p, k in keys.items() if p != counted_in_trials]
    assert people and all("1 person in 100" in k for k in people)


def test_the_shape_is_named_and_the_shades_keep_their_words() -> None:
    key = cards.icon_key(_figure(kind="harm", n_high=20), shape="diamond")
    assert key == (
        "Each diamond is 1 person in 100. Dark: people this happened to. "
        "Light: it may be this many."
    )
