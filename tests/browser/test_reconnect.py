"""A server that stops and comes back, in a real browser: while it is away the dialog speaks to
people, not developers; when it is back the page shows the restart notice with the uploader
(container ``restart_notice``) and never an error box. The server is our own here (not the
shared one) because the test stops it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.protocol import start_server
from decision_aid_ui import reconnect

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example.yaml"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _dialog_words(page: Any) -> tuple[str, str]:
    """The dialog's own text (hidden) and the words shown in its place."""
    dialog = page.locator("[data-testid='stDialog'] [role='dialog']").first
    dialog.wait_for(timeout=60_000)
    shown = dialog.evaluate("d => getComputedStyle(d, '::before').content")
    return dialog.inner_text(), str(shown)


def test_a_restart_is_explained_and_never_breaks_the_page(browser: Any, run_dir: Path) -> None:
    folder = run_dir / "pathways-reconnect"
    folder.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    (run_dir / "tmp-reconnect").mkdir(exist_ok=True)
    env = {"DECISION_AID_PATHWAYS": str(folder), "TMPDIR": str(run_dir / "tmp-reconnect")}
    log = run_dir / "streamlit-reconnect.log"
    server = start_server(log, env=env)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector(READY, state="attached")
        page.locator(".st-key-start_example button").click()
        page.locator(".st-key-w_warning_signs__none label").click()
        page.wait_for_url(f"**{reconnect.MARK}=1**")
        server.stop()  # the server goes away mid-walk

        hidden, shown = _dialog_words(page)
        assert "streamlit run" not in page.locator("body").inner_text()
        assert "Is Streamlit still running" not in page.locator("body").inner_text()
        assert hidden and reconnect.OFFLINE in shown

        server = start_server(log, port=server.port, env=env)
        # Streamlit keeps the old page drawn after it reconnects; the first click runs the new
        # session, which finds the walk marker and no answers.
        page.wait_for_selector("[data-test-connection-state='CONNECTED']", timeout=90_000)
        page.locator(".st-key-nav_next button").click()
        notice = page.locator(f".st-key-{reconnect.NOTICE_KEY}")
        notice.get_by_text("had to restart").wait_for(timeout=30_000)
        assert notice.locator("[data-testid='stFileUploader']").count() == 1
        page.wait_for_selector(READY, state="attached")
        page.locator(".st-key-start_example button").click()  # the first click after it
        page.wait_for_selector(".st-key-nav_next", timeout=30_000)
        assert page.get_by_test_id("stException").count() == 0
    finally:
        context.close()
        server.stop()
