/* Names for the article form's controls that other scripts draw (no library; desk CSP
 * 'self'): the prose editor's editable area and select2's comboboxes and search boxes
 * are given their field's label, as a screen reader needs (axe: label,
 * aria-input-field-name); the tabular inlines' empty headers become cells. Runs
 * again whenever those scripts add elements (an inline row, the editor's late start). */
(function () {
  "use strict";

  function labelFor(select) {
    if (!select || !select.id) { return null; }
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label && !label.id) { label.id = select.id + "-label"; }
    return label;
  }

  function name(target, select) {
    var label = labelFor(select);
    if (label) { target.setAttribute("aria-labelledby", label.id); }
    else if (select && select.getAttribute("aria-label")) { target.setAttribute("aria-label", select.getAttribute("aria-label")); }
  }

  function fix() {
    document.querySelectorAll(".select2-container").forEach(function (box) {
      var select = box.previousElementSibling;
      if (!select || select.tagName !== "SELECT") { return; }
      box.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
        if (!el.hasAttribute("aria-label") && !el.dataset.deskNamed) { name(el, select); el.dataset.deskNamed = "1"; }
      });
    });
    document.querySelectorAll('[contenteditable="true"]').forEach(function (area) {
      if (area.hasAttribute("aria-labelledby") || area.hasAttribute("aria-label")) { return; }
      var row = area.closest(".form-row");
      var field = row && row.querySelector("textarea, input[type=hidden]");
      var label = row && (labelFor(field) || row.querySelector("label"));
      if (label) {
        if (!label.id) { label.id = "desk-label-" + Math.random().toString(36).slice(2); }
        area.setAttribute("aria-labelledby", label.id);
      }
    });
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      heads.forEach(function (th) {
        if (!th.textContent.trim()) { th.setAttribute("role", "cell"); }
      });
      // A control under a column header (the formset's Delete box) is named by it.
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, n) {
          var head = heads[n] && heads[n].textContent.trim();
          if (!head) { return; }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
            var labelled = el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") || (el.id && document.querySelector('label[for="' + el.id + '"]'));
            if (!labelled) { el.setAttribute("aria-label", head); }
          });
        });
      });
    });
  }

  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
