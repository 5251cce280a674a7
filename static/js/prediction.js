// The question page: read → predict → see → play → share. Reads data attributes; no inline scripts.
(function () {
  "use strict";

  // Opens the folded editor. Its script comes with it, not with the page: a learner who never opens
  // it never downloads it. then() runs once the editor is in place.
  var editorLoading = null;
  function openPlay(play, then) {
    play.hidden = false;
    var runner = play.querySelector("[data-editor-src]");
    if (runner) {
      editorLoading = document.createElement("script");
      editorLoading.src = runner.getAttribute("data-editor-src");
      runner.removeAttribute("data-editor-src");
      editorLoading.addEventListener("load", function () { editorLoading = null; });
      editorLoading.addEventListener("error", function () { editorLoading = null; });
      document.head.appendChild(editorLoading);
    }
    if (!then) return;
    if (!editorLoading) { then(); return; }
    editorLoading.addEventListener("load", then);
    editorLoading.addEventListener("error", then);  // the plain textarea still runs the code
  }

  // Once the outcome is on the page (a graded prediction or "just show me"): the real run follows,
  // the editor opens, and focus moves to the verdict.
  function revealed() {
    var see = document.querySelector("[data-revealed]:not([data-seen])");
    if (!see) return;
    see.setAttribute("data-seen", "");
    var play = document.getElementById("play");
    if (play) openPlay(play);
    var heading = document.getElementById("see-heading");
    if (heading && document.body.contains(heading)) heading.focus({ preventScroll: false });
    var autorun = see.querySelector("form[data-autorun]");
    if (autorun) {
      autorun.removeAttribute("data-autorun");
      autorun.requestSubmit();
    }
  }

  // Ctrl-Enter (Cmd-Enter) in the prediction box checks the prediction.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var box = event.target;
    if (!box || box.id !== "prediction-text" || !box.form) return;
    event.preventDefault();
    box.form.requestSubmit(box.form.querySelector("#check-prediction") || undefined);
  });

  // "Play with the code" links open the editor when it is still folded away.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-show-play]");
    var play = document.getElementById("play");
    if (!link || !play) return;
    event.preventDefault();
    openPlay(play, function () {
      var editor = play.querySelector(".cm-content") || play.querySelector("textarea.code-editor");
      play.scrollIntoView();
      if (editor) editor.focus();
    });
  });

  // A visitor's draft restored from this browser (app.js): the editor is open, as it was when they left.
  function draftBack() {
    var restored = document.querySelector("#play textarea[data-draft-restored]");
    if (restored) openPlay(document.getElementById("play"));
  }

  // Share links: a copy button next to the link.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.href || source.value || source.textContent;
    var status = button.parentNode.querySelector("[data-copy-status]");
    function say(words) { if (status) status.textContent = words; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say("Link copied."); }, function () { say("Copy failed: select the link and copy it."); });
    } else {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(document.execCommand && document.execCommand("copy") ? "Link copied." : "Selected: press Ctrl-C to copy.");
    }
  });

  // Practice and review: their graded prediction (a [data-autorun] that is not a form) runs the page's
  // editor once, judged against the snippet.
  function autorunEditor() {
    var grade = document.querySelector("[data-autorun]:not(form)");
    var form = document.getElementById("run-form");
    if (!grade || !form) return;
    grade.removeAttribute("data-autorun");
    form.requestSubmit(form.querySelector("[data-check-after-grade]") || undefined);
  }

  document.addEventListener("htmx:after:swap", revealed);
  document.addEventListener("htmx:after:swap", autorunEditor);
  function start() { draftBack(); revealed(); autorunEditor(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
