/* Keyboard moderation in the desk's comment queue (no library, desk CSP 'self').
 * j / k: next / previous comment; x: select it; a: approve; r: remove; s: spam;
 * f: feature; o or Enter: open it. An action applies to the selected rows, or to the
 * current row when none is selected. Keys are ignored while typing in a field. */
(function () {
  "use strict";
  var ACTIONS = { a: "approve_comments", r: "remove_comments", s: "spam_comments", f: "feature_comments" };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("changelist-form");
    var table = document.getElementById("result_list");
    if (!form || !table) { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    if (!rows.length) { return; }
    var current = -1;

    // The help text is in the page, translated; it is shown once the keys work.
    var help = document.getElementById("kb-help");
    if (help) { help.hidden = false; }

    function move(to) {
      if (current >= 0) { rows[current].classList.remove("kb-current"); }
      current = Math.max(0, Math.min(rows.length - 1, to));
      var row = rows[current];
      row.classList.add("kb-current");
      var box = row.querySelector("input.action-select");
      if (box) { box.focus({ preventScroll: true }); }
      row.scrollIntoView({ block: "nearest" });
    }

    function checkbox(row) { return row.querySelector("input.action-select"); }

    function run(action) {
      var select = form.querySelector("select[name=action]");
      if (!select) { return; }
      var anyChecked = rows.some(function (r) { var c = checkbox(r); return c && c.checked; });
      if (!anyChecked) {
        if (current < 0) { return; }
        checkbox(rows[current]).checked = true;
      }
      select.value = action;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      var typing = (tag === "input" && event.target.type !== "checkbox") || tag === "textarea" || tag === "select";
      if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var key = event.key;
      if (key === "j") { move(current + 1); }
      else if (key === "k") { move(current - 1); }
      else if (key === "x" && current >= 0) { var c = checkbox(rows[current]); c.checked = !c.checked; c.dispatchEvent(new Event("change", { bubbles: true })); }
      else if ((key === "o" || key === "Enter") && current >= 0) {
        var link = rows[current].querySelector("th a, td a");
        if (!link) { return; }
        window.location.href = link.href;
      }
      else if (ACTIONS[key]) { run(ACTIONS[key]); }
      else { return; }
      event.preventDefault();
    });
  });
})();
