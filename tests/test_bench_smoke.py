"""The benchmarks still run: a valid generated pathway, and each figure once on tiny sizes.

No timing is asserted here; numbers live in BENCHMARKS.md (``make bench``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import effort, engine, gen, report, walks
from decision_aid.evaluate import plan, visible_steps
from decision_aid.load import load_text

FILES = [walks.FIXTURE]


def test_generator_makes_a_valid_pathway_of_100_questions() -> None:
    pathway = load_text(gen.to_yaml(gen.generate(100))).pathway
    assert len(pathway.questions) == 100
    kinds = {q.kind for q in pathway.questions.values()}
    assert kinds == {"single", "multiple", "yes_no", "scale", "text"}
    assert any(q.enable_when for q in pathway.questions.values())
    assert any(s.next for s in pathway.steps)
    assert pathway.options and pathway.stages and pathway.clinician_questions


def test_generator_rejects_tiny_sizes() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        gen.generate(5)


def test_full_walk_reaches_the_summary() -> None:
    pathway = load_text(gen.to_yaml(gen.generate(100))).pathway
    answers = walks.fill(pathway)
    assert visible_steps(pathway, answers)[-1].kind == "summary"
    assert plan(pathway, answers).safety.tier is None
    assert len(answers) > 50


def test_engine_figures_run_once() -> None:
    sections = [
        engine.engine(FILES, 1),
        engine.scaling((20, 40), 1),
        engine.exports(FILES, 1),
    ]
    assert all(s.rows for s in sections)


def test_effort_counts_clicks_and_words() -> None:
    pathway = load_text(walks.FIXTURE.read_text(encoding="utf-8")).pathway
    e = effort.effort(pathway, walks.PERSONAS[1])
    assert e.clicks > len(visible_steps(pathway, walks.PERSONAS[1].walk(pathway))) - 1
    assert e.words > 0 and e.minutes == e.words / 200
    assert effort.figure(FILES).rows


def test_report_renders_a_table(tmp_path: Path) -> None:
    section = report.Section(1, "X", [report.Row("a|b", "1 ms", "", "< 2 ms", True)], "How.")
    text = report.render([section], "machine", "today", 1.0)
    assert "| 1. a\\|b | 1 ms |  | < 2 ms (met) | machine | today |" in text


@pytest.mark.skipif(not (walks.ROOT / "app.py").exists(), reason="no app.py yet")
def test_apptest_figures_run_once() -> None:
    from bench import apptest

    assert apptest.rerun(FILES, 1).rows
    assert apptest.memory(FILES, 2).rows
