// Admin code fields: Tab inserts a tab (Shift+Tab still leaves the field when nothing is selected).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Tab" || !field.classList || !field.classList.contains("code-textarea")) return;
    if (event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault();
    var start = field.selectionStart, end = field.selectionEnd;
    field.setRangeText("\t", start, end, "end");
  });
})();
