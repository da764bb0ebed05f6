"""One rule pipeline: every content rule is a named lint that ``validate`` runs, so an editor
meets it without pytest. Each rule here fires on a small bad example and stays quiet on the
shipped content; ``validate`` prints each problem once, always with file:line:column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from decision_aid.cli import main
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.rules import checks, lint

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"
SHIPPED = sorted(ROOT.glob("pathways/*.yaml"))


def _data(path: Path = EXAMPLE) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _found(rule: lint.Lint, data: dict[str, Any]) -> list[str]:
    pathway = Pathway.model_validate(data)
    return [
        f"{lint.named_path(pathway, i.path)}: {i.message}"
        for i in rule(pathway, lint.keyed_blocks(pathway))
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_content_passes_every_rule(path: Path) -> None:
    pathway = read(path)
    assert [str(i) for i in lint.run_lints(pathway) if i.severity == "error"] == []


def test_every_rule_is_named_and_run() -> None:
    names = [rule.__name__ for rule in lint.LINTS]
    assert all(n.startswith("lint_") for n in names) and len(set(names)) == len(names)
    assert all(c.__name__.startswith("check_") for c in checks.CHECKS)


def test_an_uncited_source_fires() -> None:
    data = _data()
    assert _found(lint.lint_sources_cited, data) == []
    data["sources"].append({**data["sources"][1], "id": "unused"})
    [problem] = _found(lint.lint_sources_cited, data)
    assert problem.startswith("sources[unused]: source 'unused' is listed but nothing cites it")


def test_a_judgement_pointing_nowhere_fires() -> None:
    data = _data()
    data["judgements"] = [
        {"id": "ok", "at": "options[exercise].figures[0]", "text": "Fine."},
        {"id": "lost", "at": "options[nope].figures[0]", "text": "Lost."},
        {"id": "cites", "at": "steps[pain].questions[duration]", "text": "x", "sources": ["zz"]},
    ]
    problems = _found(lint.lint_judgements, data)
    where = [p.split(":")[0] for p in problems]
    assert where == ["judgements[lost].at", "judgements[cites].sources[0]"]
    assert "'options[nope].figures[0]', which is not in this pathway" in problems[0]


def test_status_questions_that_differ_fire() -> None:
    data = _data(ROOT / "pathways" / "tens.yaml")
    assert _found(lint.lint_status_questions, data) == []
    last = [o["status_question"] for o in data["options"] if o.get("status_question")][-1]
    for step in data["steps"]:
        for q in step.get("questions", []):
            if q["id"] == last:
                q["choices"] = list(reversed(q["choices"]))
    [problem] = _found(lint.lint_status_questions, data)
    assert "must be on a questions step with the same choices as" in problem


def test_a_second_ladder_question_on_a_step_fires() -> None:
    data = _data()
    assert _found(lint.lint_ladder_questions, data) == []
    ladder = next(s for s in data["steps"] if s["id"] == "ladder")
    ladder["questions"].append({**ladder["questions"][0], "id": "again", "text": "Again?"})
    [problem] = _found(lint.lint_ladder_questions, data)
    assert problem.startswith("steps[ladder].questions[again].choices: question 'again' lists")


def test_two_questions_with_one_text_fire() -> None:
    data = _data()
    assert _found(lint.lint_question_texts, data) == []
    pain = next(s for s in data["steps"] if s["id"] == "pain")
    pain["questions"][1]["text"] = pain["questions"][0]["text"]
    [problem] = _found(lint.lint_question_texts, data)
    assert "has the same text as 'duration'" in problem


def test_a_trade_off_without_its_neutral_middle_fires() -> None:
    data = _data(ROOT / "pathways" / "tens.yaml")
    assert _found(lint.lint_tradeoffs, data) == []
    qid = data["compare"]["tradeoffs"][0]["question"]
    for step in data["steps"]:
        for q in step.get("questions", []):
            if q["id"] == qid:
                q["choices"] = [q["choices"][0], q["choices"][2], q["choices"][1]]
    [problem] = _found(lint.lint_tradeoffs, data)
    assert problem.startswith("compare.tradeoffs[0].question: trade-off question")


def test_a_clinician_question_nobody_can_get_fires() -> None:
    data = _data()
    assert _found(lint.lint_clinician_questions, data) == []
    data["clinician_questions"].append({"id": "orphan", "text": "Anything else?"})
    [problem] = _found(lint.lint_clinician_questions, data)
    assert problem.startswith("clinician_questions[orphan]: question 'orphan' can never be")


def test_two_options_on_one_rung_fire() -> None:
    data = _data()
    assert _found(lint.lint_rungs, data) == []
    data["options"][1]["rung"] = data["options"][0]["rung"]
    [problem] = _found(lint.lint_rungs, data)
    assert problem.startswith("options[exercise].rung: rung 0 is also the rung of 'self_care'")


def test_ranking_words_in_a_quiz_fire() -> None:
    data = _data(ROOT / "pathways" / "tens.yaml")
    assert _found(lint.lint_neutral, data) == []
    data["quiz"][0]["feedback"] = "This is the best choice."
    [problem] = _found(lint.lint_neutral, data)
    assert problem.startswith(f"quiz[{data['quiz'][0]['id']}].feedback: 'best' is not allowed")


def test_validate_prints_each_problem_once_with_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "pathways", tmp_path / "pathways")
    tens = tmp_path / "pathways" / "tens.yaml"
    text = tens.read_text(encoding="utf-8")
    data = _data(tens)
    old = data["options"][0]["what_it_is"].split("\n")[0][:40]
    assert old in text
    tens.write_text(text.replace(old, "You should try this TODO. " + old, 1), encoding="utf-8")
    assert main(["validate", str(tmp_path / "pathways"), "--today", "2026-12-07"]) == 1
    out = capsys.readouterr().out.splitlines()
    errors = [line for line in out if "what_it_is" in line]
    assert sum("'You should' is not allowed" in line for line in errors) == 1, errors
    assert sum("'TODO' is a drafting note" in line for line in errors) == 1, errors
    located = re.compile(r"^\S+\.yaml:\d+:\d+: ")
    problems = [line for line in out if not line.startswith(("ok: ", "report: "))]
    assert problems and all(located.match(line) for line in problems), problems
    assert len(problems) == len(set(problems))
