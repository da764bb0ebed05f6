"""docs/review.md is generated from the pathways and committed up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.load import read

ROOT = Path(__file__).resolve().parent.parent


def test_committed_checklist_is_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # the same rendering as the command: the pathways and the shared warning-sign screen
    assert main(["review", "--check"]) == 0, (
        "docs/review.md is out of date: run '.venv/bin/python -m decision_aid review'"
    )


def test_checklist_lists_every_figure_judgement_and_editor_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    for f in sorted(Path("pathways").glob("*.yaml")):
        p = read(f)
        for o in p.options:
            for i, _ in enumerate(o.figures):
                assert f"`options[{o.id}].figures[{i}]`" in text
        for j in p.judgements:
            assert f"({j.id}):" in text
        for s in p.sources:
            assert f"`{s.id}`" in text
            if s.editor_note:
                assert " ".join(s.editor_note.split()) in text


def test_review_check_fails_when_out_of_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_path: Path
) -> None:
    out = tmp_path / "review.md"
    assert main(["review", str(example_path), "--output", str(out)]) == 0
    assert main(["review", str(example_path), "--output", str(out), "--check"]) == 0
    out.write_text("stale", encoding="utf-8")
    assert main(["review", str(example_path), "--output", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{out} is out of date: run 'python -m decision_aid review' and commit it" in err


def test_checklist_lists_every_unsigned_warning_sign_judgement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from decision_aid.load import read_shared

    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    shared = read_shared(Path("pathways/shared/warning-signs.yaml"))
    signs = [i for t in shared.tiers for i in t.items]
    judged = [i for i in signs if i.judgement and not i.judgement.signed_off]
    assert judged, "the shared screen records its clinical judgements"
    for item in judged:
        assert f"- [ ] `{item.id}` ({item.judgement.reviewer}):" in text  # type: ignore[union-attr]


def test_checklist_lists_every_combination_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from decision_aid.load import read_shared
    from decision_aid.model import Compare

    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    shared = read_shared(Path("pathways/shared/warning-signs.yaml"))
    signs = [(t.tier, i) for t in shared.tiers for i in t.items]
    combined = [(tier, i) for tier, i in signs if not isinstance(i.when, Compare)]
    assert combined, "the shared screen reads some signs together"
    part = text.split("### Combinations: signs read together\n")[1].split("###")[0]
    for tier, item in combined:
        line = next(ln for ln in part.splitlines() if ln.startswith(f"- [ ] `{item.id}` ({tier}):"))
        assert " AND " in line and "“Pain, redness or swelling in one leg" in part
