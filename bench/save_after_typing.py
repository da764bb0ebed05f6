"""Figure 9, in a browser: a save pressed straight after typing holds what was typed.

One app server (``python -m decision_aid_ui``) with the example pathway; ``CROWD`` other
sessions rerun their pages over Streamlit's protocol the whole time, each every ``PACE_S``
seconds (testing/protocol.py). In
Chromium a person types a new text into a text box and, without leaving it, presses "Save my
answers" with the mouse held 0, 120 or 300 ms (a quick click, a normal click or tap, a slow
one). A save is missing the text when the downloaded file does not hold exactly what was just
typed, or when no file arrives. Run alone: ``python -m bench.save_after_typing [--quick]``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from bench.browser import usable_chromium
from bench.report import Row, Section
from testing.protocol import Session, running
from testing.server import ROOT

PRESSES_MS = (0, 120, 300)
CROWD = 40
PACE_S = 2.0
"""Each other session reruns its page every 2 s: 20 reruns a second, above the 12 clicks a
second docs/deploy.md plans for 150 people on one replica."""
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
METHOD = __doc__.split("\n\n", 1)[1].strip()


def _crowd(port: int, people: int, stop: threading.Event) -> threading.Thread:
    async def one() -> None:
        s = Session(port)
        await s.connect()
        while not stop.is_set():
            await s.rerun()
            await asyncio.sleep(PACE_S)
        await s.close()

    async def everyone() -> None:
        await asyncio.gather(*(one() for _ in range(people)), return_exceptions=True)

    thread = threading.Thread(target=lambda: asyncio.run(everyone()), daemon=True)
    thread.start()
    return thread


def _to_text_box(page: Any, url: str) -> Any:
    page.goto(url)
    page.wait_for_selector(READY, state="attached")
    page.locator(".st-key-start_example button").click()
    page.locator(".st-key-w_warning_signs__none label").click()
    page.wait_for_selector(READY, state="attached")
    page.locator(".st-key-w_coping label").filter(has_text="Yes").click()
    page.wait_for_selector(READY, state="attached")
    page.locator(".st-key-nav_next__safety button").click()
    page.locator(".st-key-w_duration label").filter(has_text="More than 3 months").click()
    box = page.locator(".st-key-w_long_term_detail textarea")
    box.wait_for()
    return box


def _tries(page: Any, box: Any, press: int, n: int) -> tuple[int, int]:
    missing = 0
    for i in range(n):
        text = f"Noticed {press}-{i}: worse at night"
        box.click()
        box.fill(text)
        try:
            with page.expect_download(timeout=60_000) as d:
                page.locator(".st-key-dl_answers_step button").first.click(delay=press)
            saved = json.loads(Path(d.value.path()).read_bytes())
            missing += saved["answers"].get("long_term_detail") != text
        except Exception:  # noqa: BLE001 - a failed or missing download is a miss: the figure
            missing += 1
        page.wait_for_selector(READY, state="attached")
    return n, missing


def figure(quick: bool = False) -> Section:
    """Saves missing what was typed, per press time, with ``CROWD`` other sessions running."""
    from playwright.sync_api import sync_playwright

    section = Section(9, "Nothing lost: a save straight after typing", method=METHOD)
    chromium = usable_chromium()
    if chromium is None:
        section.notes.append("Chromium not found: not measured.")
        return section
    per_press = 10 if quick else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pathways"
        folder.mkdir()
        shutil.copy(ROOT / "tests" / "fixtures" / "example.yaml", folder / "example.yaml")
        env = {"DECISION_AID_PATHWAYS": str(folder)}
        with running(Path(tmp) / "server.log", env=env) as server, sync_playwright() as p:
            stop = threading.Event()
            crowd = _crowd(server.port, CROWD, stop)
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = browser.new_context(accept_downloads=True).new_page()
                box = _to_text_box(page, server.url + "/")
                results = {press: _tries(page, box, press, per_press) for press in PRESSES_MS}
            finally:
                browser.close()
                stop.set()
                crowd.join(timeout=60)
    for press, (tried, missing) in results.items():
        section.rows.append(Row(f"saves missing the text just typed, press held {press} ms "
                                f"({CROWD} other sessions)", f"{missing} of {tried}", "", "0",
                                missing == 0))
    return section


if __name__ == "__main__":
    import sys
    import time

    from bench.report import render
    from bench.timing import machine, today

    began = time.perf_counter()
    print(render([figure("--quick" in sys.argv)], machine(), today(), time.perf_counter() - began))
