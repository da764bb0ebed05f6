"""A patient's walk through every shipped pathway, by clicking, in a real Chromium.

One walk per pathway does the work of several checks, to keep the suite fast: every page is
screenshotted and checked with axe-core; every request is recorded (privacy); the disk is
compared before and after (nothing written); and the four downloads are checked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from browser_checks import Files, blocking, check_files, disk_verdict
from browser_harness import (
    foreign_urls,
    snapshot_changes,
    temp_listing,
    tree_snapshot,
)
from browser_steps import walk
from conftest import PATHWAYS, ROOT, shipped_pathways
from playwright.sync_api import expect

from decision_aid.answers import answer_text
from decision_aid.load import read
from testing.browser import PHONE

pytestmark = pytest.mark.browser



@pytest.mark.parametrize("pathway_id", shipped_pathways())
def test_walk_to_summary_and_downloads(pathway_id: str, patient, servers) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / f"{pathway_id}.yaml")
    server = servers("main")
    tmp = Path(tempfile.gettempdir())
    repo_before, tmp_before = tree_snapshot(ROOT), temp_listing(tmp)
    p = patient("main", label=f"desktop-{pathway_id}")
    axe: dict[str, list[str]] = {}

    def on_page(label: str) -> None:
        p.shot(label)
        axe[label] = blocking(p.axe())

    walked = walk(p, pathway, on_page)

    assert walked.edit is not None, "no answer on the second step could be changed"
    qid, _, new = walked.edit
    q = pathway.questions[qid]
    main = p.page.get_by_test_id("stMain")
    p.open_toggle("summary_rest")  # every answer is behind this toggle
    assert answer_text(pathway, q, new) in main.inner_text()
    for text in walked.own:
        try:  # shown once the toggle's content is drawn
            expect(main.get_by_text(text).first).to_be_visible(timeout=15_000)
        except AssertionError:
            pytest.fail(f"own question {text!r} not on the summary:\n{main.inner_text()}")
    markdown = p.download("dl_markdown")  # before the PDF: its button reruns the page
    p.click("make_pdf")  # the PDF is made on request (decision_aid_ui/downloads.py)
    files = Files(
        pdf=p.download("dl_pdf_a4"),
        markdown=markdown,
        answers=p.download("dl_answers"),
        fhir=p.download("dl_fhir"),
    )
    check_files(pathway, walked, files)

    assert foreign_urls(p.requests, server.url) == []
    problems = {label: found for label, found in axe.items() if found}
    assert problems == {}, "accessibility violations in our pages (see docs/accessibility.md)"
    assert server.temp_files() == [], "the server wrote to its temp folder"
    written = snapshot_changes(repo_before, tree_snapshot(ROOT))
    written += [f"added {tmp / n}" for n in sorted(temp_listing(tmp) - tmp_before)]
    disk_verdict(written)


def test_mobile_walk_has_no_horizontal_scrolling(patient, servers) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    server = servers("main")
    p = patient(
        "main", viewport=PHONE, label="mobile-mid-back-pain", is_mobile=True, has_touch=True
    )
    overflow: dict[str, list[str]] = {}

    def on_page(label: str) -> None:
        p.shot(label)
        overflow[label] = p.horizontal_overflow()

    walk(p, pathway, on_page, back_and_edit=False)
    assert {k: v for k, v in overflow.items() if v} == {}
    assert foreign_urls(p.requests, server.url) == []
