"""Study mode: off by default; the study file round-trips into REDCap's dictionary, 0 errors.

Run: .venv/bin/python -m pytest tests/test_study.py --no-cov -q -p no:cacheprovider
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from decision_aid import study
from decision_aid.cli import main
from decision_aid.load import read
from testing.apptest import ROOT, app, no_exception, start, walk_to_summary

pytestmark = pytest.mark.usefixtures("shipped_pathways")

MAIN = read(ROOT / "pathways" / "mid-back-pain.yaml")


def _given(p, seed: int = 1) -> dict[str, str]:  # type: ignore[no-untyped-def]  # noqa: ANN001
    pick = random.Random(seed)
    found = {}
    for f in study.fields(p):
        if f.asked:
            codes = [c for c, _ in f.choices] if f.type == "radio" else ["1", "0"]
            found[f.name] = pick.choice(codes)
    return found


def _row(p=MAIN, **kw):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN003, ANN202
    answers = {qid: True for qid in p.leaning.sure} if p.leaning else {}
    return study.study_row(p, "site_a", kw.get("code", study.new_code()), "0.5.0+abc",
                           answers, kw.get("given", _given(p)))


def test_off_by_default_and_a_bad_site_code_is_off() -> None:
    assert study.site_from({}) is None
    assert study.site_from({study.SITE_ENV: ""}) is None
    assert study.site_from({study.SITE_ENV: "Site A; DROP"}) is None
    assert study.site_from({study.SITE_ENV: "leeds_msk"}) == "leeds_msk"


@pytest.mark.parametrize("name", ["mid-back-pain", "tens", "spinal-cord-stimulation"])
def test_study_file_round_trips_into_the_redcap_dictionary(name: str) -> None:
    p = read(ROOT / "pathways" / f"{name}.yaml")
    row = _row(p)
    assert row["field_test_complete"] == "2"
    assert study.check(study.dictionary(p), study.study_file(row)) == []
    # a partly answered file, and several files joined, are accepted too
    part = _row(p, given={"prep_1": "3"})
    assert part["field_test_complete"] == "0"
    joined = study.merge([study.study_file(row), study.study_file(part)])
    assert study.check(study.dictionary(p), joined) == []
    assert len(list(csv.DictReader(io.StringIO(joined)))) == 2


def test_check_applies_the_dictionarys_rules() -> None:
    dictionary = study.dictionary(MAIN)
    good = study.study_file(_row())
    assert study.check(dictionary, good.replace(",site_a,", ",site_a,", 1)) == []
    bad_choice = study.study_file({**_row(), "prep_1": "7"})
    assert study.check(dictionary, bad_choice) == [
        "records line 2: prep_1 '7' is not one of ['1', '2', '3', '4', '5']"]
    yes_no = study.study_file({**_row(), "sure_1": "yes"})
    assert study.check(dictionary, yes_no) == ["records line 2: sure_1 'yes' is not one of "
                                               "['0', '1']"]
    extra = study.study_file({**_row(), "comments": ""})
    assert study.check(dictionary, extra) == [
        "records: column 'comments' is not a field of the dictionary"]
    no_id = study.study_file({**_row(), "record_id": ""})
    assert study.check(dictionary, no_id) == ["records line 2: record_id is required"]
    assert study.check("a,b\n", good) == [
        "dictionary: the header is not REDCap's data dictionary header"]


def test_the_study_file_holds_codes_only() -> None:
    row = _row()
    kinds = {f.name: f for f in study.fields(MAIN)}
    for name, value in row.items():
        if name in ("record_id", "site", "pathway", "content_version", "instrument_version"):
            continue
        assert value in {"", "0", "1", "2", "3", "4", "5"}, (name, value)
    assert all(f.type != "text" for f in kinds.values() if f.asked)  # no free text asked
    # a value that is not a code of the field (e.g. typed text) never reaches the file
    assert _row(given={"prep_1": "my name is Ann"})["prep_1"] == ""


def test_participant_codes_are_readable_and_catch_a_misread() -> None:
    codes = {study.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert study.valid_code(code) and len(code) == 9 and code[4] == "-"
        assert not set(code) & set("01OIL")
        wrong = code[:2] + next(c for c in study.CODE_ALPHABET if c != code[2]) + code[3:]
        assert not study.valid_code(wrong)


def test_cli_writes_the_dictionary_and_merges_checked_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pathway = str(ROOT / "pathways" / "mid-back-pain.yaml")
    files = []
    for n in range(2):
        path = tmp_path / f"study-{n}.csv"
        path.write_text(study.study_file(_row()), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "import.csv"
    assert main(["study", "merge", pathway, *files, "--output", str(out)]) == 0
    dictionary = tmp_path / "dictionary.csv"
    assert main(["study", "dictionary", pathway, "--output", str(dictionary)]) == 0
    assert study.check(dictionary.read_text(encoding="utf-8"),
                       out.read_text(encoding="utf-8")) == []
    broken = tmp_path / "broken.csv"
    broken.write_text(study.study_file({**_row(), "record_id": "ABCD-EFGH"}), encoding="utf-8")
    assert main(["study", "merge", pathway, str(broken)]) == 1
    assert "does not check out" in capsys.readouterr().out


def _summary(monkeypatch: pytest.MonkeyPatch, site: str | None):  # type: ignore[no-untyped-def]  # noqa: ANN202
    if site:
        monkeypatch.setenv(study.SITE_ENV, site)
    else:
        monkeypatch.delenv(study.SITE_ENV, raising=False)
    tens = read(ROOT / "pathways" / "tens.yaml")
    return walk_to_summary(start(app(), tens), tens), tens


def test_the_summary_has_no_study_part_unless_the_deployment_runs_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at, _ = _summary(monkeypatch, None)
    assert not [r for r in at.radio if str(r.key).startswith("study_")]
    assert "study_code" not in at.session_state


def test_study_mode_asks_after_the_summary_and_keeps_it_out_of_the_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at, tens = _summary(monkeypatch, "site_a")
    asked = [f.name for f in study.fields(tens) if f.asked]
    assert [r.key for r in at.radio if str(r.key).startswith("study_")] == [
        f"study_{n}" for n in asked]
    no_exception(at.radio(key="study_prep_1").set_value("4").run())
    assert study.valid_code(at.session_state["study_code"])
    assert not any(k.startswith("prep") for k in at.session_state["answers"])
    text = "\n".join(m.value for m in at.markdown)
    assert at.session_state["study_code"] in text
