/* Text size control for the article text.
 * Loaded in <head> so the remembered size applies before the first paint (no jump);
 * wires the buttons once the document is parsed. The control stays hidden without JS. */
(function () {
  "use strict";
  var KEY = "broadsheet.textSize";
  var STEPS = [0.85, 0.92, 1, 1.1, 1.2, 1.35, 1.5, 1.7, 2];  // up to 200% (WCAG 1.4.4)
  var DEFAULT = 2;
  var root = document.documentElement;

  function read() {
    try {
      var n = parseInt(window.localStorage.getItem(KEY), 10);
      return isNaN(n) || n < 0 || n >= STEPS.length ? DEFAULT : n;
    } catch (e) { return DEFAULT; }
  }
  function write(n) {
    try { window.localStorage.setItem(KEY, String(n)); } catch (e) { /* private mode */ }
  }
  function apply(n) { root.style.setProperty("--text-scale", String(STEPS[n])); }

  var step = read();
  apply(step);

  document.addEventListener("DOMContentLoaded", function () {
    var control = document.getElementById("text-size");
    if (!control) { return; }
    var status = document.getElementById("text-size-status");
    var smaller = control.querySelector('[data-text-size="smaller"]');
    var larger = control.querySelector('[data-text-size="larger"]');

    function announce() {
      var percent = Math.round(STEPS[step] * 100);
      status.textContent = status.getAttribute("data-template").replace("%(percent)s", percent);
      smaller.setAttribute("aria-disabled", step === 0 ? "true" : "false");
      larger.setAttribute("aria-disabled", step === STEPS.length - 1 ? "true" : "false");
    }
    control.addEventListener("click", function (event) {
      var button = event.target.closest("[data-text-size]");
      if (!button) { return; }
      var action = button.getAttribute("data-text-size");
      if (action === "smaller" && step > 0) { step -= 1; }
      else if (action === "larger" && step < STEPS.length - 1) { step += 1; }
      else if (action === "reset") { step = DEFAULT; }
      apply(step);
      write(step);
      announce();
    });
    // Another tab changed the size: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) { step = read(); apply(step); announce(); }
    });
    smaller.setAttribute("aria-disabled", step === 0 ? "true" : "false");
    larger.setAttribute("aria-disabled", step === STEPS.length - 1 ? "true" : "false");
    control.hidden = false;
  });
})();
