"""The benchmarks still run: a valid generated pathway, and each figure once on tiny sizes.

No timing is asserted here; numbers live in BENCHMARKS.md (``make bench``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import effort, engine, gen, report, walks
from decision_aid.load import load_text, read
from decision_aid.path import visible_steps
from decision_aid.plan import plan
from decision_aid_ui import catalog

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


def test_engine_figures_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cached-load figure points the app's catalogue at the files' folder through the
    # environment; set it here so it is put back after the test (later app tests read it).
    monkeypatch.setenv(catalog.PATHWAYS_ENV, str(FILES[0].parent))
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
def test_apptest_figures_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import apptest

    # The app reads the files' folder, as `make bench` leaves it after the engine figures.
    monkeypatch.setenv(catalog.PATHWAYS_ENV, str(FILES[0].parent))

    assert apptest.rerun(FILES, 1).rows
    assert apptest.memory(FILES, 2).rows


@pytest.mark.skipif(not (walks.ROOT / "app.py").exists(), reason="no app.py yet")
def test_planned_load_reports_every_figure_it_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import planned

    monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)  # the shipped pathways (all three)
    r = planned.measure(people=2, seconds=8, think=(0.1, 0.3), ramp=0.5)
    assert r.tally.errors == r.warm.errors == []  # the walker found every widget it looks for
    files = len(walks.pathway_files())  # the warm-up: a whole walk of each, every download
    assert r.warm.walks == files and r.warm.failed_downloads == 0
    # + the PDF and "Save my answers"; some people also take the PDF on the other paper
    assert files * (len(planned.DOWNLOADS) + 2) <= r.warm.downloads <= files * (
        len(planned.DOWNLOADS) + 3)
    walked = {s.id for f in walks.pathway_files() for p in [read(f)]
              for s in visible_steps(p, walks.PERSONAS[1].walk(p))}  # fmt: skip
    assert {c.page for c in r.warm.clicks} == walked | {"start"}
    assert r.tally.clicks and r.tally.sessions >= 2
    assert set(r.latency()) == set(r.latency(steady=False)) == {"p50", "p95", "p99"}
    assert r.planned_per_s == 2 / 0.2 and r.per_s > 0
    assert r.cpu_ms_per_click > 0 and r.rss_peak_mb >= r.rss_idle_mb > 0
    assert r.tally.failed_downloads <= r.tally.downloads
    pages = r.by_page()
    assert {"start", "safety"} <= set(pages) <= set(planned.page_names())
    assert all(set(v) == {"runs", "cpu_ms_median", "cpu_ms_mean", "cpu_share", "p50_s",
                          "p95_s"} for v in pages.values())
    assert {page for page, _ in r.by_interaction()} == set(pages)
    assert ("start", "-") in r.by_interaction()  # the page opened: no button pressed
    if planned.capacity.has_py_spy():
        assert r.shares and set(r.hot) == {label for label, _ in planned.HOT}
    text = "\n".join(f"{row.figure}: {row.value}" for row in planned.section([r]).rows)
    for promised in ("clicks/s per process (planned 10.0)", "p50", "p95", "p99", "while arriving",
                     "ms per click", "MB per session", "downloads failed", "by page",
                     "button pressed",
                     "warning signs"):
        assert promised in text


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
                    reason="no nginx")
def test_planned_load_runs_behind_nginx(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import planned

    monkeypatch.delenv("DECISION_AID_PATHWAYS", raising=False)
    r = planned.measure(people=2, seconds=6, think=(0.1, 0.3), ramp=0.5, spy=False, replicas=2)
    assert r.tally.errors == [] and r.tally.failed_downloads == 0  # the route cookie holds
    assert r.tally.clicks and r.per_s == len(r.tally.clicks) / 6 / 2
    assert r.warm.walks == 2 * len(walks.pathway_files())  # each replica warmed up
    assert "2 process(es) behind deploy/nginx" in planned.section([r]).rows[0].figure
