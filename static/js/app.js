// Keyboard shortcuts: an element with data-shortcut="k" is clicked (links followed, inputs focused).
(function () {
  "use strict";
  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    var key = event.key === " " ? " " : event.key.toLowerCase();
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
