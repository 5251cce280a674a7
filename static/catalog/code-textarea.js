// Admin code fields: Tab indents (a tab; Shift+Tab leaves the field). Esc then Tab leaves the field
// too, as in the site's editor, so a keyboard user is never trapped.
(function () {
  "use strict";
  var escaped = null;
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.classList || !field.classList.contains("code-textarea")) return;
    if (event.key === "Escape") { escaped = field; return; }
    if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) { escaped = null; return; }
    if (escaped === field) { escaped = null; return; }  // the browser moves the focus on
    event.preventDefault();
    field.setRangeText("\t", field.selectionStart, field.selectionEnd, "end");
  });
})();
