// A small code editor over a plain <textarea>: highlighting overlay, Tab indents, Enter keeps the
// indentation, Ctrl/Cmd-Enter runs, Reset restores the original. No inline script, no eval (strict CSP).
(function () {
  "use strict";
  var WORDS = {
    go: {
      keyword: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var",
      builtin: "append cap clear close complex copy delete imag len make max min new panic print println real recover any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr nil true false iota",
    },
    python: {
      keyword: "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case",
      builtin: "print len range int str float list dict set tuple bool bytes isinstance enumerate zip map filter sorted reversed sum min max abs open super self object type repr iter next any all",
    },
  };
  var PATTERNS = {
    go: /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|`[^`]*`?|'(?:[^'\\\n]|\\.)*'?)|(\b\d[\w.]*)|([A-Za-z_]\w*)/g,
    python: /(#[^\n]*)|([rbfuRBFU]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?))|(\b\d[\w.]*)|([A-Za-z_]\w*)/g,
  };
  var TEMPLATES = {
    go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n',
    python: 'print("hello")\n',
  };
  var sets = {};
  Object.keys(WORDS).forEach(function (lang) {
    sets[lang] = {};
    Object.keys(WORDS[lang]).forEach(function (kind) {
      WORDS[lang][kind].split(" ").forEach(function (word) { sets[lang][word] = kind; });
    });
  });

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(code, lang) {
    var pattern = PATTERNS[lang] || PATTERNS.go;
    var words = sets[lang] || sets.go;
    var out = "", last = 0, match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(code)) !== null) {
      if (match[0] === "") { pattern.lastIndex++; continue; }
      out += escapeHtml(code.slice(last, match.index));
      var kind = match[1] ? "comment" : match[2] ? "string" : match[3] ? "number" : words[match[4]] || "";
      out += kind ? '<span class="tok-' + kind + '">' + escapeHtml(match[0]) + "</span>" : escapeHtml(match[0]);
      last = pattern.lastIndex;
    }
    return out + escapeHtml(code.slice(last));
  }

  function insert(textarea, text) {
    textarea.focus();
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function enhance(textarea) {
    var form = textarea.form;
    var select = form && form.querySelector("[data-editor-language]");
    var reset = form && form.querySelector("[data-editor-reset]");
    var original = textarea.defaultValue;
    var originalLanguage = textarea.dataset.language || "go";
    var wrapper = document.createElement("div");
    var pre = document.createElement("pre");
    var code = document.createElement("code");
    wrapper.className = "editor";
    pre.className = "editor-highlight";
    pre.setAttribute("aria-hidden", "true");
    pre.appendChild(code);
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(pre);
    wrapper.appendChild(textarea);
    textarea.classList.add("editor-input");
    textarea.setAttribute("wrap", "off");

    function language() { return select ? select.value : originalLanguage; }
    function indentUnit() { return language() === "python" ? "    " : "\t"; }
    function sync() {
      code.innerHTML = highlight(textarea.value, language()) + "\n";
      pre.scrollTop = textarea.scrollTop;
      pre.scrollLeft = textarea.scrollLeft;
      if (reset) reset.hidden = textarea.value === original && language() === originalLanguage;
    }

    textarea.addEventListener("input", sync);
    textarea.addEventListener("scroll", function () {
      pre.scrollTop = textarea.scrollTop;
      pre.scrollLeft = textarea.scrollLeft;
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form) form.requestSubmit();
        return;
      }
      if (event.key === "Escape") { textarea.blur(); return; }
      var value = textarea.value, start = textarea.selectionStart, end = textarea.selectionEnd;
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      if (event.key === "Tab" && !event.shiftKey && start === end) {
        event.preventDefault();
        insert(textarea, indentUnit());
      } else if (event.key === "Tab") {
        event.preventDefault();
        var blockEnd = value.indexOf("\n", end - (end > start && value[end - 1] === "\n" ? 1 : 0));
        if (blockEnd === -1) blockEnd = value.length;
        var block = value.slice(lineStart, blockEnd);
        var changed = event.shiftKey
          ? block.replace(/^(\t| {1,4})/gm, "")
          : block.replace(/^/gm, indentUnit());
        textarea.setSelectionRange(lineStart, blockEnd);
        insert(textarea, changed);
        textarea.setSelectionRange(lineStart, lineStart + changed.length);
      } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
        var line = value.slice(lineStart, start);
        var indent = line.match(/^[ \t]*/)[0];
        if (/[{(\[:]\s*$/.test(line)) indent += indentUnit();
        event.preventDefault();
        insert(textarea, "\n" + indent);
      }
    });
    if (reset) {
      reset.addEventListener("click", function () {
        if (select) select.value = originalLanguage;
        textarea.select();
        insert(textarea, original);
        textarea.setSelectionRange(0, 0);
        sync();
      });
    }
    if (select) {
      select.addEventListener("change", function () {
        var untouched = !textarea.value.trim() || textarea.value === original ||
          Object.keys(TEMPLATES).some(function (lang) { return textarea.value === TEMPLATES[lang]; });
        if (untouched) textarea.value = select.value === originalLanguage ? original : TEMPLATES[select.value] || "";
        sync();
      });
    }
    sync();
  }

  function init(root) {
    (root || document).querySelectorAll("textarea.code-editor:not(.editor-input)").forEach(enhance);
  }
  // A graded prediction is followed by the real run (the grade partial carries data-autorun).
  document.addEventListener("htmx:after:swap", function () {
    var grade = document.querySelector("#prediction [data-autorun]");
    var form = document.getElementById("run-form");
    if (!grade || !form) return;
    grade.removeAttribute("data-autorun");
    form.requestSubmit();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
})();
