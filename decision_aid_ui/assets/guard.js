// Installed once per page (decision_aid_ui/page_scripts.py), updated on every run from the data
// attributes drawn beside it: the answers' fingerprint ("" when there are none), the tab key and
// how long a session is kept. The browser asks before the page is left (reload, pull-to-refresh,
// Back, closing the tab) while the answers have changed since the person last pressed "Save my
// answers"; and more below, each with its reason.
(function () {
  var data = document.querySelectorAll("[data-aid-mark]"),
      mark = data.length ? data[data.length - 1].getAttribute("data-aid-mark") : "",
      tab = data.length ? data[data.length - 1].getAttribute("data-aid-tab") : "",
      keep = data.length ? Number(data[data.length - 1].getAttribute("data-aid-keep")) : 0;
  var w = window.parent, g = w.__decisionAid, KEPT = "decision-aid-tab";
  // The tab's own record of its session (sessionStorage: this tab only, gone when it closes):
  // the rejoin id, and until when the server keeps the session once the page is gone.
  var remember = function () {
    try {
      if (g.tab) w.sessionStorage.setItem(KEPT, JSON.stringify({tab: g.tab,
        until: Date.now() + (g.keep || 0) * 1000}));
    } catch (e) { /* storage refused: nothing is kept */ }
  };
  if (!g) {
    g = w.__decisionAid = {mark: "", saved: "", calling: 0, tab: "", keep: 0, restore: ""};
    // A reload (or a reopened tab) starts a new, empty session. If this tab's old session is
    // still kept, its rejoin id goes into the hidden box of the restart notice, and the server
    // moves the answers into the new session (decision_aid_ui/reconnect.py, _restore).
    try {
      var before = JSON.parse(w.sessionStorage.getItem(KEPT) || "null");
      if (before && before.until > Date.now() && before.tab && before.tab !== tab) {
        g.restore = before.tab;
      }
      w.sessionStorage.removeItem(KEPT);
    } catch (e) { /* nothing to restore */ }
    var tries = 0, fill = function () {
      var box = w.document.querySelector(".st-key-tab_restore input");
      if (!box) {
        if (++tries < 50) w.setTimeout(fill, 100);
        return;
      }
      var set = Object.getOwnPropertyDescriptor(w.HTMLInputElement.prototype, "value").set;
      set.call(box, g.restore);
      g.restore = "";
      box.dispatchEvent(new w.Event("input", {bubbles: true}));
      box.dispatchEvent(new w.KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    };
    if (g.restore) fill();
    w.addEventListener("pagehide", remember);
    // Rejoining a kept session takes its tab key as well as its id (decision_aid_ui/sessions.py):
    // Streamlit asks to rejoin with the id alone, so the key is added to that request here. It
    // lives only in this page's memory.
    var Native = w.WebSocket;
    var Rejoin = function (url, protocols) {
      var p = protocols;
      if (Array.isArray(p) && p.length > 2 && g.tab && g.tab.split(".")[0] === p[2]) {
        p = p.slice();
        p[2] = g.tab;
      }
      return p === undefined ? new Native(url) : new Native(url, p);
    };
    Rejoin.prototype = Native.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Rejoin[k] = Native[k]; });
    w.WebSocket = Rejoin;
    w.addEventListener("beforeunload", function (e) {
      // A tap on an emergency number (tel:) must never meet a "Leave site?" dialog.
      if (Date.now() - g.calling < 3000) return;
      if (g.mark && g.mark !== g.saved) { e.preventDefault(); e.returnValue = ""; }
    });
    w.addEventListener("click", function (e) {
      var t = e.target;
      if (t && t.closest && t.closest("[class*='st-key-dl_answers']")) g.saved = g.mark;
      if (t && t.closest && t.closest("a[href^='tel:']")) g.calling = Date.now();
    }, true);
    // A tap that changes the page (Next, Back, Start, Edit...) must be the only one: a second
    // tap can land on whatever the new page draws under the finger (its Back or Next, a
    // warning sign's tick box). From such a tap, the main area takes no taps until the run it
    // started has finished and the new page has been on screen for LOCK_MS; and its answers
    // (tick boxes, choices, text boxes) take none sooner than TAP_MS after the tap, since a
    // fast server draws the new page well inside the time a finger takes for a second tap
    // (phones count taps up to 300-500 ms apart as one double tap). Keys and screen readers
    // are not touched; a run that never starts or ends frees it after a while.
    var moves = ".st-key-nav_back button, .st-key-nav_next button, .st-key-nav_summary button, " +
      "[class*='st-key-start_'] button, [class*='st-key-edit_'] button";
    var LOCK_MS = 350, TAP_MS = 800, b = w.document.body, locks = 0;
    w.addEventListener("click", function (e) {
      var t = e.target, app = w.document.querySelector("[data-testid=stApp]");
      if (!app || !t || !t.closest || !t.closest(moves)) return;
      var mine = ++locks, ran = false, drawn = false, obs = null, look = null;
      var tapped = Date.now();
      b.classList.add("aid-moving", "aid-fresh");
      var free = function (after) {
        if (obs) obs.disconnect();
        if (look) look.disconnect();
        obs = null;
        look = null;
        w.setTimeout(function () { if (locks === mine) b.classList.remove("aid-moving"); }, after);
        w.setTimeout(function () { if (locks === mine) b.classList.remove("aid-fresh"); },
          Math.max(after, TAP_MS - (Date.now() - tapped)));
      };
      // The run is over when the app says it is not running and the page has seen it run or
      // has drawn something since the tap. Each state change is read from its record, not
      // from the attribute as it is when the observer is called (a quick run can start and
      // end before that); and a run the page never shows as running at all (its start and end
      // drawn in one go, seen under load) counts by what it drew. Either used to wait for the
      // 3-second fallback, swallowing a Back tapped in that time.
      var check = function () {
        if (app.getAttribute("data-test-script-state") === "running") ran = true;
        else if ((ran || drawn) && obs) free(LOCK_MS);
      };
      obs = new MutationObserver(function (changes) {
        changes.forEach(function (c) { if (c.oldValue === "running") ran = true; });
        check();
      });
      obs.observe(app, {attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
      var main = w.document.querySelector("[data-testid=stMain]");
      if (main) {
        look = new MutationObserver(function () { drawn = true; check(); });
        look.observe(main, {childList: true, subtree: true, characterData: true});
      }
      w.setTimeout(function () { if (!ran && !drawn && obs) free(0); }, 3000);
      w.setTimeout(function () { if (obs) free(0); }, 10000);
    }, true);
    // A download holds what the page shows. A text box commits its text when it loses focus,
    // which starts a rerun; a press on a download button in the same gesture would fetch the
    // file of the page drawn before that run, without the text just typed (and the run may move
    // the button away before the press ends). So a press on a download while a box has text not
    // yet committed, or while a run is under way, is held: the click it makes is swallowed, and
    // the new page's button is pressed once the run has finished.
    var texts = "textarea, input[type=text], input:not([type])";
    var downloads = "[class*='st-key-dl_']";
    var held = 0, replaying = false, waiting = false, ends = 0;
    var scriptState = function () {
      var app = w.document.querySelector("[data-testid=stApp]");
      return app ? app.getAttribute("data-test-script-state") : "notRunning";
    };
    // Every run that ends is counted as it happens: a quick run (the commit of a text box takes
    // a few milliseconds) can start and end between two looks at the script state, and a held
    // press would then wait for a run that had already been.
    new MutationObserver(function (changes) {
      changes.forEach(function (c) { if (c.oldValue === "running") ends++; });
    }).observe(w.document.body, {attributes: true, subtree: true, attributeOldValue: true,
                                  attributeFilter: ["data-test-script-state"]});
    var keyOf = function (box) {
      return (box.className.match(/st-key-(dl_[A-Za-z0-9_-]+)/) || [])[1];
    };
    var hold = function (key, busy) {
      var begun = Date.now(), ran = busy, ended = ends;
      waiting = true;
      var press = function () {
        // the new page's button (the old one may linger, marked stale, for a few frames)
        var all = key ? w.document.querySelectorAll(".st-key-" + key + " button") : [], again;
        for (var i = 0; i < all.length && !again; i++) {
          if (!all[i].closest("[data-stale=true]")) again = all[i];
        }
        if ((!again || scriptState() !== "notRunning") && Date.now() - begun < 30000) {
          w.setTimeout(press, 40);
          return;
        }
        waiting = false;
        if (!again) return;
        replaying = true;
        try { again.click(); } finally { replaying = false; }
      };
      var wait = function () {
        var now = scriptState(), waited = Date.now() - begun;
        if (now !== "notRunning" || ends > ended) ran = true;
        // the run the commit starts has finished (or none came: the text was already in)
        if ((ran && now === "notRunning") || (!ran && waited > 5000) || waited > 30000) {
          w.requestAnimationFrame(press);
          return;
        }
        w.setTimeout(wait, 40);
      };
      w.setTimeout(wait, 40);
    };
    w.addEventListener("focusin", function (e) {
      var t = e.target;
      if (t && t.matches && t.matches(texts)) t.__aidFocusValue = t.value;
    }, true);
    w.addEventListener("pointercancel", function () { held = 0; }, true);
    w.addEventListener("pointerdown", function (e) {
      var t = e.target, a = w.document.activeElement;
      var box = t && t.closest ? t.closest(downloads) : null;
      if (!box || waiting || !a || !a.matches || !a.matches(texts)) return;
      if (a.value === a.__aidFocusValue) return;
      held = Date.now();  // the press counts from here, wherever the pointer is let go
      hold(keyOf(box), false);
    }, true);
    w.addEventListener("click", function (e) {
      if (replaying) return;
      var t = e.target, box = t && t.closest ? t.closest(downloads) : null;
      var swallow = (held && Date.now() - held < 5000) || (box && waiting);
      if (!swallow && box && scriptState() !== "notRunning") {
        swallow = true;
        hold(keyOf(box), true);
      }
      if (!swallow) return;
      // The held press's own click is swallowed once, on the button or beside it (it moved),
      // and whether the file came before it (a quick run) or comes after.
      held = 0;
      e.preventDefault();
      e.stopImmediatePropagation();
    }, true);
    // A checkbox question is a group named by its question, so a screen reader hears the
    // question before "None of these" (Streamlit has no group element of its own).
    var groups = function () {
      var boxes = w.document.querySelectorAll(".stVerticalBlock[class*='st-key-w_']");
      for (var i = 0; i < boxes.length; i++) {
        var q = boxes[i].querySelector("[data-testid=stMarkdownContainer]");
        if (!q) continue;
        if (!q.id) q.id = "question-" + i + "-" + Math.random().toString(36).slice(2);
        if (boxes[i].getAttribute("aria-labelledby") !== q.id) {
          boxes[i].setAttribute("role", "group");
          boxes[i].setAttribute("aria-labelledby", q.id);
        }
      }
    };
    // The sticky warning banner's height, so the CSS keeps keyboard focus clear of it
    // (styles.py), and a class once the person has scrolled (the banner goes to one line).
    var banner = function () {
      var m = w.document.querySelector("[data-testid=stMain]"),
          s = w.document.querySelector(".st-key-warning_banner");
      if (m) m.style.setProperty("--aid-banner", (s ? s.getBoundingClientRect().height : 0) + "px");
    };
    w.document.addEventListener("scroll", function (e) {
      var m = w.document.querySelector("[data-testid=stMain]");
      if (m && e.target === m) b.classList.toggle("aid-scrolled", m.scrollTop > 80);
      banner();
    }, true);
    // Printing the page prints all of it: closed parts are opened for the print, then closed.
    var opened = [];
    w.addEventListener("beforeprint", function () {
      opened = Array.prototype.slice.call(
        w.document.querySelectorAll("[data-testid=stMain] details:not([open])"));
      opened.forEach(function (x) { x.open = true; });
    });
    w.addEventListener("afterprint", function () {
      opened.forEach(function (x) { x.open = false; });
      opened = [];
    });
    new MutationObserver(function () { groups(); banner(); })
      .observe(w.document.body, {childList: true, subtree: true});
    groups();
    banner();
  }
  g.mark = mark;
  if (tab) g.tab = tab;
  if (keep) g.keep = keep;
  remember();
})();
