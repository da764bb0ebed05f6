"""A server that stops and comes back, in a real browser: while it is away the dialog speaks to
people, not developers; when it is back the page shows the restart notice with the uploader
(container ``restart_notice``) and never an error box. The server is our own here (not the
shared one) because the test stops it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from decision_aid_ui import reconnect
from testing.browser import READY
from testing.protocol import start_server

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example.yaml"


def _tick_none(page: Any, origin: str) -> None:
    """Start the example and tick "None of these" at once: a walk in progress (the address
    marks it)."""
    page.goto(origin + "/")
    page.wait_for_selector(READY, state="attached")
    page.locator(".st-key-start_example button").click()
    page.locator(".st-key-w_warning_signs__none label").click()
    page.wait_for_url(f"**{reconnect.MARK}=1**")


def _dialog_words(page: Any) -> tuple[str, str]:
    """The dialog's own text (all hidden) and the words shown in its place (title, text)."""
    dialog = page.locator("[data-testid='stDialog'] [role='dialog']").first
    dialog.wait_for(timeout=60_000)
    shown = dialog.evaluate("d => getComputedStyle(d, '::before').content + ' ' + "
                            "getComputedStyle(d, '::after').content")
    return dialog.text_content() or "", str(shown)


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
        _tick_none(page, server.url)
        server.stop()  # the server goes away mid-walk

        hidden, shown = _dialog_words(page)
        assert "streamlit run" not in page.locator("body").inner_text()
        assert "Is Streamlit still running" not in page.locator("body").inner_text()
        assert hidden and reconnect.OFFLINE in shown and reconnect.OFFLINE_TITLE in shown
        assert page.locator("[data-testid='stDialog']").first.inner_text().strip() == ""

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


def test_a_dropped_connection_rejoins_the_same_session_with_its_tab_key(
    browser: Any, run_dir: Path
) -> None:
    """The network drops mid-walk (every connection cut, as a tunnel or a locked phone does):
    the page rejoins its own session, answers and all. Rejoining needs the tab key the page
    holds (decision_aid_ui/sessions.py), added to Streamlit's request by the page script."""
    from tcp_proxy import TcpProxy

    folder = run_dir / "pathways-rejoin"
    folder.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    server = start_server(run_dir / "streamlit-rejoin.log", env={
        "DECISION_AID_PATHWAYS": str(folder)})
    proxy = TcpProxy(server.port)
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        _tick_none(page, f"http://127.0.0.1:{proxy.port}")
        page.wait_for_selector(READY, state="attached")
        tab = page.evaluate("window.__decisionAid.tab")
        assert tab.count(".") == 1 and len(tab.split(".")[1]) == 32
        seen: list[str] = []
        page.on("websocket", lambda ws: seen.append(ws.url))

        proxy.cut()
        for _ in range(300):  # until the page has opened a new WebSocket (at most a minute)
            if seen:
                break
            page.wait_for_timeout(200)
        assert seen, "the page never reconnected"
        page.wait_for_selector("[data-test-connection-state='CONNECTED']", timeout=60_000)
        with page.expect_download(timeout=30_000) as d:
            page.locator(".st-key-dl_answers_step button").click()
        saved = Path(d.value.path()).read_text()
        page.wait_for_selector(READY, state="attached")
        assert '"warning_signs": [\n      "none"\n    ]' in saved
        assert page.locator(f".st-key-{reconnect.NOTICE_KEY}").count() == 0
        assert page.evaluate("window.__decisionAid.tab") == tab  # the same session
    finally:
        context.close()
        proxy.close()
        server.stop()


def test_a_reload_brings_the_answers_back_in_that_tab_only(browser: Any, run_dir: Path) -> None:
    """A reload (or a reopened tab) within the time a session is kept comes back to the same
    answers: the tab's sessionStorage holds its old session's rejoin id, and the server moves
    the answers into the new session. Another tab of the same browser gets nothing."""
    folder = run_dir / "pathways-reload"
    folder.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    server = start_server(run_dir / "streamlit-reload.log", env={
        "DECISION_AID_PATHWAYS": str(folder)})
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.on("dialog", lambda d: d.accept())  # "leave the page?" before the reload: yes
        _tick_none(page, server.url)
        page.wait_for_selector(READY, state="attached")
        old = page.evaluate("window.__decisionAid.tab")

        page.reload()
        page.get_by_text(reconnect.RESTORED).wait_for(timeout=30_000)
        page.wait_for_selector(READY, state="attached")
        assert page.evaluate("window.__decisionAid.tab") != old  # a new session, same answers
        with page.expect_download(timeout=30_000) as d:
            page.locator(".st-key-dl_answers_step button").click()
        assert '"warning_signs": [\n      "none"\n    ]' in Path(d.value.path()).read_text()
        stored = page.evaluate("sessionStorage.getItem('decision-aid-tab')")
        assert stored and old not in stored  # the old session is over: only the new one kept

        other = context.new_page()  # same browser, another tab: its own empty session
        other.goto(server.url + f"/?{reconnect.MARK}=1")
        other.locator(f".st-key-{reconnect.NOTICE_KEY}").wait_for(timeout=30_000)
        other.wait_for_timeout(1500)
        assert other.locator(f".st-key-{reconnect.NOTICE_KEY}").count() == 1
        assert other.get_by_text(reconnect.RESTORED).count() == 0
    finally:
        context.close()
        server.stop()
