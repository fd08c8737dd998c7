// RealDesk console: keyboard shortcuts (documented in the `?` dialog) and the typing
// signal for collision warnings. Plain DOM, no inline handlers (the CSP forbids them).
(function () {
  "use strict";

  var TYPING_MS = 8000;
  var UNDO_MS = 5000;
  var pendingG = false;

  function typingIn(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function help() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  function focusField(selector) {
    var field = document.querySelector(selector);
    if (!field) return false;
    var details = field.closest("details");
    if (details) details.open = true;
    field.focus();
    field.scrollIntoView({ block: "center" });
    return true;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-list] [data-row]"));
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var current = all.findIndex(function (row) { return row.classList.contains("selected"); });
    var next = Math.min(Math.max(current + step, 0), all.length - 1);
    if (current >= 0) all[current].classList.remove("selected");
    all[next].classList.add("selected");
    var link = all[next].querySelector("a");
    if (link) link.focus();
  }

  // Bulk selection: x ticks the highlighted row, the header box ticks the page, and the
  // bar shows only the value the chosen action needs.
  function toggleSelected() {
    var row = document.querySelector("[data-list] [data-row].selected");
    var box = row && row.querySelector("[data-pick]");
    if (!box) return false;
    box.checked = !box.checked;
    picked();
    return true;
  }

  function picked() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-pick]"));
    var count = 0;
    boxes.forEach(function (box) {
      box.closest("tr").classList.toggle("picked", box.checked);
      if (box.checked) count += 1;
    });
    var label = document.querySelector("[data-selected-count]");
    if (label) label.textContent = (label.dataset.template || "{n} selected").replace("{n}", count);
    var all = document.querySelector("[data-select-all]");
    if (all) all.checked = boxes.length > 0 && count === boxes.length;
  }

  function bulkFields() {
    var action = document.querySelector("[data-bulk] select[name=action]");
    if (!action) return;
    var wanted = { assign: "owner", team: "team", status: "status", tag: "tag", incident: "incident" }[action.value];
    document.querySelectorAll("[data-bulk-for]").forEach(function (span) {
      span.hidden = span.getAttribute("data-bulk-for") !== wanted;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-all]")) {
      document.querySelectorAll("[data-pick]").forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.matches("[data-pick], [data-select-all]")) picked();
    if (event.target.matches("[data-bulk] select[name=action]")) bulkFields();
  });
  document.addEventListener("DOMContentLoaded", function () { bulkFields(); picked(); });

  function go(slug) {
    var link = document.querySelector('[data-view="' + slug + '"]');
    window.location.href = link ? link.getAttribute("href") : "/agent/views/" + slug + "/";
  }

  var GO = { u: "unanswered", m: "mine", t: "team", o: "unowned", p: "pending", s: "solved" };

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && typingIn(event.target)) {
      var form = event.target.form;
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (event.key === "Escape" && typingIn(event.target)) { event.target.blur(); return; }
    if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (pendingG) {
      pendingG = false;
      if (GO[event.key]) { event.preventDefault(); go(GO[event.key]); }
      return;
    }
    var handled = true;
    switch (event.key) {
      case "?": help(); break;
      case "g": pendingG = true; window.setTimeout(function () { pendingG = false; }, 1500); break;
      case "x": handled = toggleSelected(); break;
      case "j": move(1); break;
      case "k": move(-1); break;
      case "/": handled = focusField("input[name=q]"); break;
      case "r": handled = focusField("textarea[name='reply-body']"); break;
      case "n": handled = focusField("textarea[name='note-body']"); break;
      case "t":
        var take = document.querySelector("[data-take]");
        if (take) take.click(); else handled = false;
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-help]")) help();
  });

  // Properties saved in place: a refusal (400, 403, 409) is shown where the change was
  // made, and the Undo that follows a change is offered for five seconds.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.target.closest("[data-inline]") && status >= 400 && status < 500 && status !== 404) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function expireUndo() {
    document.querySelectorAll("[data-undo]:not([data-expiring])").forEach(function (undo) {
      undo.setAttribute("data-expiring", "");
      window.setTimeout(function () { undo.remove(); }, UNDO_MS);
    });
  }
  document.addEventListener("htmx:afterSettle", expireUndo);

  // Chat availability: while the agent uses the console (a key, a click, typing), a beat
  // every minute keeps them "available"; an open console on an empty desk stops beating
  // and the server turns the agent away after its auto-away delay.
  var BEAT_MS = 60000;
  var lastUsed = Date.now();
  ["keydown", "click", "input", "scroll"].forEach(function (kind) {
    document.addEventListener(kind, function () { lastUsed = Date.now(); }, { passive: true });
  });
  window.setInterval(function () {
    var url = document.body.getAttribute("data-chat-beat");
    if (!url || Date.now() - lastUsed > BEAT_MS) return;
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    fetch(url, { method: "POST", headers: headers, credentials: "same-origin" });
  }, BEAT_MS);

  // Typing in the reply box tells the presence beat, so colleagues see "typing a reply".
  var typingTimer = null;
  document.addEventListener("input", function (event) {
    var state = document.querySelector("[data-presence-state]");
    if (!state || event.target.name !== "reply-body") return;
    state.value = "typing";
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { state.value = "viewing"; }, TYPING_MS);
  });
})();
