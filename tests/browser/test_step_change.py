"""Step changes as a person feels them: each step opens at its heading, a double tap never skips.

The main area is Streamlit's scrolling element, so a new step keeps the old step's scroll
position unless the app resets it; and a second tap on Next can land while the first rerun is
still drawing. Both once changed what a person saw (a step opened scrolled to its end; a double
tap on "About your pain" skipped "What you have tried", which sets the person's stage).
"""

from __future__ import annotations

import contextlib

import pytest
from browser_steps import to_step
from conftest import PATHWAYS

from decision_aid.answers import Answer
from decision_aid.load import read
from decision_aid.path import step_after, step_before, visible_steps
from testing.browser import DESKTOP, PHONE, Patient, required

pytestmark = pytest.mark.browser


# Where the visible step heading is, relative to the viewport: "" when inside it.
HEADING_OUTSIDE = """() => {
  const hs = [...document.querySelectorAll(".st-key-step_head h2")]
    .filter(h => !h.closest("[data-stale=true]"));
  if (!hs.length) return "no heading";
  const r = hs[0].getBoundingClientRect();
  return (r.top >= 0 && r.bottom <= window.innerHeight) ? "" :
    `heading at ${Math.round(r.top)}..${Math.round(r.bottom)} px, viewport ${window.innerHeight}`;
}"""


def heading_outside(p: Patient) -> str:
    """Wait (up to a few seconds, as the app's scroll script runs) for the heading to come
    into view; return "" when it did, else where it is."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        p.page.wait_for_function(f"() => ({HEADING_OUTSIDE})() === ''", timeout=4_000)
    return str(p.page.evaluate(HEADING_OUTSIDE))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_step_opens_at_its_heading(viewport: tuple[int, int], patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", viewport=viewport, has_touch=viewport == PHONE)
    p.start()
    p.choose_pathway(pathway)
    answers: dict[str, Answer] = {}
    step = visible_steps(pathway, answers)[0]
    far: dict[str, str] = {}
    while True:
        p.expect_step(step.title)
        where = heading_outside(p)
        if where:
            far[step.id] = where
        if step.kind == "summary":
            break
        p.answer_step(pathway, step, answers, required)
        nxt = step_after(pathway, answers, step.id)
        assert nxt is not None
        p.click("nav_next")  # Playwright scrolls the button into view first, as a person does
        step = pathway.steps_by_id[nxt]
    # ...and from the summary, an Edit button opens its step at the heading too
    p.key("edits_toggle").locator("summary").first.click()  # Edit buttons: behind a toggle
    p.click("edit_about_pain")
    p.expect_step(pathway.steps_by_id["about_pain"].title)
    where = heading_outside(p)
    if where:
        far["edit about_pain"] = where
    assert far == {}, f"steps that opened away from their heading: {far}"


TAPS = """() => { window.__aidTaps = [];
  window.addEventListener("pointerdown", (e) => window.__aidTaps.push(e.timeStamp), true); }"""
TAP_MS = 800
"""guard.js's TAP_MS: answers take no tap sooner than this after a tap that changes the page."""


def double_tap(p: Patient, key: str, gap_ms: int) -> float:
    """Two taps at the same spot on the screen, ``gap_ms`` apart, as a finger would; returns the
    gap the page saw between them (ms): on a loaded machine it can be longer than asked."""
    box = p.key(key).get_by_role("button").first
    box.scroll_into_view_if_needed()
    b = box.bounding_box()
    assert b is not None
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    p.page.evaluate(TAPS)
    p.page.mouse.click(x, y)
    p.page.wait_for_timeout(gap_ms)
    p.page.mouse.click(x, y)
    p.settle()
    p.page.wait_for_timeout(400)  # a late second rerun would show by now
    p.settle()
    taps = p.page.evaluate("() => window.__aidTaps")
    return float(taps[-1] - taps[0]) if len(taps) >= 2 else 0.0


@pytest.mark.parametrize("gap_ms", [0, 120, 450])
def test_a_double_tap_on_next_or_back_moves_one_step(gap_ms: int, patient) -> None:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", label=f"double-tap-{gap_ms}")
    answers: dict[str, Answer] = {}
    to_step(p, pathway, answers, "about_pain")
    p.answer_step(pathway, pathway.steps_by_id["about_pain"], answers, required)
    after = step_after(pathway, answers, "about_pain")
    assert after is not None
    double_tap(p, "nav_next", gap_ms)
    p.expect_step(pathway.steps_by_id[after].title)
    before = step_before(pathway, answers, after)
    assert before == "about_pain"
    double_tap(p, "nav_back", gap_ms)
    p.expect_step(pathway.steps_by_id[before].title)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("gap_ms", [120, 450, 700])
def test_a_double_tap_on_start_answers_nothing_on_the_warning_sign_screen(
    gap_ms: int, viewport: tuple[int, int], patient  # type: ignore[no-untyped-def]
) -> None:
    # The warning-sign screen's first step draws its tick boxes where Start was: a second tap
    # must never tick one (least of all "None of these").
    # A tap the page saw TAP_MS or more after the first is no longer part of a double tap (the
    # guard frees the answers then, by design): on a loaded machine the driver's gap can
    # stretch that far, so such a try is made again, up to four times.
    # The driver's wait is shortened by what the page saw beyond it the time before.
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", viewport=viewport, label=f"double-start-{gap_ms}")
    ask = gap_ms
    for _ in range(4):
        p.start()
        seen = double_tap(p, f"start_{pathway.id}", ask)
        p.expect_step(visible_steps(pathway, {})[0].title)
        ticked = p.page.get_by_test_id("stMain").locator("input[type=checkbox]:checked")
        if seen < TAP_MS:
            break
        ask = max(0, ask - round(seen - gap_ms) - 20)
    assert seen < TAP_MS, f"the driver could not tap {gap_ms} ms apart (the page saw {seen} ms)"
    assert ticked.count() == 0, (
        f"a second tap on Start, {seen:.0f} ms after the first, answered the warning-sign screen")


# Resolves with how long after the move's run ended (as the page saw it: the app's state back
# from running, or the last change drawn in the main area while the lock held) the main area
# took taps again; installed before the move's click.
LOCK_AFTER_RUN = """() => new Promise(done => {
  const app = document.querySelector("[data-testid=stApp]");
  const main = document.querySelector("[data-testid=stMain]");
  const t0 = performance.now();
  const moving = () => document.body.classList.contains("aid-moving");
  let ended = null;
  new MutationObserver(changes => {
    if (changes.some(c => c.oldValue === "running")) ended = performance.now();
  }).observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ["data-test-script-state"]});
  new MutationObserver(() => { if (moving()) ended = performance.now(); })
    .observe(main, {childList: true, subtree: true, characterData: true});
  const look = () => {
    if (performance.now() - t0 > 15000) return done(-1);
    if (ended === null || moving()) return requestAnimationFrame(look);
    done(performance.now() - ended);
  };
  setTimeout(look, 50);
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_after_a_step_change_the_next_tap_counts(viewport: tuple[int, int], patient) -> None:  # type: ignore[no-untyped-def]
    # After Next or Back the main area takes no taps until the run has finished and the new step
    # has been on screen a moment (guard.js, LOCK_MS). A quick run must free it as soon as a
    # slow one does: once, a run whose start and end the page saw together held it for the
    # 3-second fallback, and a person's Back tapped in that time did nothing. Measured from the
    # run's end as the page saw it, so a slow run on a loaded machine does not count.
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", viewport=viewport, label="lock-freed")
    answers: dict[str, Answer] = {}
    to_step(p, pathway, answers, "about_pain")
    p.settle()
    for move in ("nav_back", "nav_next", "nav_back", "nav_next"):
        p.page.evaluate("() => { window.__aidHeld = (" + LOCK_AFTER_RUN + ")(); }")
        p.click(move)
        held = float(p.page.evaluate("() => window.__aidHeld"))
        p.settle()
        assert 0 <= held < 1200, f"{move}: the page took no taps for {held:.0f} ms after its run"


# A tap on a stand-in for a move button that Streamlit does not know (so no real run follows);
# ``window.__aidHeld`` then resolves with how long the main area took no taps after the tap
# (4000: the lock held at least that long). The test then plays what the page hears of a run.
STAND_IN_TAP = """() => {
  const box = document.createElement("div");
  box.className = "st-key-nav_next";
  box.appendChild(document.createElement("button"));
  document.body.appendChild(box);
  box.firstChild.click();
  const t0 = performance.now();
  window.__aidHeld = new Promise(done => {
    const look = () => document.body.classList.contains("aid-moving")
      ? (performance.now() - t0 > 4000 ? done(4000) : requestAnimationFrame(look))
      : (box.remove(), done(performance.now() - t0));
    requestAnimationFrame(look);
  });
}"""


def _held_after(patient, label: str, run: str) -> float:  # type: ignore[no-untyped-def]
    pathway = read(PATHWAYS / "mid-back-pain.yaml")
    p = patient("main", label=label)
    p.start()
    p.choose_pathway(pathway)
    p.expect_step(visible_steps(pathway, {})[0].title)
    p.settle()
    p.page.evaluate(STAND_IN_TAP)
    p.page.evaluate(run)
    return float(p.page.evaluate("() => window.__aidHeld"))


def test_a_run_seen_only_as_it_ends_frees_the_lock(patient) -> None:  # type: ignore[no-untyped-def]
    # The race behind the test above, made certain: the page hears of a run's start and end in
    # one go (both changes reach the guard's observer together). A tap on a move must be freed
    # LOCK_MS after that end, not after the 3-second fallback.
    held = _held_after(patient, "lock-one-go", """() => {
      const app = document.querySelector("[data-testid=stApp]");
      app.setAttribute("data-test-script-state", "running");
      app.setAttribute("data-test-script-state", "notRunning");
    }""")
    assert held < 1500, f"the page took no taps for {held:.0f} ms after a run it saw end"


def test_a_run_never_shown_as_running_frees_the_lock_by_what_it_drew(patient) -> None:  # type: ignore[no-untyped-def]
    # Under load the page can draw a run's new step without ever showing the app as running
    # (CI, 18:40 UTC: no state change at all after a Back). What it drew frees the lock.
    held = _held_after(patient, "lock-drawn", """() => {
      const main = document.querySelector("[data-testid=stMain]");
      const drawn = document.createElement("p");  // the new step, drawn as the run ends
      setTimeout(() => main.appendChild(drawn), 100);
      setTimeout(() => drawn.remove(), 2000);
    }""")
    assert held < 1500, f"the page took no taps for {held:.0f} ms after drawing the new step"
