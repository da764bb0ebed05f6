"""The command line: messages and exit codes, never tracebacks."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.formats import saved
from decision_aid.model import Pathway, schema_text
from decision_aid.review import ipdas

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
ANSWERS = {"warning_signs": ["none"], "coping": True, "duration": "over_3_months", "goal": "ok"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def answers_file(tmp_path: Path, example_pathway: Pathway) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(saved.dumps(example_pathway, ANSWERS), encoding="utf-8")
    return path


@pytest.fixture
def clean_copy(tmp_path: Path, example_text: str) -> Path:
    """A copy of the example pathway, which is clean."""
    text = example_text
    path = tmp_path / "clean.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- validate -----------------------------------------------------------------------------------


def test_validate_clean_file(capsys: pytest.CaptureFixture[str], clean_copy: Path) -> None:
    code, out, err = run(capsys, "validate", str(clean_copy), "--today", "2026-06-01")
    assert (code, err) == (0, "")
    assert out == f"ok: {clean_copy} (11 questions, 2 options)\n"


def test_validate_report_adds_reading_grade(
    capsys: pytest.CaptureFixture[str], clean_copy: Path
) -> None:
    code, out, _ = run(capsys, "validate", "--report", str(clean_copy), "--today", "2026-06-01")
    assert code == 0
    assert out.startswith(f"report: {clean_copy}: reading grade ")


def test_validate_reports_every_file_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    files = [BAD / "typo_key.yaml", BAD / "bad_dates.yaml"]
    code, out, _ = run(capsys, "validate", *map(str, files))
    assert code == 1
    expected = "".join(
        p.with_suffix(".expected").read_text().replace(str(p.relative_to(ROOT)), str(p))
        for p in files
    )
    assert out == expected


def test_validate_directory_expands_to_yaml(
    capsys: pytest.CaptureFixture[str], clean_copy: Path
) -> None:
    (clean_copy.parent / "notes.txt").write_text("not a pathway")
    code, out, _ = run(capsys, "validate", str(clean_copy.parent), "--today", "2026-06-01")
    assert code == 0
    assert out.count("ok: ") == 1


def test_validate_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"{tmp_path}: no *.yaml pathway files in this directory\n"


def test_validate_prints_lints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_text: str
) -> None:
    unbalanced = tmp_path / "unbalanced.yaml"
    unbalanced.write_text(
        example_text.replace("[Muscle soreness for a day or two.]", "[Soreness.]"), "utf-8"
    )
    code, out, _ = run(capsys, "validate", str(unbalanced), "--today", "2026-06-01")
    assert code == 1
    line = example_text.splitlines().index("    harms: [Muscle soreness for a day or two.]")
    assert out.startswith(f"{unbalanced}:{line}:")
    assert "At Option(id='exercise'), key options[1].benefits: benefits have" in out
    assert "ok:" not in out


def test_validate_review_warning_and_strict(
    capsys: pytest.CaptureFixture[str], clean_copy: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(clean_copy), "--today", "2027-02-01")
    assert code == 0
    assert ": warning: next_review 2027-01-10 passed 22 days ago" in out
    code, out, _ = run(capsys, "validate", "--strict", str(clean_copy), "--today", "2027-06-01")
    assert code == 1
    assert "More than 90 days overdue fails --strict." in out


def test_validate_shipped_pathways(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "validate")
    assert code == 0, out
    files = [*(ROOT / "pathways").glob("*.yaml"), *(ROOT / "pathways").glob("shared/*.yaml")]
    assert out.count("ok: pathways/") == len(files)
    assert "ok: pathways/shared/warning-signs.yaml (shared warning signs:" in out


def test_validate_report_measures_the_content_goals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "validate", "--report", "pathways/")
    assert code == 0, out
    main = "report: pathways/mid-back-pain.yaml:"
    assert f"{main} drafting words in patient text 0 (goal 0)" in out
    assert "figures whole numbers or ranges with time frame, population and certainty" in out
    assert f"{main} primary sources " in out and "long blocks " in out
    assert f"{main} numbers in patient text outside figures 0 (goal 0)" in out
    assert f"{main} benefit pictures without harm pictures 0 (goal 0)" in out
    grades = re.findall(r"figures as people read them \(cards, grid, quiz, pictures\) \d+: "
                        r"highest grade (\d+\.\d)", out)
    assert len(grades) == 3 and max(float(g) for g in grades) <= 8
    met, applicable = ipdas.counts(ipdas.read_record(ROOT / "docs" / "ipdas.md"))["quality"]
    assert out.rstrip().endswith(
        "report: IPDAS v4 (ipdas.md): qualifying 6/6, certification 6/6, "
        f"quality {met}/{applicable} met, checked criteria scored in cards, grid, quiz, "
        "pictures, summary, PDF"
    )


# --- schema -------------------------------------------------------------------------------------


def test_schema_write_and_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "schema.json"
    code, _, err = run(capsys, "schema", "--check", "--output", str(target))
    assert (code, err) == (
        1,
        f"{target} is missing: run 'python -m decision_aid schema' and commit it\n",
    )
    assert run(capsys, "schema", "--output", str(target))[:2] == (0, f"wrote {target}\n")
    assert target.read_text() == schema_text()
    assert run(capsys, "schema", "--check", "--output", str(target))[0] == 0
    target.write_text("{}\n")
    code, _, err = run(capsys, "schema", "--check", "--output", str(target))
    assert (code, err) == (
        1,
        f"{target} is out of date: run 'python -m decision_aid schema' and commit it\n",
    )


def test_checked_in_schema_passes_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert run(capsys, "schema", "--check")[:2] == (
        0,
        "ok: pathways/schema.json matches the model\n",
    )


# --- plan and FHIR ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_plan(
    capsys: pytest.CaptureFixture[str], example_path: Path, answers_file: Path, fmt: str
) -> None:
    code, out, err = run(
        capsys, "plan", str(example_path), "--answers", str(answers_file), "--format", fmt
    )
    assert (code, err) == (0, "")
    if fmt == "json":
        assert json.loads(out)
    else:
        assert out.startswith("# My summary: Example pathway")


def test_plan_bad_answers(
    capsys: pytest.CaptureFixture[str], example_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    code, out, err = run(capsys, "plan", str(example_path), "--answers", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith(f"{bad}: ")
    code, _, err = run(capsys, "plan", str(example_path), "--answers", str(tmp_path / "none.json"))
    assert code == 1
    assert "cannot read the answers" in err


def test_plan_bad_pathway(capsys: pytest.CaptureFixture[str], answers_file: Path) -> None:
    code, out, err = run(capsys, "plan", str(BAD / "typo_key.yaml"), "--answers", str(answers_file))
    assert (code, out) == (1, "")
    assert "'requried' is not a known key of Question. Did you mean 'required'?" in err


def test_fhir_questionnaire(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    code, out, _ = run(capsys, "fhir", "questionnaire", str(example_path))
    assert code == 0
    assert json.loads(out)["resourceType"] == "Questionnaire"


def test_fhir_response(
    capsys: pytest.CaptureFixture[str], example_path: Path, answers_file: Path
) -> None:
    code, out, _ = run(
        capsys, "fhir", "response", str(example_path), "--answers", str(answers_file)
    )
    assert code == 0
    assert json.loads(out)["resourceType"] == "QuestionnaireResponse"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["nonsense"])
    assert info.value.code == 2


def test_main_module(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["decision_aid", "validate", str(BAD / "empty.yaml")])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("decision_aid", run_name="__main__")
    assert info.value.code == 1
    assert "the file is empty" in capsys.readouterr().out


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decision_aid", "validate", str(BAD / "empty.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.endswith(
        "At file: the file is empty: a pathway starts with 'schema_version: 1'.\n"
    )
    assert "Traceback" not in done.stderr
