"""Study mode in a real Chromium: the participant answers, downloads the study file, and zero
bytes of it reach the server's disk or log; no request leaves the app's own origin.

Run: .venv/bin/python -m pytest tests/browser/test_study_mode.py -m browser --no-cov -q \
    -p no:cacheprovider -x
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from browser_checks import blocking, disk_verdict
from browser_harness import (
    StreamlitServer,
    foreign_urls,
    snapshot_changes,
    temp_listing,
    tree_snapshot,
)
from browser_steps import walk
from conftest import PATHWAYS, ROOT

from decision_aid import study
from decision_aid.load import read
from testing.browser import DESKTOP, Patient, required

pytestmark = pytest.mark.browser


def test_study_file_downloads_and_nothing_is_kept(  # type: ignore[no-untyped-def]
    browser, chromium, run_dir: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setenv(study.SITE_ENV, "site_a")
    server = StreamlitServer(ROOT, PATHWAYS, run_dir, "study")
    tmp = Path(tempfile.gettempdir())
    repo_before, tmp_before = tree_snapshot(ROOT), temp_listing(tmp)
    server.start()
    p = Patient.open(browser, server, DESKTOP, run_dir / "screens" / "study-mode")
    try:
        pathway = read(PATHWAYS / "tens.yaml")
        walk(p, pathway, back_and_edit=False, pick=required)
        chosen = {}
        for f in study.fields(pathway):
            if not f.asked:
                continue
            code, label = f.choices[-1] if f.type == "radio" else ("1", "True")
            p.press_and_wait(p.key(f"study_{f.name}").get_by_text(label, exact=True), 2_000)
            chosen[f.name] = code
        p.page.wait_for_timeout(400)  # the page at rest before the download: a late run shows
        p.settle()
        data = p.download("dl_study").decode("utf-8")
        p.shot("study-done")
        violations = blocking(p.axe())
    finally:
        p.close()
        server.stop()
    assert violations == [], "accessibility violations on the study part (docs/accessibility.md)"
    assert study.check(study.dictionary(pathway), data) == []
    row = dict(zip(*[line.split(",") for line in data.splitlines()], strict=True))
    assert {k: row[k] for k in chosen} == chosen
    assert row["field_test_complete"] == "2" and study.valid_code(row["record_id"])
    assert foreign_urls(p.requests, server.url) == []
    assert server.temp_files() == [], "the server wrote to its temp folder"
    log = server.log_path.read_text(errors="replace")
    assert row["record_id"] not in log and "prep_" not in log
    written = snapshot_changes(repo_before, tree_snapshot(ROOT))
    written += [f"added {tmp / n}" for n in sorted(temp_listing(tmp) - tmp_before)
                if not str(tmp / n).startswith(str(run_dir))]
    disk_verdict(written)
