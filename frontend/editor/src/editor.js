// The runner's code editor: CodeMirror 6 over the plain <textarea> the form posts.
// Without JavaScript the textarea is the editor; with it, CodeMirror mirrors every change into the
// textarea, so the form (htmx or not) posts exactly what the learner sees.
// The languages come from the page: each <option> of [data-editor-language] names its editor mode,
// indent unit and starter program (rendered from the sandbox's language registry).
import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
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
  const original = textarea.defaultValue;
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
        closeBrackets(), highlightActiveLine(), siteTheme,
        keymap.of([
          { key: "Mod-Enter", run: () => { if (form) form.requestSubmit(); return true; } },
          ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab,
        ]),
        language.of(modeExtensions(settingsFrom(select, textarea))),
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        EditorView.editorAttributes.of({ class: "code-mirror" }),
        EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") || "Code" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          refreshButtons(textarea.value);
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
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

// A graded prediction is followed by the real run (the grade partial carries data-autorun).
document.addEventListener("htmx:after:swap", () => {
  const grade = document.querySelector("#prediction [data-autorun]");
  const form = document.getElementById("run-form");
  if (!grade || !form) return;
  grade.removeAttribute("data-autorun");
  form.requestSubmit();
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => init());
else init();
