// Keyboard shortcuts: an element with data-shortcut="k" is clicked (links followed, inputs focused).
(function () {
  "use strict";
  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  // Space and Enter on a focused button, link or summary are the keyboard's way to press that one.
  function activatesItself(target, key) {
    return (key === " " || key === "enter") && !!(target && target.closest &&
      target.closest("button, summary, a[href], [role=button]"));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    var key = event.key === " " ? " " : event.key.toLowerCase();
    if (activatesItself(event.target, key)) return;
    var elements = document.querySelectorAll('[data-shortcut="' + (key === '"' ? '\\"' : key) + '"]');
    var target = elements[elements.length - 1];
    if (!target) return;
    event.preventDefault();
    if (target.tagName === "INPUT" || target.tagName === "TEXTAREA") target.focus();
    else target.click();
  });
})();

// The site header: hidden while scrolling down, back on scrolling up; a menu button on narrow screens.
(function () {
  "use strict";
  var header = document.querySelector("[data-hide-on-scroll]");
  if (!header) return;
  var toggle = header.querySelector("[data-menu-toggle]");
  var lastY = window.scrollY;
  function setMenu(open) {
    header.classList.toggle("menu-open", open);
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (toggle) toggle.addEventListener("click", function () { setMenu(!header.classList.contains("menu-open")); });
  window.addEventListener("scroll", function () {
    var y = window.scrollY;
    if (Math.abs(y - lastY) < 4) return;
    var down = y > lastY && y > header.offsetHeight;
    header.classList.toggle("is-hidden", down && !header.contains(document.activeElement));
    if (down) setMenu(false);
    lastY = y;
  }, { passive: true });
  document.addEventListener("focusin", function (event) {
    if (header.contains(event.target)) header.classList.remove("is-hidden");
  });
})();

// Exercise drafts: <textarea data-draft-key> keeps the learner's code in this browser and, with
// data-draft-url (members), on the server. Runs before the editor script, so a restored draft is in
// the textarea when CodeMirror starts from it; the page's own starter stays the Reset target.
// The browser copy says whether the server has it: a member's edit made just before leaving (sent
// as a beacon that may arrive after the next page) wins over the server's older copy.
(function () {
  "use strict";
  var SAVE_EVERY_MS = 1500;
  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }
  function writeLocal(key, code, synced) {
    try { window.localStorage.setItem(key, JSON.stringify({ code: code, synced: synced })); } catch (error) { /* private mode */ }
  }
  document.querySelectorAll("textarea[data-draft-key]").forEach(function (textarea) {
    var key = textarea.dataset.draftKey;
    var url = textarea.dataset.draftUrl;
    var status = textarea.form && textarea.form.querySelector("[data-draft-status]");
    var csrf = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    var serverCode = textarea.value;
    var local = readLocal(key);
    if (local && typeof local.code === "string" && local.code !== textarea.value && (!url || !local.synced)) {
      textarea.value = local.code;
      textarea.setAttribute("data-draft-restored", "");
      if (status) status.textContent = "Your draft is back.";
    }
    var saved = url ? serverCode : textarea.value;
    function body(code) {
      var data = new FormData();
      data.append("code", code);
      if (csrf) data.append("csrfmiddlewaretoken", csrf.value);
      return data;
    }
    function save() {
      var code = textarea.value;
      if (code === saved) return;
      saved = code;
      writeLocal(key, code, false);
      if (!url) { if (status) status.textContent = "Draft kept in this browser."; return; }
      fetch(url, { method: "POST", body: body(code), credentials: "same-origin" }).then(function (response) {
        if (response.ok && textarea.value === code) writeLocal(key, code, true);
        if (status) status.textContent = response.ok ? "Draft saved." : "The draft was not saved.";
      }, function () { if (status) status.textContent = "The draft was not saved (offline?)."; });
    }
    window.setInterval(save, SAVE_EVERY_MS);
    window.addEventListener("pagehide", function () {
      if (textarea.value === saved) return;
      saved = textarea.value;
      writeLocal(key, saved, false);
      if (url && navigator.sendBeacon) navigator.sendBeacon(url, body(saved));
    });
  });
})();

// After htmx swaps a region, focus stays where it was; when the focused element was swapped out, it
// moves to the new content (its element marked data-focus-first or tabindex="-1", else the region itself).
(function () {
  "use strict";
  document.addEventListener("htmx:after:swap", function (event) {
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    var ctx = event.detail && event.detail.ctx;
    var target = ctx && ctx.target;
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    if (!target || !target.isConnected) return;
    var landing = target.querySelector("[data-focus-first]") || target.querySelector("[tabindex='-1']") || target;
    if (!landing.hasAttribute("tabindex")) landing.setAttribute("tabindex", "-1");
    landing.focus();
  });
})();
