"""Figure 5: cold start in headless Chromium, against a hello-world app started the same way."""

from __future__ import annotations

import contextlib
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import walks
from bench.report import Row, Section
from testing import server
from testing.browser import (
    DESKTOP,
    LAUNCH_ARGS,
    PHONE,
    READY,
    Loopback,
    Patient,
    find_chromium,
    usable_chromium,
)

APP = walks.ROOT / "app.py"
HELLO = 'import streamlit as st\n\nst.markdown("Hello, world")\n'
MAX_RATIO = 1.3
CHROMIUM_ARGS = [*LAUNCH_ARGS, "--headless=new"]  # the tests' arguments, in the new headless mode
# Rendered: the script has finished its run and drawn at least one Markdown block.
_RENDERED = (
    f"() => document.querySelector({json.dumps(READY)})"
    " && document.querySelector(\"[data-testid='stMarkdownContainer']\")"
)
METHOD = (
    "Wall time from starting `python -m streamlit run <script> --server.headless true "
    "--browser.gatherUsageStats false --server.fileWatcherType none` on a free loopback port "
    "to the first page rendered in headless Chromium (Debian's, driven by Playwright): the "
    "health endpoint answers, the page loads, and `stApp` reports script state `notRunning` "
    "with content drawn. For the app this is its start page (the first screen a person sees), "
    "which loads the pathways. Chromium is launched once beforehand; each run gets a new "
    "browser context and a new server. App and hello world alternate; medians."
)


def cold_start(repeat: int) -> Section:
    """Figure 5, or a row saying why it was skipped."""
    s = Section(5, "Cold start", method=METHOD)
    exe = usable_chromium()
    if exe is None:
        s.rows.append(
            Row("app vs hello world", "skipped: no Chromium or Playwright", goal=f"<= {MAX_RATIO}")
        )
        return s
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            times: dict[str, list[float]] = {"app": [], "hello": []}
            for _ in range(repeat):
                times["app"].append(_one(browser, APP))
                times["hello"].append(_one(browser, hello))
        finally:
            browser.close()
    app, base = (statistics.median(times[k]) for k in ("app", "hello"))
    s.rows.append(
        Row(
            "app start page vs hello world",
            f"{app:.2f} s vs {base:.2f} s",
            f"{app / base:.2f}",
            f"<= {MAX_RATIO}",
            app / base <= MAX_RATIO,
        )
    )
    if app / base > MAX_RATIO:
        s.notes.append(_why(app - base))
    return s


_IMPORTS = """
import os, sys, time
os.environ["DECISION_AID_PATHWAYS"] = sys.argv[1]
start = time.perf_counter()
import streamlit
streamlit_done = time.perf_counter()
import decision_aid_ui.about, decision_aid_ui.start, decision_aid_ui.wizard
from decision_aid_ui import catalog
modules_done = time.perf_counter()
catalog.catalog()  # the first call reads and checks every file
print(streamlit_done - start, modules_done - streamlit_done, time.perf_counter() - modules_done)
"""


def _why(extra: float) -> str:
    # What the app does at start that hello world does not, each timed in a fresh process.
    folder = str(walks.pathway_files()[0].parent)
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORTS, folder],
            capture_output=True,
            text=True,
            check=True,
            cwd=walks.ROOT,
        )
        runs.append(tuple(float(x) for x in out.stdout.split()[-3:]))
    _, modules, load = sorted(runs)[1]
    return (
        f"Cold start misses its goal: the app's first page takes {extra:.2f} s longer than "
        f"hello world. In a fresh process, importing the app's modules beyond Streamlit "
        f"(pydantic, PyYAML, the engine, the UI modules) takes {modules:.2f} s and loading and "
        f"checking the pathways {load:.2f} s (once per server, then `st.cache_resource`); the "
        "rest is the larger first page (more elements to run, send and draw) and variance: "
        "on this shared machine both sides swing by seconds between runs, and the ratio has "
        "ranged from about 1.15 to 1.55 between full runs."
    )


def _one(browser: Any, script: Path) -> float:
    port = server.free_port()
    env = {"DECISION_AID_PATHWAYS": str(walks.pathway_files()[0].parent)}
    start = time.perf_counter()
    process = server.start(server.streamlit_command(port, script), env)
    context = browser.new_context()
    try:
        server.wait_healthy(f"http://127.0.0.1:{port}", process)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
        page.wait_for_function(_RENDERED, timeout=60_000, polling=20)
        return time.perf_counter() - start
    finally:
        context.close()
        server.stop(process)


# --- Figure 8: a persona's walk in the browser -------------------------------------------------

WALK_METHOD = (
    "A persona's whole walk, clicked in headless Chromium at 1280x900 (and once more at "
    "390x844, a phone's screen, for its words) on a server warmed by "
    "one unreported walk (the first pages after a start are figure 5's): each "
    "answer is clicked (a radio, a circle in a row of the 'what you have tried' grid, each "
    "ticked box, a text box focused and typed: a click to reach a box only when focus is not "
    "already in it, as after the Tab that leaves the box above; the Tab is a key), the option "
    "cards of the options the persona ticks are read with their 'More' part open (ticking "
    "opens it; a click only if it is shut), their own "
    "questions are added, then Next. The typical persona answers every question, optional "
    "ones included (worry box, all four trade-offs, leaning, the four SURE questions); only "
    "the optional 'Check what you understood' is left, as it is never saved. "
    "Words: the visible text of the main area "
    "(`[data-testid=stMain]`: rendered text on screen, including control labels, not the "
    "text of closed toggles, screen-reader-only text or icon names) on each page when the "
    "persona leaves it, start page to summary; "
    "reading time is words / 200 per minute. Clicks count every click, Start and Next "
    "included (typing is counted as keystrokes). Step change: from the Next click to the new "
    "step's heading shown, and to the rerun finished, timed inside the page (a click listener "
    "and a MutationObserver, so Playwright's own waits do not count); medians over the step "
    "changes of 3 walks of each persona (words and clicks are those of the first walk; another "
    "walk that read a different number of words is named). "
    "The other topics (TENS, a stimulator) are walked once by each persona at each size, for "
    "their words. "
    "Goals: the typical persona at most 10 minutes of reading and 30 clicks, every other "
    "persona and topic at most 12 minutes, step change (rerun finished) median at most 0.4 s; "
    "each topic's `reading_minutes` (the start page's 'About N to M minutes') is the range "
    "its walks read for, whole minutes rounded out. "
    "`python -m bench.browser --pages` prints the typical persona's walk page by page "
    "(words, clicks so far, the text itself)."
)
TYPICAL = "chronic pain, tried physio and medicines"
WALKS_PER_PERSONA = 3
MAX_TYPICAL_MIN, MAX_OTHER_MIN, MAX_WALK_CLICKS, MAX_STEP_S = 10.0, 12.0, 30, 0.4
# The words a sighted reader sees: text nodes of the main area that are rendered (not in a
# closed toggle, not visually hidden for screen readers only), without icon ligatures such as
# "arrow_back", which show as a picture, not as a word.
_TEXT = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[data-testid=stIconMaterial]')) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    parts.push(n.textContent);
  }
  return parts.join(' ');
}"""
_WORD = re.compile(r"[\w'’]+")
# A step change timed inside the page, so the harness's own waits do not count: from the click
# on Next (captured before Streamlit sees it) until the new step's heading is in the page, and
# until the rerun that drew it has finished (the app's script state back to notRunning).
_STOPWATCH = """(title) => {
  const app = document.querySelector("[data-testid='stApp']");
  const t = window.__stepChange = {click: null, head: null, done: null};
  document.addEventListener('click', (e) => {
    if (e.target.closest("[class*='st-key-nav_next']")) t.click = performance.now();
  }, {capture: true, once: true});
  const drawn = () => [...document.querySelectorAll('.st-key-step_head h2')]
    .some((h) => h.textContent.includes(title));
  const watch = new MutationObserver(() => {
    if (t.click !== null && t.head === null && drawn()) t.head = performance.now();
    if (t.click !== null && t.done === null && drawn()
        && app.getAttribute('data-test-script-state') === 'notRunning') {
      t.done = performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document.body, {subtree: true, childList: true, attributes: true,
                                characterData: true});
}"""
_STOPWATCH_READ = """() => {
  const t = window.__stepChange;
  return [t.head - t.click, t.done - t.click];
}"""


def patient_walks(pathway_file: Path) -> Section:
    """Figure 8: every persona's walk of the main pathway in Chromium; or why it was skipped."""
    from decision_aid.load import read

    s = Section(8, "Patient walk in the browser", method=WALK_METHOD)
    exe = usable_chromium()
    if exe is None:
        s.rows.append(Row("walks", "skipped: no Chromium or Playwright"))
        return s
    from playwright.sync_api import sync_playwright

    pathway = read(pathway_file)
    topics = [read(f) for f in walks.pathway_files() if f != pathway_file]
    read_for: dict[str, list[float]] = {}  # minutes of every walk, by topic
    with sync_playwright() as pw, _serving(APP) as port:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            _walk_rows(browser, port, pathway, walks.PERSONAS[-1])  # warm-up, not reported
            for persona in walks.PERSONAS:
                s.rows += _walk_rows(browser, port, pathway, persona, read_for)
            for topic in [pathway, *topics]:
                for persona in walks.PERSONAS:
                    sizes = (PHONE,) if topic is pathway else (DESKTOP, PHONE)
                    typical = topic is pathway and persona.name == TYPICAL
                    limit = MAX_TYPICAL_MIN if typical else MAX_OTHER_MIN
                    s.rows += [
                        _one_walk_row(browser, port, topic, persona, v, limit, read_for)
                        for v in sizes
                    ]
        finally:
            browser.close()
    s.rows += [_promise_row(t, read_for[t.id]) for t in [pathway, *topics]]
    return s


def _walk_rows(
    browser: Any,
    port: int,
    pathway: Any,
    persona: walks.Persona,
    read_for: dict[str, list[float]] | None = None,
) -> list[Row]:
    # Words and clicks are the same on every walk; step changes are timed on each of
    # WALKS_PER_PERSONA walks and pooled, as five changes from one walk are too few for a median.
    done_walks: list[Reader] = []
    for _ in range(WALKS_PER_PERSONA):
        w = Reader.on(browser, port)
        try:
            w.walk(pathway, persona)
        finally:
            w.close()
        done_walks.append(w)
    w = done_walks[0]
    w.changes = [c for walk in done_walks for c in walk.changes]
    others = sorted({x.words for x in done_walks[1:]} - {w.words})
    typical = persona.name == TYPICAL
    limit = MAX_TYPICAL_MIN if typical else MAX_OTHER_MIN
    minutes = w.words / 200
    if read_for is not None:
        read_for.setdefault(pathway.id, []).append(minutes)
    met = minutes <= limit and (not typical or w.clicks <= MAX_WALK_CLICKS)
    goal = f"<= {limit:g} min" + (f", <= {MAX_WALK_CLICKS} clicks" if typical else "")
    shown = [h for h, _ in w.changes]
    done = [d for _, d in w.changes]
    step = statistics.median(done) if done else float("nan")
    pages = ", ".join(f"{p} {n:,}" for p, n in w.pages)
    return [
        Row(
            f"{persona.name}: reading, clicks",
            f"{w.words:,} words = {minutes:.1f} min; {w.clicks} clicks, {w.keys} keys"
            + (f" (other walks read {', '.join(f'{n:,}' for n in others)})" if others else ""),
            goal=goal,
            met=met,
        ),
        Row(
            f"{persona.name}: step change, heading shown / rerun finished (median, worst)",
            f"{statistics.median(shown):.2f} s, {max(shown):.2f} s / "
            f"{step:.2f} s, {max(done):.2f} s",
            goal=f"median <= {MAX_STEP_S}",
            met=step <= MAX_STEP_S,
        ),
        Row(f"{persona.name}: words by page", pages),
    ]


def _one_walk_row(
    browser: Any,
    port: int,
    pathway: Any,
    persona: walks.Persona,
    viewport: tuple[int, int],
    limit: float,
    read_for: dict[str, list[float]],
) -> Row:
    # One walk of a topic at one screen size, for its words only (a phone lays some parts out
    # differently, e.g. the comparison question by question).
    w = Reader.on(browser, port, viewport)
    try:
        w.walk(pathway, persona)
    finally:
        w.close()
    minutes = w.words / 200
    read_for.setdefault(pathway.id, []).append(minutes)
    pages = ", ".join(f"{p} {n:,}" for p, n in w.pages)
    return Row(
        f"{pathway.id}, {persona.name}: reading at {viewport[0]}x{viewport[1]}",
        f"{w.words:,} words = {minutes:.1f} min ({pages})",
        goal=f"<= {limit:g} min",
        met=minutes <= limit,
    )


def _promise_row(pathway: Any, minutes: list[float]) -> Row:
    # The start page gives each topic's reading time from its pathway's reading_minutes: the
    # range every walk of it measured, whole minutes rounded out.
    from decision_aid_ui.start import reading_time

    measured = (math.floor(min(minutes)), math.ceil(max(minutes)))
    said = reading_time(pathway) or "no time"
    return Row(
        f"{pathway.id}: the start page's reading time",
        f"says “{said}”; its walks read for {min(minutes):.1f} to {max(minutes):.1f} min",
        goal=f"reading_minutes: [{measured[0]}, {measured[1]}]",
        met=tuple(pathway.reading_minutes or ()) == measured,
    )


@dataclass
class Reader(Patient):
    """The one patient (testing.browser) walking as a persona, counting what it costs a person:
    clicks, keys and the words of each page it leaves, and timing each step change."""

    clicks: int = 0
    keys: int = 0
    words: int = 0
    pages: list[tuple[str, int]] = field(default_factory=list)  # (page, words)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (page, its words)
    page_clicks: list[int] = field(default_factory=list)  # clicks so far, at each page
    changes: list[tuple[float, float]] = field(default_factory=list)  # step changes, s

    @classmethod
    def on(cls, browser: Any, port: int, viewport: tuple[int, int] = DESKTOP) -> Reader:
        """A new person in a new context on the app at ``port``."""
        return cls.open(browser, Loopback(port), viewport, Path(tempfile.gettempdir()), 30_000)

    def press(self, target: Any) -> None:
        """A click, counted; then the rerun it starts is waited for."""
        super().press(target)
        self.clicks += 1
        self.settle()

    def type_in(self, box: Any, text: str, then: str) -> None:
        """Typing, counted as keys (the Tab that leaves a text box is one; the Enter that adds
        an own question is not), and a click to reach the box only when focus is not already
        in it (as after the Tab that leaves the box above)."""
        focused = self.has_focus(box)
        super().type_in(box, text, then)
        self.clicks += not focused
        self.keys += len(text) + (then == "Tab")
        self.settle()

    def leave(self, name: str) -> None:
        """Count the words of the page as the persona leaves it."""
        text = str(self.page.evaluate(_TEXT))
        n = len(_WORD.findall(text))
        self.texts.append((name, text))
        self.words += n
        self.pages.append((name, n))
        self.page_clicks.append(self.clicks)

    def walk(self, pathway: Any, persona: walks.Persona) -> None:
        """Start page to summary with the persona's answers, its cards opened and its own
        questions added; each step change timed inside the page."""
        from decision_aid.path import step_after, visible_steps

        answers = persona.walk(pathway)
        self.start()
        self.settle()  # the rest of the page is drawn after its heading
        self.leave("start")
        self.choose_pathway(pathway)
        step = visible_steps(pathway, {})[0]
        given: dict[str, Any] = {}
        while True:
            self.expect_step(step.title)
            self.settle()
            if step.kind == "summary":
                self.leave(step.id)
                return
            self.answer_step(
                pathway,
                step,
                given,
                pick=lambda _, todo, __: next((q for q in todo if q.id in answers), None),
                value=lambda q, _: answers[q.id],
            )
            if step.kind == "options":
                for oid in persona.open_cards:  # ticking opens a card: a click only if shut
                    self.reveal(f"card_{oid}")
                    shut = self.key(f"more_{oid}").locator("details:not([open]) > summary")
                    if shut.count():
                        self.press(shut.first)
                        self.settle()  # its content is drawn by the rerun the opening starts
            if step.has_question_list:
                for text in persona.own_questions:
                    self.add_own_question(text)
            self.leave(step.id)
            nxt = pathway.steps_by_id[str(step_after(pathway, given, step.id))]
            self.page.evaluate(_STOPWATCH, nxt.title)
            self.click("nav_next")
            self.expect_step(nxt.title)
            self.settle()
            head, done = self.page.evaluate(_STOPWATCH_READ)
            self.changes.append((float(head) / 1000, float(done) / 1000))
            step = nxt


@contextlib.contextmanager
def _serving(script: Path) -> Iterator[int]:
    env = {"DECISION_AID_PATHWAYS": str(walks.pathway_files()[0].parent)}
    with server.serving(script, env) as (port, _):
        yield port


def show_pages(
    pathway_file: Path, persona_name: str = TYPICAL, viewport: tuple[int, int] = DESKTOP
) -> str:
    """One persona's walk, page by page: words, clicks so far and the words themselves."""
    from playwright.sync_api import sync_playwright

    from decision_aid.load import read

    persona = next(p for p in walks.PERSONAS if p.name.startswith(persona_name))
    pathway = read(pathway_file)
    with sync_playwright() as pw, _serving(APP) as port:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        w = Reader.on(browser, port, viewport)
        try:
            w.walk(pathway, persona)
        finally:
            w.close()
            browser.close()
    size = f"{viewport[0]}x{viewport[1]}"
    head = f"{persona.name}, {pathway.id}, {size}"
    lines = [f"{head}: {w.words:,} words = {w.words / 200:.1f} min; {w.clicks} clicks"]
    for (name, n), clicks, (_, text) in zip(w.pages, w.page_clicks, w.texts, strict=True):
        lines += [f"==== {name}: {n} words, {clicks} clicks so far", text]
    return "\n".join(lines)


def _pages_main(argv: list[str]) -> None:
    import argparse

    from bench.engine import main_pathway

    parser = argparse.ArgumentParser(prog="python -m bench.browser --pages")
    parser.add_argument("persona", nargs="?", default=TYPICAL, help="a persona's name or start")
    parser.add_argument("--phone", action="store_true", help="a phone's screen, 390x844")
    parser.add_argument("--pathway", help="a pathway's id (its file's name), e.g. tens")
    args = parser.parse_args(argv)
    files = walks.pathway_files()
    chosen = [f for f in files if f.stem == args.pathway] if args.pathway else []
    pathway = chosen[0] if chosen else main_pathway(files)
    print(show_pages(pathway, args.persona, PHONE if args.phone else DESKTOP))


# figure 8 alone: python -m bench.browser [--pages [persona] [--phone] [--pathway ID]]
if __name__ == "__main__":
    from bench.engine import main_pathway
    from bench.report import render
    from bench.timing import machine, today

    if sys.argv[1:2] == ["--pages"]:
        _pages_main(sys.argv[2:])
        raise SystemExit(0)
    began = time.perf_counter()
    figure = patient_walks(main_pathway(walks.pathway_files()))
    print(render([figure], machine(), today(), time.perf_counter() - began))
