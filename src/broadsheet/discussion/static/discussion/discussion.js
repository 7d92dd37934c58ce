/* Reader discussion: smiley palette, the invisible proof of work, posting in place,
 * replies and "load more". Everything here is an enhancement: without it the form
 * posts normally and the thread pages by links. No inline code, no third-party host. */
(function () {
  "use strict";

  var form = document.getElementById("comment-form");
  var section = document.getElementById("comments");

  /* --- Proof of work (ALTCHA v1: find n with SHA-256(salt + n) == challenge) ------ */
  var powRun = 0;
  var powResult = null;

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }

  function solve(challenge) {
    // crypto.subtle exists only in secure contexts (HTTPS, localhost); elsewhere the
    // post goes without it and the server holds it for a moderator.
    if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) { return Promise.resolve(null); }
    var encoder = new TextEncoder();
    var run = ++powRun;
    var max = challenge.maxNumber || 1000000;
    var n = 0, batch = 400;
    function step() {
      if (run !== powRun) { return Promise.resolve(null); }
      var jobs = [];
      for (var i = 0; i < batch && n + i <= max; i++) {
        jobs.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + (n + i))));
      }
      return Promise.all(jobs).then(function (hashes) {
        for (var j = 0; j < hashes.length; j++) {
          if (hex(hashes[j]) === challenge.challenge) { return n + j; }
        }
        n += hashes.length;
        return n > max ? null : step();
      });
    }
    return step().then(function (number) {
      if (number === null || run !== powRun) { return null; }
      return window.btoa(JSON.stringify({
        algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
        salt: challenge.salt, signature: challenge.signature
      }));
    });
  }

  function startPow(challenge) {
    powResult = challenge ? solve(challenge) : Promise.resolve(null);
    return powResult;
  }

  /* --- Smiley palette --------------------------------------------------------------- */
  function insertAtCursor(area, code) {
    var start = area.selectionStart, end = area.selectionEnd, value = area.value;
    // The code must stand as a word of its own to become a picture: add spaces.
    var before = start > 0 && !/\s/.test(value.charAt(start - 1)) ? " " : "";
    var after = end < value.length && !/\s/.test(value.charAt(end)) ? " " : "";
    var text = before + code + after;
    area.setRangeText(text, start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setupPalette() {
    var palette = document.getElementById("smiley-palette");
    if (!palette) { return; }
    var area = document.getElementById(palette.getAttribute("data-target"));
    palette.hidden = false;
    palette.addEventListener("click", function (event) {
      var button = event.target.closest(".smiley-button");
      if (button && area) { insertAtCursor(area, button.getAttribute("data-code")); }
    });
  }

  /* --- Posting in place -------------------------------------------------------------- */
  function field(name) { return form.elements.namedItem(name); }

  function applyFresh(fresh) {
    if (!fresh) { return; }
    field("form_token").value = fresh.form_token;
    field("captcha").value = fresh.captcha;
    field("answer").value = "";
    field("altcha").value = "";
    document.getElementById("captcha-question").textContent = fresh.question;
    form.setAttribute("data-pow", fresh.pow ? JSON.stringify(fresh.pow) : "");
    startPow(fresh.pow);
  }

  function clearErrors() {
    var old = form.querySelectorAll(".field .field-error");
    for (var i = 0; i < old.length; i++) { old[i].parentNode.removeChild(old[i]); }
    var marked = form.querySelectorAll("[aria-invalid]");
    for (var k = 0; k < marked.length; k++) {
      var input = marked[k];
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== input.id + "_error";
      });
      if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
      else { input.removeAttribute("aria-describedby"); }
      input.closest(".field").classList.remove("has-error");
    }
    document.getElementById("comment-form-errors").textContent = "";
  }

  function showErrors(errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var message = errors[name].join(" ");
      var input = name === "__all__" ? null : field(name);
      if (!input || input.type === "hidden") {
        var box = document.getElementById("comment-form-errors");
        var p = document.createElement("p");
        p.className = "field-error";
        p.textContent = message;
        box.appendChild(p);
        return;
      }
      var note = document.createElement("p");
      note.className = "field-error";
      note.id = input.id + "_error";
      note.textContent = message;
      input.parentNode.appendChild(note);
      input.closest(".field").classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
      if (!first) { first = input; }
    });
    if (first) { first.focus(); }
  }

  function insertComment(html, parentId) {
    var list = document.getElementById("comment-list");
    var holder = document.createElement("ol");
    holder.innerHTML = html;  // server-rendered and escaped by the template
    var item = holder.firstElementChild;
    if (!item) { return null; }
    var parent = parentId ? document.getElementById("comment-" + parentId) : null;
    if (parent) {
      var depth = parseInt(parent.getAttribute("data-depth"), 10);
      var next = parent.nextElementSibling;
      while (next && parseInt(next.getAttribute("data-depth"), 10) > depth) { next = next.nextElementSibling; }
      list.insertBefore(item, next);
    } else if (section.getAttribute("data-order") === "newest") {
      list.insertBefore(item, list.firstChild);
    } else {
      list.appendChild(item);
    }
    document.getElementById("no-comments").hidden = true;
    return item;
  }

  function setReply(id, name) {
    var note = document.getElementById("replying-to");
    var cancel = document.getElementById("cancel-reply");
    field("parent").value = id || "";
    note.textContent = id ? note.getAttribute("data-template").replace("%(name)s", name) : "";
    note.hidden = !id;
    cancel.hidden = !id;
  }

  function setupForm() {
    if (!form) { return; }
    var status = document.getElementById("comment-form-status");
    var note = document.getElementById("replying-to");
    if (!note.getAttribute("data-template")) { note.setAttribute("data-template", form.getAttribute("data-replying") || "%(name)s"); }
    // A form read from the page cache is the same for every reader: it carries no
    // question, tokens or CSRF token. They are fetched for this reader when the form
    // comes into view or is turned to; until then, or if that fails, the form goes to
    // the first step of the form without a script (a page that asks the question).
    // Only the stored page's form starts without them (it alone has `data-post`); every
    // form names where they come from, for the comment after a posted one.
    var valuesUrl = form.hasAttribute("data-post") ? form.getAttribute("data-values") : null;
    var loading = null;
    function fillValues(values) {
      field("csrfmiddlewaretoken").value = values.csrf;
      field("form_token").value = values.form_token;
      field("captcha").value = values.captcha;
      document.getElementById("captcha-question").textContent = values.question;
      form.setAttribute("data-pow", values.pow ? JSON.stringify(values.pow) : "");
      if (form.hasAttribute("data-post")) { form.action = form.getAttribute("data-post"); }
      var next = document.getElementById("captcha-next");
      if (next) { next.hidden = true; }
      document.getElementById("field-answer").hidden = false;
      field("answer").required = true;
    }
    function whenReady() {
      if (!valuesUrl) { return Promise.resolve(true); }
      if (!loading) {
        loading = fetch(valuesUrl, {
          credentials: "same-origin", headers: { "Accept": "application/json" }
        }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        }).then(function (values) {
          fillValues(values);
          valuesUrl = null;
          return true;
        }).catch(function () {
          loading = null;  // a later turn to the form tries again
          return false;
        });
      }
      return loading;
    }
    if (valuesUrl) {
      if ("IntersectionObserver" in window) {
        var watcher = new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            watcher.disconnect();
            whenReady();
          }
        });
        watcher.observe(form);
      }
      form.addEventListener("focusin", whenReady);
    }
    // The proof of work starts when the reader first turns to the form, not at page load:
    // it solves while they type and never slows the article's first paint.
    function kickPow() {
      return whenReady().then(function () {
        if (!powResult) {
          var pow = form.getAttribute("data-pow");
          startPow(pow ? JSON.parse(pow) : null);
        }
        return powResult;
      });
    }
    form.addEventListener("focusin", kickPow, { once: true });
    form.addEventListener("pointerdown", kickPow, { once: true });
    // A posted comment spent its question and tokens. Most readers post once, so the
    // reply brings no new ones: they are fetched when the reader turns to the form again,
    // the question hidden until then, as on the stored page.
    function valuesAgain() {
      valuesUrl = form.getAttribute("data-values");
      loading = null;
      powRun++;  // the old challenge's search, if any, stops
      powResult = null;
      field("answer").value = "";
      field("altcha").value = "";
      field("answer").required = false;
      document.getElementById("field-answer").hidden = true;
      form.addEventListener("focusin", kickPow, { once: true });
      form.addEventListener("pointerdown", kickPow, { once: true });
    }
    document.getElementById("cancel-reply").addEventListener("click", function () {
      setReply(null, "");
      field("text").focus();
    });
    if (section) {
      section.addEventListener("click", function (event) {
        var link = event.target.closest("a.comment-reply");
        if (!link) { return; }
        event.preventDefault();
        setReply(link.getAttribute("data-reply-to"), link.getAttribute("data-reply-name"));
        form.scrollIntoView({ block: "start" });
        field("text").focus();
      });
    }
    var busy = false;
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      if (busy) { return; }  // a double click sends once
      busy = true;
      status.textContent = form.getAttribute("data-sending") || "…";
      whenReady().then(function (ready) {
        if (ready) { return sendInPlace(); }
        // No values for this reader: the page of the first step asks the question.
        busy = false;
        form.submit();
        return null;
      });
    });

    function sendInPlace() {
      return kickPow().then(function (payload) {
        field("altcha").value = payload || "";
        return fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "Accept": "application/json" }
        });
      }).then(function (response) {
        return response.json().then(function (data) { return { response: response, data: data }; });
      }).then(function (result) {
        var data = result.data;
        clearErrors();
        if (data.ok) {
          status.textContent = data.message;
          if (data.html) {
            var item = insertComment(data.html, data.parent);
            if (item) { item.classList.add("is-new"); }
          }
          document.getElementById("comment-count").textContent = data.count;
          field("text").value = "";
          setReply(null, "");
          if (!data.fresh) { valuesAgain(); }
        } else {
          status.textContent = "";
          showErrors(data.errors || {});
        }
        applyFresh(data.fresh);
      }).catch(function () {
        status.textContent = form.getAttribute("data-failed") || "";
      }).then(function () { busy = false; });
    }
  }

  /* --- Load more ------------------------------------------------------------------- */
  function setupLoadMore() {
    var button = document.getElementById("load-more");
    if (!button || !section || !window.fetch) { return; }
    var links = document.getElementById("comment-page-links");
    button.hidden = false;
    if (links) { links.hidden = true; }
    button.addEventListener("click", function () {
      var next = button.getAttribute("data-next");
      button.disabled = true;
      fetch(section.getAttribute("data-page-url") + "?page=" + encodeURIComponent(next), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (data) {
        var list = document.getElementById("comment-list");
        var holder = document.createElement("ol");
        holder.innerHTML = data.html;
        var first = holder.firstElementChild;
        while (holder.firstElementChild) { list.appendChild(holder.firstElementChild); }
        if (first) { first.focus(); }
        if (data.next) {
          button.setAttribute("data-next", data.next);
          button.disabled = false;
        } else {
          button.parentNode.removeChild(button);
        }
      }).catch(function () { button.disabled = false; });
    });
  }

  setupPalette();
  setupForm();
  setupLoadMore();
})();
