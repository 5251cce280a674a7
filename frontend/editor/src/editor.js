// The runner's code editor: CodeMirror 6 over the plain <textarea> the form posts.
// Without JavaScript the textarea is the editor; with it, CodeMirror mirrors every change into the
// textarea, so the form (htmx or not) posts exactly what the learner sees.
// The languages come from the page: each <option> of [data-editor-language] names its editor mode,
// indent unit and starter program (rendered from the sandbox's language registry).
import { EditorState, Compartment, StateEffect, StateField, RangeSet } from "@codemirror/state";
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, gutterLineClass, GutterMarker,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { go } from "@codemirror/lang-go";
import { python } from "@codemirror/lang-python";

const MODES = { go, python };

// Colours come from the site's CSS variables, so the light and dark themes both apply.
const siteTheme = EditorView.theme({
  "&": {
    minHeight: "16rem", maxHeight: "36rem", fontSize: "0.9rem", color: "var(--fg)",
    backgroundColor: "var(--code-bg)", border: "1px solid var(--line)", borderRadius: "var(--radius)",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.45", minHeight: "16rem" },
  ".cm-content": { tabSize: "4", caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  ".cm-gutters": { backgroundColor: "transparent", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": {
    backgroundColor: "color-mix(in srgb, var(--accent) 25%, transparent)",
  },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--ok) 25%, transparent)", outline: "1px solid var(--ok)",
  },
  ".cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--bad) 25%, transparent)",
  },
});

// A compile error is marked on its line (a line class and a gutter mark) until the code changes.
const setErrors = StateEffect.define();
const errorLine = Decoration.line({ class: "cm-error-line" });
const errorGutter = new (class extends GutterMarker { get elementClass() { return "cm-error-gutter"; } })();

const errorLines = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setErrors)) return effect.value;
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => [
    EditorView.decorations.from(field),
    gutterLineClass.from(field, (marks) => {
      const ranges = [];
      marks.between(0, 1e9, (from) => { ranges.push(errorGutter.range(from)); });
      return RangeSet.of(ranges);
    }),
  ],
});

// "./main.go:7:2: undefined: x" (Go), 'File "/box/main.py", line 3' (Python).
const ERROR_LINE = /(?:main\.go:(\d+)(?::\d+)?:|main\.py", line (\d+))/g;

function markErrors(view, text) {
  const lines = new Set();
  for (const match of text.matchAll(ERROR_LINE)) {
    const number = Number(match[1] || match[2]);
    if (number >= 1 && number <= view.state.doc.lines) lines.add(number);
  }
  const marks = [...lines].sort((a, b) => a - b).map((number) => errorLine.range(view.state.doc.line(number).from));
  view.dispatch({ effects: setErrors.of(Decoration.set(marks)) });
  return lines.size;
}

function modeExtensions(settings) {
  const mode = MODES[settings.mode];
  return [mode ? mode() : [], indentUnit.of(settings.indent || "    ")];
}

function settingsFrom(select, textarea) {
  const option = select && select.selectedOptions[0];
  const source = option ? option.dataset : textarea.dataset;
  return {
    mode: source.editorMode || textarea.dataset.editorMode || textarea.dataset.language || "",
    indent: (source.editorIndent || textarea.dataset.editorIndent || "    ").replace(/\\t/g, "\t"),
    template: source.editorTemplate || "",
  };
}

function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function showStatus(form, text, failed) {
  const status = form && form.querySelector("[data-editor-status]");
  if (!status) return;
  status.textContent = text;
  status.hidden = !text;
  status.classList.toggle("is-error", Boolean(failed));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A format is queued like a run: the POST answers at once (202) with where to ask for the answer,
// which comes within tens of milliseconds on a quiet service and later when the class is busy.
async function formatAnswer(pollUrl) {
  let delay = 25;
  for (;;) {
    await sleep(delay);
    delay = Math.min(delay * 2, 1000);
    const response = await fetch(pollUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const answer = await response.json();
    if (response.status !== 202) return answer;
  }
}

async function format(view, form, button) {
  const body = new FormData(form);
  body.set("code", view.state.doc.toString());
  button.disabled = true;
  showStatus(form, "Formatting…", false);
  try {
    const response = await fetch(button.dataset.formatUrl, {
      method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    let answer = await response.json();
    if (response.status === 202) answer = await formatAnswer(answer.poll);
    if (answer.code !== undefined) {
      if (answer.code !== view.state.doc.toString()) setText(view, answer.code);
      showStatus(form, "", false);
    } else {
      showStatus(form, answer.error || "Formatting failed; your code is unchanged.", true);
    }
  } catch (error) {
    showStatus(form, "Formatting is unavailable right now; your code is unchanged.", true);
  } finally {
    button.disabled = false;
  }
}

function enhance(textarea) {
  const form = textarea.form;
  const select = form && form.querySelector("[data-editor-language]");
  const reset = form && form.querySelector("[data-editor-reset]");
  const formatButton = form && form.querySelector("[data-editor-format-button]");
  const compareButton = form && form.querySelector("[data-editor-compare-button]");
  const original = textarea.dataset.original !== undefined ? textarea.dataset.original : textarea.defaultValue;
  const originalLanguage = select ? select.value : "";
  const readOnly = textarea.readOnly;
  const language = new Compartment();

  function untouched(text) {
    if (!text.trim() || text === original) return true;
    return select && Array.from(select.options).some((option) => text === option.dataset.editorTemplate);
  }

  function refreshButtons(text) {
    if (reset) reset.hidden = text === original && (!select || select.value === originalLanguage);
    if (formatButton) formatButton.hidden = !(select ? select.selectedOptions[0].dataset.editorFormat : textarea.dataset.editorFormat);
  }

  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), syntaxHighlighting(classHighlighter), bracketMatching(),
        closeBrackets(), highlightActiveLine(), siteTheme, errorLines,
        keymap.of([
          { key: "Mod-Enter", run: () => { if (form) form.requestSubmit(); return true; } },
          ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab,
        ]),
        language.of(modeExtensions(settingsFrom(select, textarea))),
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        EditorView.editorAttributes.of({ class: "code-mirror" }),
        EditorView.contentAttributes.of({
          "aria-label": textarea.getAttribute("aria-label") || "Code",
          ...(textarea.hasAttribute("aria-describedby") ? { "aria-describedby": textarea.getAttribute("aria-describedby") } : {}),
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          refreshButtons(textarea.value);
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  // The scroll area takes focus too, so the keyboard can scroll long or wide code (a read-only editor
  // has nothing else focusable inside).
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute("role", "group");
  view.scrollDOM.setAttribute("aria-label", `${textarea.getAttribute("aria-label") || "Code"}: scroll area`);
  textarea.hidden = true;
  textarea.editorView = view;
  textarea.classList.add("is-mirrored");
  refreshButtons(textarea.value);

  if (select) {
    select.addEventListener("change", () => {
      const settings = settingsFrom(select, textarea);
      view.dispatch({ effects: language.reconfigure(modeExtensions(settings)) });
      if (untouched(view.state.doc.toString())) {
        setText(view, select.value === originalLanguage ? original : settings.template);
      }
      refreshButtons(view.state.doc.toString());
      if (compareButton) {
        compareButton.textContent = select.selectedOptions[0].dataset.editorCompare || "";
        compareButton.hidden = !compareButton.textContent;
      }
    });
  }
  if (reset) {
    reset.addEventListener("click", () => {
      if (select && select.value !== originalLanguage) {
        select.value = originalLanguage;
        select.dispatchEvent(new Event("change"));
      }
      setText(view, original);
      refreshButtons(original);
    });
  }
  if (formatButton) {
    formatButton.addEventListener("click", (event) => {
      event.preventDefault();
      format(view, form, formatButton);
    });
  }
  return view;
}

function init(root) {
  (root || document).querySelectorAll("textarea.code-editor:not(.is-mirrored)").forEach(enhance);
}

// After a run of the editor's code: its compile error, if any, is marked on its line.
document.addEventListener("htmx:after:swap", () => {
  document.querySelectorAll(".runner").forEach((runner) => {
    const textarea = runner.querySelector("textarea.code-editor.is-mirrored");
    const output = runner.querySelector(".run-result .run-status[data-status=done] .compile-output, .run-result .run-status[data-status=done] .stderr");
    if (!textarea || !textarea.editorView) return;
    const status = runner.querySelector(".run-result .run-status[data-status=done]");
    if (!status || status.dataset.marked) return;
    status.dataset.marked = "1";
    const count = output ? markErrors(textarea.editorView, output.textContent) : markErrors(textarea.editorView, "");
    if (count && output) output.setAttribute("data-marked-lines", String(count));
  });
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => init());
else init();
