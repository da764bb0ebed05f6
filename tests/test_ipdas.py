"""docs/ipdas.md stays true: every criterion is there, rated, and everything it cites exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid import ipdas

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "docs" / "ipdas.md"
CRITERIA = ipdas.read_record(RECORD)


def test_every_criterion_is_recorded_once() -> None:
    numbers = {t: [c.number for c in CRITERIA if c.tier == t] for t in ipdas.TIERS}
    assert numbers["qualifying"] == [f"Q{i}" for i in range(1, 7)]
    assert numbers["certification"] == [f"C{i}" for i in range(1, 7)]
    assert numbers["quality"] == [str(i) for i in range(1, 20)]


def test_counts_match_the_stated_counts() -> None:
    counted = ipdas.counts(CRITERIA)
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
