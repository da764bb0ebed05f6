// After a step change (decision_aid_ui/page_scripts.py): Streamlit keeps the scroll position,
// so move to the new heading instead. The new heading may not be drawn yet, and the old page's
// elements linger (marked data-stale) until the rerun ends: so try on each animation frame for
// up to 1.5 s, skip stale elements, and focus again if the focused heading is replaced (focus
// would fall back to the page body), but never take focus from where the person has since moved
// it, nor at all once they have clicked or typed on the new step (a box they type in is replaced
// by the rerun that follows: focus is theirs).
(function () {
  var w = window.parent, d = w.document, end = Date.now() + 1500, done = null, acted = false;
  // Once the person clicks, taps or types on the new step, focus is theirs: never take it.
  function act() { acted = true; }
  d.addEventListener("pointerdown", act, {capture: true, once: true});
  d.addEventListener("keydown", act, {capture: true, once: true});
  function target() {
    var hs = d.querySelectorAll(".st-key-step_head h2, [data-testid=stMain] h1");
    for (var i = 0; i < hs.length; i++) {
      if (!hs[i].closest("[data-stale=true]")) return hs[i];
    }
    return null;
  }
  // The main area is itself the element that scrolls, so scrolling it "into view" moves
  // nothing: reset every scrolled box around the heading instead (banners above stay in view).
  function toTop(h) {
    for (var e = h.parentElement; e; e = e.parentElement) {
      if (e.scrollTop) e.scrollTop = 0;
    }
    if (d.scrollingElement) d.scrollingElement.scrollTop = 0;
  }
  function tick() {
    var a = d.activeElement, h = target();
    if (h && !done) toTop(h);  // once, even when the heading kept focus from the last step
    // the first time, take focus from the button that moved us; later, only take it back
    // when it fell to the page body or stayed on a heading that was replaced
    if (h && h !== a && !acted && (!done || !a || a === d.body || a === done || !a.isConnected)) {
      h.setAttribute("tabindex", "-1");
      h.focus({preventScroll: true});
    }
    if (h) done = h;
    if (Date.now() < end) w.requestAnimationFrame(tick);
  }
  tick();
})();
