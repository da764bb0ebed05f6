"""The Playwright patient that tests and benchmarks share: a person on the app in Chromium.

A :class:`Patient` is one browser context (a new person) on a running app: it opens the start
page, answers questions by key as a person does (a click on a radio or a box, text typed and
left with Tab), goes Next and Back, opens toggles, downloads, takes screenshots and runs axe.
Every click a person makes goes through :meth:`Patient.press` and all typing through
:meth:`Patient.type_in`, so a benchmark can count them in a subclass (bench/browser.py).

Answers are chosen by a small pure policy (``patient_answer``) and the engine is the oracle.
Selectors follow the app's key scheme: ``w_<question id>`` (``w_<question>__<choice>`` for
each box of a multiple-choice question), ``nav_next``, ``nav_back``, ``start_<pathway id>``,
``dl_*``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self

from decision_aid.answers import Answer
from decision_aid.compare import is_shortlist
from decision_aid.model import Pathway, Question, Step
from decision_aid.path import none_groups, prune, visible_questions
from testing import answers as answers_kit
from testing.answers import candidates, raised

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = (1280, 900)
PHONE = (390, 844)
"""The two screens the tests and benchmarks use: a laptop's and a phone's (CSS pixels)."""
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
"""The app has finished its run: the script state Streamlit puts on ``stApp``."""
RUN_WATCH = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (window.__aidRunWatch) window.__aidRunWatch.disconnect();
  window.__aidRuns = 0;
  window.__aidRunWatch = new MutationObserver((records) => {
    window.__aidRuns += records.length;
  });
  window.__aidRunWatch.observe(app, {attributes: true,
                                     attributeFilter: ["data-test-script-state"]});
}"""
"""Counts the app's changes of script state from now on (see ``Patient.press_and_wait``)."""
RAN = """() => window.__aidRuns > 0 && document.querySelector("[data-testid='stApp']")
  .getAttribute("data-test-script-state") === 'notRunning'"""
"""A run has happened since ``RUN_WATCH`` and the app is at rest again."""
MARK = """() => { const d = document.querySelectorAll("[data-aid-mark]");
  return d.length ? d[d.length - 1].getAttribute("data-aid-mark") : null; }"""
"""The answers' fingerprint the page's last run drew (guard.js reads it for "Leave site?")."""
NEW_MARK = """(before) => { const d = document.querySelectorAll("[data-aid-mark]");
  return (d.length ? d[d.length - 1].getAttribute("data-aid-mark") : null) !== before; }"""
SETTLE_MS = 40
# Resolves once the element's size has stayed the same for 5 animation frames in a row.
SETTLED = """(el) => new Promise((done) => {
  let last = "", same = 0;
  const tick = () => {
    const r = el.getBoundingClientRect(), now = `${r.width}x${r.height}`;
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 5) done(true); else requestAnimationFrame(tick);
  };
  tick();
})"""
TEXT_ANSWER = "Walk my dog to the park again."
OWN_QUESTION = "Can I keep working while I try something new?"

# The height of everything in Streamlit's scrolling containers.
CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...Array.from(document.querySelectorAll(
    "[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stApp]"))
    .map(e => e.scrollHeight))"""

# Elements that scroll sideways: the page itself, or any box that scrolls or would spill out.
SIDEWAYS = """() => {
  const out = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth + 1) out.push("page: " + root.scrollWidth + "px");
  for (const e of document.querySelectorAll("body *")) {
    const s = getComputedStyle(e);
    if (!["auto", "scroll"].includes(s.overflowX)) continue;
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
      const name = e.getAttribute("data-testid") || e.className || e.tagName;
      out.push(String(name).slice(0, 60) + ": " + e.scrollWidth + " > " + e.clientWidth);
    }
  }
  return out;
}"""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
HAS_FOCUS = "(el) => el === document.activeElement"


def find_chromium(name: str = "chromium") -> str | None:
    """Debian's chromium on PATH, else at /usr/bin/chromium, else None."""
    found = shutil.which(name)
    if found:
        return found
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else None


def usable_chromium() -> str | None:
    """The Chromium executable when Playwright is installed too, else None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    return find_chromium()


class App(Protocol):
    """Where the app answers: a test's server, nginx in front of replicas, or a bench's port."""

    @property
    def url(self) -> str: ...

    @property
    def port(self) -> int: ...


@dataclass(frozen=True)
class Loopback:
    """An app on a loopback port."""

    port: int

    @property
    def url(self) -> str:
        """The app's origin, e.g. http://127.0.0.1:41234."""
        return f"http://127.0.0.1:{self.port}"


# --- The answer policy: testing.answers, with the later choices first (the longer paths) -------


def patient_answer(
    pathway: Pathway, q: Question, answers: Mapping[str, Answer], text: str = TEXT_ANSWER
) -> Answer:
    """The answer this patient gives: ``testing.answers.safe_answer``, later choices first."""
    return answers_kit.safe_answer(pathway, q, answers, text, later_first=True)


def edited(pathway: Pathway, q: Question, answers: Mapping[str, Answer]) -> Answer | None:
    """Another safe answer to ``q`` (for the 'edit an answer' part of the walk), or None."""
    current = answers.get(q.id)
    if q.kind not in ("single", "scale"):
        return None
    others = [v for v in candidates(pathway, q, later_first=True) if v != current]
    safe = [
        v
        for v in others
        if raised(pathway, answers, q.id, v)
        <= raised(pathway, answers, q.id, current if current is not None else v)
    ]
    return safe[0] if safe else None


Pick = Callable[[Step, list[Question], dict[str, Answer]], Question | None]
"""Which of the questions still to do on a step the patient answers next (None: done)."""


def required(step: Step, todo: list[Question], answers: Mapping[str, Answer]) -> Question | None:
    """The next question a patient in a hurry answers: required ones only."""
    return next((q for q in todo if q.required), None)


def sample(step: Step, todo: list[Question], answers: Mapping[str, Answer]) -> Question | None:
    """The next question a quick patient answers: every required one, every text box, and the
    first optional question of each other kind on the step (so every widget kind is used)."""
    kinds_done = {q.kind for q in step.questions if q.id in answers}
    for q in todo:
        if q.required or q.kind == "text" or q.kind not in kinds_done:
            return q
    return None


def drop_hidden(pathway: Pathway, answers: dict[str, Answer]) -> None:
    """As the app does: answers to questions that a change hid are dropped."""
    kept = prune(pathway, answers).answers
    for qid in set(answers) - set(kept):
        del answers[qid]


# --- The patient ---------------------------------------------------------------------------------


@dataclass
class Patient:
    """One browser context on the app: a page, every URL it requested, its screenshots."""

    page: Any
    context: Any
    server: App
    shots: Path
    requests: list[str] = field(default_factory=list)
    taken: list[Path] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text_answer: str = TEXT_ANSWER
    own_question: str = OWN_QUESTION
    timeout_ms: int = 15_000
    """How long a wait for the page may take (Playwright's default for this context too)."""

    @classmethod
    def open(
        cls,
        browser: Any,
        server: App,
        viewport: tuple[int, int],
        shots: Path,
        timeout_ms: int = 15_000,
        **context_args: Any,
    ) -> Self:
        """A fresh context (a new person) with every request and WebSocket recorded; the
        browser's language is British English (the PDF comes on A4) unless ``locale`` is given."""
        width, height = viewport
        context_args.setdefault("locale", "en-GB")
        context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True, **context_args
        )
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        patient = cls(page, context, server, shots, timeout_ms=timeout_ms)
        page.on("request", lambda r: patient.requests.append(r.url))
        page.on("websocket", lambda ws: patient.requests.append(ws.url))
        page.on("dialog", lambda d: (patient.dialogs.append(d.message), d.dismiss()))
        return patient

    def close(self) -> None:
        """Close the context (the person leaves)."""
        self.context.close()

    # What a person does: every click and all typing pass here ----------------------------------

    def press(self, target: Any) -> None:
        """Click ``target`` (a Playwright locator) once, as a person does with the mouse."""
        target.click()

    def press_and_wait(self, target: Any, quiet_ms: int = 400) -> None:
        """Click ``target`` and wait for the rerun the click starts to finish. ``settle`` alone
        can return before a rerun has begun when the machine is loaded (the page still shows
        the last run as finished); this waits until the script state has changed since the
        click and is back at rest. A quick run can begin and end in one frame without the
        page ever showing it, so after ``quiet_ms`` with no change seen it settles as before."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.page.evaluate(RUN_WATCH)
        self.press(target)
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(RAN, timeout=max(quiet_ms, 1))
        self.settle()

    def type_in(self, box: Any, text: str, then: str) -> None:
        """Type ``text`` into ``box`` and press ``then`` (Tab leaves a text box, which commits
        it; Enter adds an own question)."""
        box.fill(text)
        box.press(then)

    # Navigation and waiting ---------------------------------------------------------------------

    def start(self) -> None:
        """Open the start page and wait for the app to finish its first run."""
        # A page with unsaved answers asks before it is left (beforeunload): this is a new
        # visit on purpose, so clear that guard first.
        self.page.evaluate("() => { if (window.__decisionAid) window.__decisionAid.mark = ''; }")
        self.page.goto(self.server.url + "/", wait_until="commit")
        self.settle()
        self.page.get_by_role("heading", level=1).first.wait_for()

    def settle(self) -> None:
        """Wait until the script has finished running (twice, around a short settle)."""
        self.page.wait_for_selector(READY, state="attached")
        self.page.wait_for_timeout(SETTLE_MS)
        self.page.wait_for_selector(READY, state="attached")

    def key(self, k: str) -> Any:
        """The element Streamlit made for the widget or container with key ``k``."""
        return self.page.locator(f".st-key-{k}")

    def click(self, k: str) -> None:
        """Click the button with key ``k`` and wait for the rerun."""
        self.press(self.key(k).get_by_role("button").first)
        self.settle()

    def open_toggle(self, k: str) -> None:
        """Open the closed toggle (expander) with key ``k``; wait until it shows as open and
        has stopped growing (Streamlit animates the opening: a click during it can land beside
        its target as the content moves)."""
        from playwright.sync_api import expect

        details = self.key(k).locator("details").first
        self.press(details.locator("summary").first)
        expect(details).to_have_attribute("open", "", timeout=self.timeout_ms)
        self.settle()  # a toggle that draws its content only while open reruns the page
        details.evaluate(SETTLED)

    def reveal(self, k: str) -> None:
        """Open the closed group (a toggle) that holds the element with key ``k``, if any: an
        option's card and its tick may wait in a closed group of options."""
        group = self.page.locator(f"details:not([open]):has(.st-key-{k}) > summary")
        if group.count():
            self.press(group.first)

    def choose_pathway(self, pathway: Pathway) -> None:
        """Press Start on the pathway's card."""
        self.click(f"start_{pathway.id}")

    def step_heading(self) -> Any:
        """The step's heading: the first level-2 heading in the main area."""
        return self.page.get_by_test_id("stMain").locator("h2").first

    def expect_step(self, title: str) -> None:
        """Wait for the step heading to read ``title``."""
        from playwright.sync_api import expect

        expect(self.step_heading()).to_have_text(title, timeout=self.timeout_ms)

    def has_focus(self, box: Any, timeout_ms: int = 500) -> bool:
        """Whether focus is in ``box`` within ``timeout_ms`` (the app puts it back a frame or
        two after the rerun that empties a box)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            handle = box.first.element_handle()
            self.page.wait_for_function(HAS_FOCUS, arg=handle, timeout=timeout_ms)
        except PlaywrightTimeout:
            return False
        return True

    # Answering ---------------------------------------------------------------------------------

    def answer(
        self, pathway: Pathway, q: Question, value: Answer, before: Answer | None = None
    ) -> bool:
        """Give ``value`` as the answer to ``q`` by clicking or typing, as a person would;
        returns whether anything was clicked or typed (the warning-sign screen's one "None of
        these" answers its other groups without a click).

        ``before`` is the answer the page shows now (None: unanswered). The rerun each click
        starts is not waited for here: call ``settle`` next.
        """
        box = self.key(f"w_{q.id}")
        if q.kind == "multiple":
            return self._tick(q, value, before) > 0
        if q.kind == "text":
            self.type_in(box.locator("textarea").first, str(value), "Tab")  # leaving commits
        else:
            self.press(self._radio(box, self.option_label(pathway, q, value)))
        return True

    def add_own_question(self, text: str) -> None:
        """Type an own question in the question list's box and add it with Enter."""
        self.type_in(self.key("own_new").locator("input"), text, "Enter")
        self.settle()

    def _radio(self, box: Any, label: str) -> Any:
        # A grid row's options also name their row ("Exercise: Helped"), for screen readers.
        exact = re.compile(rf"^\s*(?:.+: )?{re.escape(label)}\s*$")
        return (
            box.locator("label")
            .filter(has=self.page.locator("[data-testid='stMarkdownContainer']", has_text=exact))
            .first
        )

    @staticmethod
    def option_label(pathway: Pathway, q: Question, value: Answer) -> str:
        """The text a person sees on the option for ``value``."""
        if q.kind == "yes_no":
            return "Yes" if value else "No"
        if q.kind == "scale":
            return str(value)
        return {c.id: c.label for c in pathway.choices(q)}[str(value)]

    def _tick(self, q: Question, value: Answer, before: Answer | None) -> int:
        wanted = list(value) if isinstance(value, list) else []
        shown = list(before) if isinstance(before, list) else []
        presses = 0
        # new ticks in the answer's order, then the ones to clear
        for cid in [c for c in wanted if c not in shown] + sorted(set(shown) - set(wanted)):
            box = self.key(f"w_{q.id}__{cid}")
            if cid == "none" and not box.count():
                continue  # one "None of these" answers the warning-sign screen: ticked already
            self.reveal(f"w_{q.id}__{cid}")  # a tick on a card in a closed group of options
            self.press(box.locator("label").first)
            presses += 1
        return presses

    def is_chosen(self, pathway: Pathway, q: Question, value: Answer) -> bool:
        """Whether the page shows ``value`` as the answer to ``q`` (after Back, say)."""
        box = self.key(f"w_{q.id}")
        if q.kind == "multiple":
            ids = value if isinstance(value, list) else []
            return all(self._box(pathway, q, c).get_by_role("checkbox").is_checked() for c in ids)
        if q.kind == "text":
            return bool(box.locator("textarea").input_value() == value)
        label = self._radio(box, self.option_label(pathway, q, value))
        return bool(label.locator("input").is_checked())

    def _box(self, pathway: Pathway, q: Question, choice_id: str) -> Any:
        # A group's own box, or the warning-sign screen's one "None of these" that answers it.
        box = self.key(f"w_{q.id}__{choice_id}")
        step = pathway.step_of[q.id]
        groups = none_groups(pathway, step, {})
        if choice_id == "none" and not box.count() and groups:
            return self.key(f"w_{groups[0].id}__none")
        return box

    def answer_step(
        self,
        pathway: Pathway,
        step: Step,
        answers: dict[str, Answer],
        pick: Pick | None = None,
        value: Callable[[Question, dict[str, Answer]], Answer] | None = None,
    ) -> dict[str, Answer]:
        """Answer the questions ``pick`` chooses (by default ``sample``) with ``value`` (by
        default ``patient_answer``), recording them in ``answers``.

        Visible questions are re-derived after each answer, as one answer can show another.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        pick = pick or sample
        value = value or (lambda q, given: patient_answer(pathway, q, given, self.text_answer))
        done: set[str] = set()
        while True:
            todo = [
                q
                for q in visible_questions(pathway, step, answers)
                if q.id not in done and not is_shortlist(pathway, q.id)  # optional, in a toggle
            ]
            q = pick(step, todo, answers) if todo else None
            if q is None:
                self.settle()
                return answers
            given = value(q, answers)
            mark = self.page.evaluate(MARK)
            if self.answer(pathway, q, given, answers.get(q.id)):
                # As a person waits to see the tick (fast ticks can be lost): until the page
                # drawn after the answer is there. On a loaded machine ``settle`` alone can
                # return before that run has begun; the answers' fingerprint on the page
                # changes once it has run.
                with contextlib.suppress(PlaywrightTimeout):
                    self.page.wait_for_function(NEW_MARK, arg=mark, timeout=5_000)
            self.settle()
            answers[q.id] = given
            drop_hidden(pathway, answers)
            done.add(q.id)

    # Evidence ---------------------------------------------------------------------------------

    def shot(self, label: str) -> Path:
        """A screenshot of the whole page, numbered in the order taken.

        Streamlit scrolls inside its own container, so a "full page" screenshot would show only
        the viewport: the viewport is made as tall as the content for the shot, then restored.
        """
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{len(self.taken) + 1:02d}-{_slug(label)}.png"
        size = self.page.viewport_size
        tall = int(self.page.evaluate(CONTENT_HEIGHT))
        if tall > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": min(tall, 8000)})
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(size)
        self.taken.append(path)
        return path

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
        from axe_playwright_python.sync_playwright import Axe

        return list(Axe().run(self.page, options=AXE_OPTIONS).response["violations"])

    def download(self, k: str) -> bytes:
        """Press the download button with key ``k`` and return the file's bytes."""
        with self.page.expect_download() as d:
            self.press(self.key(k).get_by_role("button").first)
        return Path(d.value.path()).read_bytes()

    def horizontal_overflow(self) -> list[str]:
        """Every element a person would have to scroll sideways (document or scroll box)."""
        return list(self.page.evaluate(SIDEWAYS))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"
