"""The evidence lints: primary sources, drafting words, readable figures, balanced pictures and
guideline conditions for implants; each with a case that must pass and one that must fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from decision_aid.errors import format_path
from decision_aid.model import Pathway
from decision_aid.rules import evidence_lint, lint

EXAMPLE = Path(__file__).parent / "fixtures" / "example.yaml"
ROOT = Path(__file__).resolve().parent.parent


def _data() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["options"][1]["harms"] = ["Muscle soreness, mostly in the first weeks."]
    return data


def _messages(data: dict[str, Any]) -> list[str]:
    pathway = Pathway.model_validate(data)
    blocks = lint.keyed_blocks(pathway)
    rules = (*lint.EVIDENCE_LINTS, *lint.FIGURE_LINTS)
    issues = [i for rule in rules for i in rule(pathway, blocks)]
    return [f"{i.severity} {format_path(i.path)}: {i.message}" for i in issues]


def test_the_example_is_clean() -> None:
    assert _messages(_data()) == []


# --- Sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nice.org.uk/guidance/ng59",
        "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/",
        "https://www.nhs.uk/conditions/back-pain/",
        "https://pubmed.ncbi.nlm.nih.gov/28030470/",
        "https://doi.org/10.1136/rapm-2020-101681",
        "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD012087/abstract",
        "https://www.fda.gov/medical-devices",
        "https://rapm.bmj.com/content/45/11/883",
        "https://cuh.nhs.uk/patient-information/spinal-cord-stimulator-trial",
    ],
)
def test_primary_urls(url: str) -> None:
    assert evidence_lint.is_primary_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.nice.org.uk/guidance/ng59",  # http
        "https://bridgwaterbayhealth.nhs.uk/back-pain",  # a GP practice's copy of nhs.uk
        "https://www.physiciansweekly.com/spinal-cord-stimulation",  # news aggregator
        "https://studylib.net/doc/25297351",  # a document copy
        "https://nice.org.uk.evil.example/guidance",  # look-alike host
        "https://notnice.org.uk/",  # suffix without a dot
        "nice.org.uk/guidance/ng59",  # no scheme
    ],
)
def test_non_primary_urls(url: str) -> None:
    assert not evidence_lint.is_primary_url(url)


def test_a_copy_fails_with_the_source_id_at_its_url() -> None:
    data = _data()
    data["sources"][0]["url"] = "https://www.physiciansweekly.com/copy"
    [message] = _messages(data)
    assert message.startswith("error sources[0].url: source 'guide': 'www.physiciansweekly.com'")


def test_http_fails() -> None:
    data = _data()
    data["sources"][0]["url"] = "http://www.nice.org.uk/guidance/example"
    [message] = _messages(data)
    assert "is http://. Use the https link." in message


def test_no_link_fails_unless_an_editor_note_says_why() -> None:
    data = _data()
    del data["sources"][1]["doi"]
    [message] = _messages(data)
    assert message.startswith("error sources[1].id: source 'review': has no url or doi")
    data["sources"][1]["editor_note"] = "The DOI is not in the references."
    [message] = _messages(data)
    assert message.startswith("warning sources[1].id: source 'review': no link yet")


def test_an_unconfirmed_source_is_a_named_warning_and_never_primary() -> None:
    data = _data()
    data["sources"][0]["confirmed"] = False
    data["sources"][0]["editor_note"] = "The address is from memory: open it."
    [message] = _messages(data)
    assert message == (
        "warning sources[0].confirmed: source 'guide': not confirmed, so never counted as "
        "primary; editor_note says what to check."
    )
    assert not evidence_lint.is_primary(Pathway.model_validate(data), "guide")


def test_an_unconfirmed_source_must_say_why() -> None:
    data = _data()
    data["sources"][0]["confirmed"] = False
    [message] = _messages(data)
    assert message.startswith("error sources[0].confirmed: source 'guide': confirmed: false needs")


@pytest.mark.parametrize("part", ["authors", "title", "published_in"])
def test_a_citation_needs_every_part(part: str) -> None:
    data = _data()
    del data["sources"][1][part]
    messages = _messages(data)
    expected = f"error sources[1].id: source 'review': has no {part}. Add it from the source itself"
    assert expected + "." in messages


def test_a_hand_typed_citation_is_a_warning_until_moved_to_the_library() -> None:
    data = _data()
    data["sources"][1] = {**data["sources"][1], "citation": "Example A. Example review. 2021."}
    [message] = _messages(data)
    assert message.startswith("warning sources[1].citation: source 'review': the citation is typed")
    assert not evidence_lint.is_complete(Pathway.model_validate(data).sources[1])


def test_a_description_is_not_a_title() -> None:
    data = _data()
    del data["sources"][1]["title"]
    data["sources"][1]["description"] = "A review of examples (12 trials)"
    [message] = _messages(data)
    assert message.startswith("error sources[1].description: source 'review': a description stands")
    data["sources"][1]["confirmed"] = False
    data["sources"][1]["editor_note"] = "Title not confirmed."
    assert [m.split(":")[0] for m in _messages(data)] == ["warning sources[1].confirmed"]


def test_the_citation_is_built_from_its_parts() -> None:
    pathway = Pathway.model_validate(_data())
    assert pathway.sources_by_id["review"].citation == (
        "Example A, Sample B. Example review. Example Journal 2021;1:1-10."
    )
    assert pathway.sources_by_id["guide"].citation == (
        "Example Guideline Group. Example guideline. Example guideline series, 2020."
    )


def test_every_shipped_source_is_complete_or_marked_unconfirmed() -> None:
    from decision_aid.load import read_library

    library = read_library(ROOT / "pathways" / "shared" / "sources.yaml")
    issues = evidence_lint.source_issues(library)
    assert [i for i in issues if i.severity == "error"] == []
    flagged = {library.sources[i.path[1]].id for i in issues}  # type: ignore[index]
    assert flagged == {s.id for s in library.sources if not s.confirmed}


def test_a_trusts_own_leaflet_is_primary() -> None:
    url = "https://royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome"
    assert evidence_lint.is_primary_url(url)


def test_cli_names_file_line_and_source_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from decision_aid.cli import main

    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "https://www.nice.org.uk/guidance/example", "https://example.org/guide"
    )
    path = tmp_path / "copy.yaml"
    path.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    url: https://example.org/guide")
    assert main(["validate", str(path), "--today", "2026-06-01"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line}:10: At Source(id='guide'), key sources[0].url: source 'guide'" in out


# --- Drafting words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Its numbers were not read for this draft.",
        "Check the wording on nhs.uk before publishing.",
        "Vance et al. 2022 (title to check).",
        "TODO: add the trial.",
    ],
)
def test_drafting_words_are_found(text: str) -> None:
    assert evidence_lint.drafting_words(text)


def test_patient_words_about_drafts_are_allowed() -> None:
    text = "This is a draft: a clinician has not checked it yet. Reasons to be checked today."
    assert evidence_lint.drafting_words(text) == []


def test_drafting_words_fail_in_a_note_and_in_a_citation_but_not_in_an_editor_note() -> None:
    data = _data()
    data["sources"][0]["note"] = "Check the wording before publishing."
    data["sources"][1]["title"] = "Example review (title to check)"
    data["sources"][1]["editor_note"] = "Headline numbers were not read for this draft."
    paths = [m.split(":")[0] for m in _messages(data)]
    assert paths == ["error sources[0].note", "error sources[0].note", "error sources[1].title"]


def test_judgements_are_editor_only() -> None:
    data = _data()
    data["judgements"] = [{"id": "j", "at": "options[exercise]", "text": "TODO check this."}]
    assert _messages(data) == []
    blocks = lint.keyed_blocks(Pathway.model_validate(data))
    assert all(path[0] != "judgements" for path, _ in blocks)


# --- Figures ------------------------------------------------------------------------------------


def test_decimals_fail() -> None:
    data = _data()
    data["options"][1]["figures"][0]["n"] = 17.8
    [message] = _messages(data)
    assert message == (
        "error options[1].figures[0]: n 17.8 is not a whole number. Round it ('about 18')."
    )


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("About 1 in 5 people had a problem.", "a '1 in N' typed outside a figure"),
        ("About one in 20 people had a problem.", "a '1 in N' typed outside a figure"),
        ("It helped 21% of people.", "a percentage typed outside a figure"),
        ("About 17.8 in 100 had it removed.", "an 'N in 100' typed outside a figure"),
        ("In studies, 15 to 27 in 100 had a problem.", "an 'N in 100' typed outside a figure"),
    ],
)
def test_a_number_on_a_card_outside_its_figures_fails_once(text: str, what: str) -> None:
    data = _data()
    data["options"][1]["harms"] = [text]
    [message] = _messages(data)
    assert message.startswith("error options[1].harms[0]:") and what in message


@pytest.mark.parametrize(
    ("text", "what"),
    [("1 in 5 adults with back pain", "'1 in N'"), ("21% of adults", "a percentage")],
)
def test_other_formats_fail_in_a_figure(text: str, what: str) -> None:
    data = _data()
    data["options"][1]["figures"][0]["population"] = text
    [message] = _messages(data)
    assert message.startswith("error options[1].figures[0].population:") and what in message


def test_counts_that_are_not_frequencies_pass_on_a_card() -> None:
    data = _data()
    data["options"][1]["harms"] = ["In one report, 2 of 6 did not; pain was 50 out of 100."]
    assert _messages(data) == []


def test_a_figure_counting_trials_says_so_in_its_unit() -> None:
    data = _data()
    figure = data["options"][1]["figures"][0]
    figure["population"] = "trials in the US between 2000 and 2009"
    [message] = _messages(data)
    assert message.startswith("error options[1].figures[0]: its population counts trials")
    figure["unit"] = "trials"
    assert _messages(data) == []
    figure["population"] = "adults with long-term low back pain"
    [message] = _messages(data)
    assert "its population counts people, but unit is trials" in message


def test_a_figure_with_a_number_needs_a_kind() -> None:
    data = _data()
    del data["options"][1]["figures"][0]["kind"]
    [message] = _messages(data)
    assert "needs kind: benefit, harm or neutral" in message


def test_no_reliable_numbers_beside_moderate_certainty_must_be_explained() -> None:
    data = _data()
    data["options"][1]["certainty"] = "moderate"
    [message] = _messages(data)
    assert message.startswith("error options[1].evidence_note: option 'exercise' has moderate")
    data["options"][1]["evidence_note"] += " We could not turn this into a number out of 100."
    assert _messages(data) == []


# --- Balance and stages -------------------------------------------------------------------------


def test_a_benefit_picture_needs_a_harm_picture() -> None:
    data = _data()
    data["options"][1]["figures"][1]["kind"] = "neutral"
    [message] = _messages(data)
    assert message.startswith("error options[1].figures: option 'exercise' shows a benefit")


def _nerve_condition() -> dict[str, Any]:
    return {"question": "duration", "operator": "equals", "value": "over_3_months"}


def _implant(data: dict[str, Any]) -> dict[str, Any]:
    """Give the exercise option a guideline condition; only the 'persistent' stage lists it."""
    data["options"][1]["guideline_conditions"] = [_nerve_condition()]
    for stage in data["stages"]:
        if stage["id"] != "persistent":
            stage["discuss"] = [o for o in stage["discuss"] if o != "exercise"]
    return next(s for s in data["stages"] if s["id"] == "persistent")


def test_an_implant_is_highlighted_only_where_the_guideline_conditions_hold() -> None:
    data = _data()
    stage = _implant(data)
    stage["when"] = {"all": [{"question": "nerve_like", "operator": "equals", "value": True}]}
    messages = _messages(data)
    assert any("highlights 'exercise', but its 'when' lacks" in m for m in messages)
    stage["when"]["all"].append(_nerve_condition())
    assert not any("highlights 'exercise'" in m for m in _messages(data))


def test_talking_about_an_option_already_tried_is_no_nudge() -> None:
    data = _data()
    stage = _implant(data)
    tried = {"question": "tried_exercise", "operator": "equals", "value": "helped"}
    stage["when"] = {"any": [tried]}
    assert not any("highlights 'exercise'" in m for m in _messages(data))


def test_two_sources_with_one_link_are_one_source_written_twice() -> None:
    data = _data()
    data["sources"].append({**data["sources"][0], "id": "another_guide"})
    data["options"][0]["sources"].append("another_guide")
    [message] = _messages(data)
    assert message.startswith(
        "warning sources[0].url: source 'guide' has the same url as 'another_guide'"
    )
