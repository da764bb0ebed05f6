"""Sign-off bound to content: hashes, what an edit drops, validate, the pack and its import.

Run: .venv/bin/python -m pytest tests/test_signoff.py --no-cov -q -p no:cacheprovider
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from decision_aid import load
from decision_aid.cli import main
from decision_aid.review import marks, pack
from decision_aid.rules import signoff
from testing.signoff import CLINICIAN, DECLARED, MAIN, SCREEN, sign_everything, write_pack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped pathways whose only reviewer, in every file, is one clinician."""
    shutil.copytree(ROOT / "pathways", tmp_path / "pathways")
    for path in (tmp_path / "pathways").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("Clinical reviewer (to be named)", CLINICIAN)
        text = text.replace("  - name: Patient reviewer (to be named)\n    role: A person with "
                            "back pain who checks the wording. This has not happened yet.\n", "")
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pathways"


def _status(path: Path) -> signoff.Status:
    """A pathway file and the shared screen it includes, read, and what holds."""
    p = load.read(path)
    screen = load.read_shared(path.parent / p.warning_signs.include) if p.warning_signs else None
    return signoff.status(p, screen)


def _valid(path: Path) -> set[str]:
    return {s.item.key for s in _status(path).all if s.signed}


def test_nothing_is_signed_today() -> None:
    for path in sorted((ROOT / "pathways").glob("*.yaml")):
        status = _status(path)
        assert status.draft
        assert not [s for s in status.all if s.valid], path.name


def test_the_screen_counts_its_items() -> None:
    screen = load.read_shared(ROOT / "pathways" / SCREEN)
    keys = [i.key for i in signoff.screen_items(screen)]
    flags = [f for t in screen.tiers for f in t.items]
    # one item per sign's judgement and per unread passage (17 and 23 on 2026-12-02)
    assert sum(k.startswith("sign:") for k in keys) == sum(f.judgement is not None for f in flags)
    assert sum(k.startswith("passage:") for k in keys) == sum(
        not e.seen for f in flags for e in f.evidence
    )
    assert sum(k.startswith("sign:") for k in keys) >= 17
    assert len(keys) == len(set(keys))


def test_whitespace_and_comments_do_not_change_the_hash(folder: Path) -> None:
    path = folder / SCREEN
    before = [i.sha256 for i in signoff.screen_items(load.read_shared(path))]
    text = path.read_text(encoding="utf-8")
    path.write_text("# a comment\n" + text.replace("\n", "   \n"), encoding="utf-8")
    assert [i.sha256 for i in signoff.screen_items(load.read_shared(path))] == before


def test_an_edited_passage_drops_exactly_the_sign_offs_it_touches(folder: Path) -> None:
    sign_everything(folder)
    everything = _valid(folder / MAIN)
    assert not _status(folder / MAIN).draft
    assert "passage:tearing_pain:nhs_aortic_dissection" in everything

    path = folder / SCREEN
    text = path.read_text(encoding="utf-8")
    old = "Symptoms: sudden severe chest or upper back pain. Call 999"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + " (edited)"), encoding="utf-8")

    dropped = everything - _valid(folder / MAIN)
    # the passage, the sign's judgement (it signs the sign with its evidence), the screen as
    # a whole, and the pathway that includes the screen
    assert dropped == {"passage:tearing_pain:nhs_aortic_dissection", "sign:tearing_pain",
                       "screen", "pathway"}
    assert _status(folder / MAIN).draft
    # the other pathways include the same screen: their whole-file sign-off is gone too
    assert "screen" not in _valid(folder / "tens.yaml")


def test_an_edited_option_drops_its_judgement_and_the_pathway_only(folder: Path) -> None:
    sign_everything(folder)
    everything = _valid(folder / MAIN)
    path = folder / MAIN
    note = load.read(path).options_by_id["medicines"].evidence_note.split()
    text = path.read_text(encoding="utf-8")
    phrase = next(" ".join(note[i:i + 4]) for i in range(len(note) - 4)
                  if text.count(" ".join(note[i:i + 4])) == 1)  # once, on one line
    path.write_text(text.replace(phrase, phrase.upper()), encoding="utf-8")
    assert everything - _valid(path) == {"pathway", "judgement:ng193_medicines"}


def test_validate_reports_a_stale_sign_off_and_the_item_awaits_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sign_everything(folder)
    capsys.readouterr()
    path = folder / SCREEN
    text = path.read_text(encoding="utf-8")
    old = "Symptoms: sudden severe tummy pain. Call 999"
    path.write_text(text.replace(old, old + "!"), encoding="utf-8")
    assert main(["validate", str(path)]) == 0  # a draft: reported, not failed
    out = capsys.readouterr().out
    assert "passage:tummy_pain" not in out  # the label names the sign in words
    assert "Source passage for tummy_pain: nhs_aortic_dissection" in out
    assert "so it is awaiting sign-off again" in out
    assert out.count("awaiting sign-off again") == 2  # the passage and the screen as a whole
    assert main(["validate", "--release", str(path)]) == 1


def test_a_draft_validates_without_author_credentials_a_release_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ROOT / "pathways" / "tens.yaml"
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--release", str(path)]) == 1
    out = capsys.readouterr().out
    assert "has no 'credentials'" in out and "has no 'interests'" in out


def test_an_unknown_item_is_an_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "tens.yaml"
    record = marks._record(marks.Reviewer(CLINICIAN, "GP", "x", "y", "None"),
                                   "judgement:no_such", "0" * 64, dt.date(2027, 1, 1))
    marks.write_records(path, [record])
    assert main(["validate", str(path)]) == 1
    assert "'judgement:no_such' is no item of this file" in capsys.readouterr().out


def test_import_refuses_changed_rows_and_lists_requests(folder: Path) -> None:
    pack_csv = folder.parent / "pack.csv"
    main(["review", str(folder / "tens.yaml"), "--format", "csv", "--output", str(pack_csv)])
    rows = list(csv.DictReader(io.StringIO(pack_csv.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["decision"] = "agree"
    judged = next(r for r in rows if r["sign_off_items"].startswith("judgement:"))
    judged["decision"], judged["comment"] = "change", "Say 'about' before 40 minutes."
    stale = next(r for r in rows if r["block_id"] == "signs[chest_pain]")
    stale["sha256"] = "0" * 64
    write_pack(pack_csv, rows)
    out = folder.parent / "changes.csv"
    code = main(["review", str(folder / "tens.yaml"), "--import", str(pack_csv),
                 "--output", str(out), *DECLARED])
    assert code == 1  # a refused row
    changes = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert changes == [{"block_id": judged["block_id"], "where": judged["where"],
                        "decision": "change", "comment": "Say 'about' before 40 minutes."}]
    valid = _valid(folder / "tens.yaml")
    assert "pathway" not in valid and "screen" not in valid  # not every row agreed
    assert judged["sign_off_items"].split()[0] not in valid
    others = {k for r in rows if r is not judged for k in r["sign_off_items"].split()
              if k.startswith("judgement:")}
    assert others and others <= valid
    assert main(["validate", str(folder / "tens.yaml")]) == 0


def test_import_needs_the_reviewers_declaration(folder: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pack_csv = folder.parent / "pack.csv"
    pack_csv.write_text(",".join(pack.COLUMNS) + "\n", encoding="utf-8")
    assert main(["review", str(folder / MAIN), "--import", str(pack_csv), "--name", "A"]) == 1
    assert "--credentials" in capsys.readouterr().err


def test_records_are_appended_after_the_last_key() -> None:
    record = marks._record(marks.Reviewer("A", "B", "C", "D", "E"), "pathway",
                                   "a" * 64, dt.date(2027, 1, 1))
    text = marks.append_records("id: x\nsign_offs: []\n", [record])
    assert text.startswith("id: x\nsign_offs:\n  - item: pathway\n")
    assert "date: 2027-01-01" in text
    with pytest.raises(marks.PackError, match="last key"):
        marks.append_records("sign_offs: []\nid: x\n", [record])


def test_html_pack_is_self_contained_and_screen_first() -> None:
    p = load.read(ROOT / "pathways" / MAIN)
    made = pack.build(p, load.read_shared(ROOT / "pathways" / SCREEN))
    html = pack.to_html(made)
    assert "<script" not in html and "<link" not in html and " src=" not in html
    assert "default-src 'none'" in html
    assert [b.file for b in made.blocks[:5]] == ["screen"] * 5
    assert made.blocks[0].id == "safety[emergency]"
    risks = [pack.RISK[b.risk] for b in made.blocks]
    assert risks == sorted(risks)
    # every judgement and unread passage appears on some row
    keys = {i.key for b in made.blocks for i in b.items}
    status = signoff.status(p, made.screen)
    assert {s.item.key for s in status.all} - {"pathway", "screen"} <= keys


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdfinfo")),
                    reason="needs chromium and pdfinfo (poppler-utils)")
def test_main_pathway_pack_prints_on_at_most_40_a4_pages(tmp_path: Path) -> None:
    import subprocess

    html = tmp_path / "pack.html"
    pdf = tmp_path / "pack.pdf"
    assert main(["review", str(ROOT / "pathways" / MAIN), "--format", "html",
                 "--output", str(html)]) == 0
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(html)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                     if line.startswith("Pages:")))
    assert 10 <= pages <= 40, pages


def test_pdf_footer_says_draft_then_who_signed_which_version(folder: Path) -> None:
    from types import SimpleNamespace

    from decision_aid.formats import pdf

    def footer(p: object) -> str:
        return pdf._footer(SimpleNamespace(pathway=p, review_overdue=False)).lines[0]  # type: ignore[arg-type]

    assert footer(load.read(folder / MAIN)).endswith(
        "Draft: not yet signed off by named clinical and patient reviewers.")
    sign_everything(folder)
    p = load.read(folder / MAIN)
    sha = signoff.pathway_items(p)[0].sha256[:12]
    assert footer(p).endswith(
        f"Signed off at content version {sha} by {CLINICIAN} (GP, MB ChB, GMC 0000000, Example "
        "Practice; declared interests: None declared) on 2027-01-05.")


def test_draft_while_the_screen_is_unsigned_even_when_the_pathway_is(folder: Path) -> None:
    sign_everything(folder)
    p = load.read(folder / MAIN)
    screen = load.read_shared(folder / SCREEN)
    assert not signoff.status(p, screen).draft
    unsigned = screen.model_copy(update={"sign_offs": [s for s in screen.sign_offs
                                                       if s.item != "screen"]})
    status = signoff.status(p, unsigned)
    assert status.draft and [s.item.key for s in status.awaiting()] == ["screen"]
    # and a pathway without its own sign-off is a draft with the screen fully signed
    bare = p.model_copy(update={"sign_offs": [s for s in p.sign_offs if s.item != "pathway"]})
    assert [s.item.key for s in signoff.status(bare, screen).awaiting()] == ["pathway"]


def test_a_pathway_without_a_shared_screen_has_a_pack(example_path: Path) -> None:
    made = pack.build(load.read(example_path), None)
    assert made.blocks[0].id == "safety[emergency]" and made.blocks[0].file == "pathway"
    assert set(made.file_sha256) == {"pathway"}


def test_importing_twice_adds_nothing_and_a_spreadsheet_encoding_is_explained(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sign_everything(folder)
    before = (folder / MAIN).read_text(encoding="utf-8")
    fresh = folder.parent / "fresh.csv"
    main(["review", str(folder / MAIN), "--format", "csv", "--output", str(fresh)])
    assert fresh.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    pack_csv = folder.parent / "pack.csv"  # marked and imported by _sign_everything
    assert main(["review", str(folder / MAIN), "--import", str(pack_csv), *DECLARED]) == 0
    assert (folder / MAIN).read_text(encoding="utf-8") == before
    assert "0 sign-off records added" in capsys.readouterr().out
    pack_csv.write_bytes(pack_csv.read_text(encoding="utf-8-sig").encode("utf-8") + b"\xe9\xff")
    assert main(["review", str(folder / MAIN), "--import", str(pack_csv), *DECLARED]) == 1
    assert "save it as 'CSV UTF-8'" in capsys.readouterr().err


def test_a_signed_off_date_alone_is_reported_as_no_sign_off(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "tens.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  - name: {CLINICIAN}\n",
                                 f"  - name: {CLINICIAN}\n    signed_off: 2027-01-01\n", 1),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "a 'signed_off' date alone does not count" in capsys.readouterr().out
    assert _status(path).draft
