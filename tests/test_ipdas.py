"""docs/ipdas.md stays true: every criterion is there, rated, and everything it cites exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid import figures
from decision_aid.load import from_text, read
from decision_aid.model import Pathway
from decision_aid.review import ipdas

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "docs" / "ipdas.md"
CRITERIA = ipdas.read_record(RECORD)
PATHWAYS = [read(p) for p in sorted((ROOT / "pathways").glob("*.yaml"))]
SCS = ROOT / "pathways" / "spinal-cord-stimulation.yaml"


def test_every_criterion_is_recorded_once() -> None:
    numbers = {t: [c.number for c in CRITERIA if c.tier == t] for t in ipdas.TIERS}
    assert numbers["qualifying"] == [f"Q{i}" for i in range(1, 7)]
    assert numbers["certification"] == [f"C{i}" for i in range(1, 7)]
    assert numbers["quality"] == [str(i) for i in range(1, 20)]


def test_counts_match_the_stated_counts() -> None:
    counted = ipdas.counts(ipdas.scored(CRITERIA, PATHWAYS))
    assert counted == ipdas.counts(CRITERIA)  # the record claims nothing its checks refute
    assert counted["qualifying"] == (6, 6) and counted["certification"] == (6, 6)
    stated = ", ".join(f"{t} {m}/{n}" for t, (m, n) in counted.items())
    assert f"Counts: {stated} of the criteria" in " ".join(RECORD.read_text("utf-8").split())


def test_met_criteria_cite_where() -> None:
    for c in CRITERIA:
        if c.rating in ("met", "partly"):
            assert c.cites, f"{c.number} is {c.rating} but cites nothing"


@pytest.mark.parametrize(
    "cite", sorted({cite for c in CRITERIA for cite in c.cites}), ids=lambda c: c[:60]
)
def test_every_citation_exists(cite: str) -> None:
    assert ipdas.missing(cite, ROOT) is None


def test_missing_names_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("options:\n  - id: a\n    title: A\n", encoding="utf-8")
    (tmp_path / "m.py").write_text("def here():\n    pass\nLIMIT = 3\n", encoding="utf-8")
    assert ipdas.missing("p.yaml: options[a].title", tmp_path) is None
    assert ipdas.missing("p.yaml: options[0].title", tmp_path) is None
    assert ipdas.missing("p.yaml: options[b].title", tmp_path) == "no item 'b' in options[b].title"
    assert ipdas.missing("p.yaml: options[a].costs", tmp_path) == "no 'costs' in options[a].costs"
    assert ipdas.missing("m.py::here", tmp_path) is None
    assert ipdas.missing("m.py::LIMIT", tmp_path) is None
    assert ipdas.missing("m.py::gone", tmp_path) == "gone not in m.py"
    assert ipdas.missing("nope.md", tmp_path) == "nope.md does not exist"


def test_a_question_is_cited_by_id_whichever_step_asks_it(tmp_path: Path) -> None:
    text = (
        "steps:\n"
        "  - id: about\n    questions:\n      - id: duration\n        text: How long?\n"
        "  - id: compare\n    questions:\n      - id: trade_operation\n        text: Which?\n"
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert ipdas.missing("p.yaml: questions[trade_operation]", tmp_path) is None
    assert ipdas.missing("p.yaml: questions[duration].text", tmp_path) is None
    assert ipdas.missing("p.yaml: questions[gone]", tmp_path) == "no question 'gone' on any step"
    missing_key = "no 'help' in questions[duration].help"
    assert ipdas.missing("p.yaml: questions[duration].help", tmp_path) == missing_key


# --- Scored from every place a patient reads, not from the record --------------------------------


def test_the_checked_criteria_hold_in_every_place() -> None:
    assert ipdas.problems(PATHWAYS) == {number: [] for number in ipdas.CHECKS}
    places = {s.place for p in PATHWAYS for s in ipdas.shown(p)}
    assert places == set(ipdas.PLACES)  # every place is read, none skipped


def _met(pathways: list[Pathway]) -> dict[str, str]:
    scored = ipdas.scored(CRITERIA, pathways)
    return {c.number: c.rating for c in scored if c.number in ipdas.CHECKS}


def test_a_benefit_picture_without_its_harm_picture_is_not_equal_detail() -> None:
    text = SCS.read_text(encoding="utf-8")
    harm = "    - {option: scs_implant, figure: scs_complications, label: With a stimulator}\n"
    assert harm in text
    pathway = from_text(text.replace(harm, ""), str(SCS))
    [problem] = ipdas.check_equal_detail([pathway])
    assert "compare.pictures[0]" in problem and "no harm as a picture" in problem
    assert _met([pathway])["C1"] == "partly"


def test_a_number_typed_into_the_quiz_is_not_equal_detail() -> None:
    text = SCS.read_text(encoding="utf-8")
    old = "    feedback: Problems are not rare.\n"
    pathway = from_text(text.replace(old, "    feedback: About 21 in 100 had one.\n"), str(SCS))
    [problem] = ipdas.check_equal_detail([pathway])
    assert "quiz[1].feedback" in problem and "'21 in 100'" in problem


def test_a_picture_sentence_without_its_population_fails_in_every_place_it_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def old_sentences(pathway: Pathway, pic: object) -> list[str]:  # the 2026-12-07 sentences
        f = figures.picture_figure(pathway, pic)  # type: ignore[arg-type]
        return [f"{a.label}: {a.count} in 100 {f.event} {f.time_frame}." for a in
                figures.picture_arms(pathway, pic)]  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "picture_sentences", old_sentences)
    found = ipdas.check_reference_class([read(SCS)])
    assert {p.split(": ")[1].split(",")[0] for p in found} == {"pictures", "summary", "PDF"}
    assert _met([read(SCS)])["5"] == "partly"


def test_a_range_dropped_anywhere_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "how_many", lambda f: f"{f.n:g} in {f.denominator}")
    found = ipdas.check_uncertainty([read(SCS)])
    places = {p.split(": ")[1].split(",")[0] for p in found}
    assert {"cards", "grid", "quiz", "summary", "PDF"} <= places
