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
