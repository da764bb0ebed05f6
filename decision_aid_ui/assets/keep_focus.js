// After Enter adds a question the box is emptied by a rerun, and the browser can drop its focus
// on the way (the list above it grows): for 8 s after an Enter in the box (a slow rerun under
// load), put focus back in it, but only if focus fell to the page body, never away from where
// the person has moved it (decision_aid_ui/my_questions.py).
(function () {
  var w = window.parent, d = w.document;
  if (w.__aidOwnFocus) return;
  w.__aidOwnFocus = true;
  function box() {
    var all = d.querySelectorAll(".st-key-own_new input");
    for (var i = 0; i < all.length; i++) {
      if (!all[i].closest("[data-stale=true]")) return all[i];
    }
    return null;
  }
  function keep(end) {
    var b = box(), a = d.activeElement;
    if (b && !b.disabled && a !== b && (!a || a === d.body)) b.focus({preventScroll: true});
    if (Date.now() < end) w.requestAnimationFrame(function () { keep(end); });
  }
  d.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t && t.closest && t.closest(".st-key-own_new")) {
      keep(Date.now() + 8000);
    }
  }, true);
})();
