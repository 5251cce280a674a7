// Learner pages: practice countdowns and the theme toggle. Both read data attributes; no inline scripts.
(function () {
  "use strict";

  // Countdowns: <time data-countdown data-deadline="epoch s" data-server-now="epoch s">. The server's clock
  // is the truth, so the page measures its offset once and counts down from there. With data-overtime
  // the count goes on past the deadline ("0:00, 2:05 over"); without it, it stops at 0:00.
  function serverNow(element) {
    var serverAtRender = Number(element.getAttribute("data-server-now")) * 1000;
    if (!element.__renderedAt) element.__renderedAt = Date.now();
    return serverAtRender ? serverAtRender + (Date.now() - element.__renderedAt) : Date.now();
  }
  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(s / 60), rest = s % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  // The server accepts answers a few seconds late; wait that long before asking it to move on.
  var GRACE_MS = 3500;
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (element) {
      var left = (Number(element.getAttribute("data-deadline")) * 1000 - serverNow(element)) / 1000;
      var over = left < 0 && element.hasAttribute("data-overtime");  // an interview goes on past its time
      element.textContent = over ? "0:00, " + format(-left) + " over" : format(left);
      element.classList.toggle("urgent", left <= 10);
    });
    document.querySelectorAll("[data-timeout-at]").forEach(function (link) {
      if (link.__fired) return;
      if (Number(link.getAttribute("data-timeout-at")) * 1000 + GRACE_MS <= serverNow(link)) {
        link.__fired = true;
        link.click();
      }
    });
  }
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);

  // Theme toggle: auto → dark → light → auto. The cookie makes it stick; the POST saves it for the account.
  var NEXT = { auto: "dark", dark: "light", light: "auto" };
  var LABEL = { auto: "◐ Auto", dark: "☾ Dark", light: "☀ Light" };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-theme-toggle")) return;
    event.preventDefault();
    var input = form.querySelector("input[name=theme]");
    var theme = input.value;
    document.documentElement.setAttribute("data-theme", theme);
    document.cookie = "theme=" + theme + "; path=/; max-age=31536000; SameSite=Lax";
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { "HX-Request": "true" }, credentials: "same-origin" });
    input.value = NEXT[theme];
    var button = form.querySelector("button");
    button.textContent = LABEL[theme];
    button.setAttribute("aria-label", "Theme: " + theme);
    button.title = "Theme: " + theme + " (click to change)";
  });
})();
