// Scroll the message beside the tick into view, once, without moving keyboard focus
// (decision_aid_ui/warning_banner.py). The key to scroll to travels in the data attribute drawn
// beside the script.
(function () {
  var marks = document.querySelectorAll("[data-aid-scroll]");
  var key = marks.length ? marks[marks.length - 1].getAttribute("data-aid-scroll") : "";
  var d = window.parent.document, end = Date.now() + 1500;
  if (!key) return;
  var placed = 0;
  function tick() {
    var el = d.querySelector(".st-key-" + CSS.escape(key));
    var main = d.querySelector("[data-testid=stMain]");
    if (el && main && !el.closest("[data-stale=true]")) {
      // just below the banner that stays at the top (it may cover the top of the page)
      var banner = d.querySelector(".st-key-warning_banner");
      var below = banner ? banner.getBoundingClientRect().bottom : 0;
      var off = el.getBoundingClientRect().top - below - 12;
      if (Math.abs(off) > 2) main.scrollTop += off;
      // Scrolling makes the banner compact (styles.css, aid-scrolled), which moves its bottom:
      // align again on the next frames until it holds.
      if (++placed > 20) return;
    }
    if (Date.now() < end) window.parent.requestAnimationFrame(tick);
  }
  tick();
})();
