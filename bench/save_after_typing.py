"""Figure 9, in a browser: a save pressed straight after typing holds what was typed.

One app server (``python -m decision_aid_ui``) with the example pathway; ``CROWD`` other
sessions rerun their pages over Streamlit's protocol the whole time, each every ``PACE_S``
seconds (testing/protocol.py). In
Chromium a person types a new text into a text box and, without leaving it, presses "Save my
answers" with the mouse held 0, 120 or 300 ms (a quick click, a normal click or tap, a slow
one). A save is missing the text when the downloaded file does not hold exactly what was just
typed, or when no file arrives. The time from letting go of the button to the file arriving is
timed too: the page holds the press until the text is in, and must not hold it longer.
Run alone: ``python -m bench.save_after_typing [--quick]``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import Row, Section
from decision_aid.load import read
from testing.browser import READY, Patient, usable_chromium
from testing.protocol import crowd, running
from testing.server import ROOT

PRESSES_MS = (0, 120, 300)
CROWD = 40
PACE_S = 2.0
"""Each other session reruns its page every 2 s: 20 reruns a second, above the 12 clicks a
second docs/deploy.md plans for 150 people on one replica."""
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"
METHOD = __doc__.split("\n\n", 1)[1].strip()


def _to_text_box(p: Patient) -> Any:
    # The example pathway's first text box: "None of these", coping Yes, Next, over 3 months.
    pathway = read(EXAMPLE)
    p.start()
    p.choose_pathway(pathway)
    for qid, value in (("warning_signs", ["none"]), ("coping", True)):
        p.answer(pathway, pathway.questions[qid], value)
        p.settle()
    p.click("nav_next")
    p.answer(pathway, pathway.questions["duration"], "over_3_months")
    box = p.key("w_long_term_detail").locator("textarea")
    box.wait_for()
    return box


def _tries(page: Any, box: Any, press: int, n: int) -> tuple[int, int, list[float]]:
    missing, waits = 0, []
    for i in range(n):
        text = f"Noticed {press}-{i}: worse at night"
        box.click()
        box.fill(text)
        try:
            began = time.perf_counter()
            with page.expect_download(timeout=60_000) as d:
                page.locator(".st-key-dl_answers_step button").first.click(delay=press)
            saved = json.loads(Path(d.value.path()).read_bytes())
            waits.append(time.perf_counter() - began - press / 1000)
            missing += saved["answers"].get("long_term_detail") != text
        except Exception:  # noqa: BLE001 - a failed or missing download is a miss: the figure
            missing += 1
        page.wait_for_selector(READY, state="attached")
    return n, missing, waits


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
        shutil.copy(EXAMPLE, folder / "example.yaml")
        env = {"DECISION_AID_PATHWAYS": str(folder)}
        with (
            running(Path(tmp) / "server.log", env=env) as server,
            sync_playwright() as p,
            crowd(server.port, CROWD, PACE_S),
        ):
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                p = Patient.open(browser, server, (1280, 720), Path(tmp), timeout_ms=30_000)
                box = _to_text_box(p)
                results = {press: _tries(p.page, box, press, per_press) for press in PRESSES_MS}
            finally:
                browser.close()
    for press, (tried, missing, waits) in results.items():
        section.rows.append(Row(f"saves missing the text just typed, press held {press} ms "
                                f"({CROWD} other sessions)", f"{missing} of {tried}", "", "0",
                                missing == 0))
        if waits:
            mid = statistics.median(waits)
            section.rows.append(Row(f"release to file, press held {press} ms (median, worst)",
                                    f"{mid:.2f} s, {max(waits):.2f} s", "", "median <= 1 s",
                                    mid <= 1))
    return section


if __name__ == "__main__":
    import sys

    from bench.report import render
    from bench.timing import machine, today

    began = time.perf_counter()
    print(render([figure("--quick" in sys.argv)], machine(), today(), time.perf_counter() - began))
