from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import sandbox.languages
from quizapp.content.topics import TOPICS
from sandbox import checkers

from . import services
from .models import Difficulty, Part, Question, Snippet
from .snippet_services import snippet_save_by_staff
from .verification_services import snippets_verify

CODE_FIELDS = ["starter_code", "solution_code", "harness", "document_code", "stdin", "expected_output"]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "language", "range_label", "source_file"]
    list_filter = ["series", "language"]
    search_fields = ["title", "source_file"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "part", "is_tricky", "edited_in_admin", "updated_at"]
    list_display_links = ["number", "short_title"]
    list_filter = ["part", "is_tricky", "edited_in_admin", "series"]
    search_fields = ["=number", "title", "answer", "indepth"]
    list_select_related = ["part"]
    readonly_fields = ["preview", "source_line", "imported_hash", "updated_at"]
    fieldsets = [
        (None, {"fields": ["part", "series", "number", "title", "is_tricky"]}),
        ("Text (Markdown)", {"fields": ["answer", "indepth"]}),
        ("Rendered preview", {"fields": ["preview"]}),
        ("Import", {"fields": ["edited_in_admin", "source_line", "imported_hash", "updated_at"]}),
    ]

    @admin.display(description="Title")
    def short_title(self, question):
        return question.title[:90]

    @admin.display(description="Preview")
    def preview(self, question):
        if not question.pk:
            return "Save to see the rendered question."
        return format_html(
            '<div class="quiz-preview"><h3>{}</h3><h4>Answer</h4>{}<h4>Indepth</h4>{}</div>',
            mark_safe(question.title_html),
            mark_safe(question.answer_html),
            mark_safe(question.indepth_html or "<p>(none)</p>"),
        )

    def save_model(self, request, obj, form, change):
        services.question_save_by_staff(question=obj)


class CodeTextarea(forms.Textarea):
    def __init__(self, rows: int = 14):
        super().__init__(attrs={"class": "code-textarea", "rows": rows, "spellcheck": "false",
                                "autocapitalize": "off", "autocomplete": "off"})


EDITED_CODE = ["starter_code", "solution_code", "harness", "document_code"]  # the site's editor, in the snippet's mode


def topic_choices() -> list:
    """The content vocabulary (quizapp/content/topics.py), grouped by language; the model checks the language."""
    return [("", "(no topic)")] + [
        (language.title(), [(slug, label) for slug, label in vocabulary.items()])
        for language, vocabulary in TOPICS.items()
    ]


def other_toolchains() -> list[tuple[str, str, str]]:
    """(language, toolchain id, title) of each toolchain besides a language's default: a snippet may give
    its own outcome on each (Snippet.expectations)."""
    return [
        (found.name, toolchain, found.toolchain_title(toolchain))
        for found in sandbox.languages.all_languages()
        for toolchain in found.toolchain_ids()[1:]
    ]


def _expectation_fields(toolchain: str, title: str) -> dict[str, forms.Field]:
    key = toolchain.replace(".", "_")
    checker_choices = [("", "the snippet's checker")] + [(name, name) for name in checkers.CHECKERS]
    return {
        f"on_{key}_output": forms.CharField(
            required=False,
            strip=False,
            widget=CodeTextarea(rows=4),
            label=f"Expected output on {title}",
            help_text=f"Leave empty when {title} does what the snippet says above.",
        ),
        f"on_{key}_checker": forms.ChoiceField(choices=checker_choices, required=False, label=f"Checker on {title}"),
        f"on_{key}_arg": forms.CharField(required=False, max_length=500, label=f"Checker argument on {title}"),
    }


EXPECTATION_FIELDS = {
    name: field
    for _, toolchain, title in other_toolchains()
    for name, field in _expectation_fields(toolchain, title).items()
}


class SnippetForm(forms.ModelForm):
    """Expectations are a form field per toolchain (output, checker, its argument), not raw JSON."""

    topic = forms.ChoiceField(
        choices=topic_choices, required=False, help_text="From the content vocabulary of the snippet's language."
    )
    difficulty = forms.TypedChoiceField(
        choices=[("", "(not rated)"), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Snippet
        exclude = ["expectations"]
        widgets = {name: CodeTextarea(rows=6 if name in ("stdin", "expected_output") else 16) for name in CODE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = sandbox.languages.get(self.instance.language) if self.instance.language else None
        for name in EDITED_CODE:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "class": "code-textarea code-editor",
                        "aria-label": self.fields[name].label,
                        "data-editor-mode": found.editor_mode if found else "",
                        "data-editor-indent": found.indent if found else "\t",
                    }
                )
        for _, toolchain, _ in other_toolchains():
            outcome = (self.instance.expectations or {}).get(toolchain) or {}
            key = toolchain.replace(".", "_")
            for part, stored in (("output", "expected_output"), ("checker", "checker_kind"), ("arg", "checker_arg")):
                if f"on_{key}_{part}" in self.fields:
                    self.fields[f"on_{key}_{part}"].initial = outcome.get(stored, "")

    def clean(self):
        data = super().clean()
        expectations = {}
        for _, toolchain, _ in other_toolchains():
            key = toolchain.replace(".", "_")
            output, checker, arg = (data.get(f"on_{key}_{part}") or "" for part in ("output", "checker", "arg"))
            if output or checker or arg:
                expectations[toolchain] = {"expected_output": output, "checker_kind": checker, "checker_arg": arg}
        self.instance.expectations = expectations
        try:
            self.instance.language = data.get("language") or self.instance.language
            self.instance._clean_expectations()
        except forms.ValidationError as error:
            self.add_error(None, [f"Outcome on another toolchain: {message}" for message in error.messages])
        return data


SnippetForm.base_fields.update(EXPECTATION_FIELDS)
SnippetForm.declared_fields.update(EXPECTATION_FIELDS)


def verification_context(snippet) -> dict:
    edit = snippet.staff_edits.first()
    checks = [("This snippet", snippet.verification or "not checked since it was imported")]
    if edit is not None:
        checks.append((f"Its staff edit {edit.slug}", edit.verification or "not checked"))
    return {
        "verification_checks": checks,
        "verification_pending": snippet.is_being_verified or (edit is not None and edit.is_being_verified),
        "verification_url": reverse("admin:catalog_snippet_verification", args=[snippet.pk]),
    }


@admin.register(Snippet)
class SnippetAdmin(admin.ModelAdmin):
    form = SnippetForm
    list_display = ["slug", "kind", "language", "checker", "question", "status", "edited_in_admin", "updated_at"]
    list_filter = ["kind", "language", "checker", "topic", "difficulty", "nondeterministic", "edited_in_admin"]
    search_fields = ["slug", "title", "prompt", "solution_code"]
    list_select_related = ["question"]
    raw_id_fields = ["question"]
    readonly_fields = [
        "is_draft",
        "verification",
        "staff_edit",
        "document_compile_output",
        "source_file",
        "source_line",
        "imported_hash",
        "updated_at",
    ]
    actions = ["verify_selected"]
    fieldsets = [
        ("Verification", {"fields": ["is_draft", "verification", "staff_edit"]}),
        (None, {"fields": ["slug", "kind", "language", "question", "title"]}),
        ("Exercise text (Markdown)", {"fields": ["prompt"]}),
        ("Code", {"fields": ["starter_code", "solution_code", "harness"]}),
        ("Judging", {"fields": ["stdin", "expected_output", "checker", "checker_arg"]}),
        ("After the run (Markdown)", {"fields": ["explanation"]}),
        ("Deck", {"fields": ["topic", "difficulty", "nondeterministic", "nondeterministic_reason", "references"]}),
        ("Outcome on other toolchains (version-dependent snippets)", {"fields": list(EXPECTATION_FIELDS)}),
        ("As written in the document", {"fields": ["document_code", "document_compile_output"]}),
        ("Import", {"fields": ["edited_in_admin", "source_file", "source_line", "imported_hash", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["catalog/code-textarea.css"]}
        js = ["catalog/code-textarea.js", "vendor/codemirror/editor.min.js"]

    change_form_template = "admin/catalog/snippet/change_form.html"

    def get_urls(self):
        status = path("<path:object_id>/verification/", self.admin_site.admin_view(self.verification_status),
                      name="catalog_snippet_verification")
        return [status, *super().get_urls()]

    def verification_status(self, request, object_id):
        """The sandbox's word on this snippet and its staff edit, asked for again every 2 s while one is
        pending: the change form around it stays as the editor left it (a whole-page refresh lost edits)."""
        snippet = self.get_object(request, object_id)
        if snippet is None or not self.has_view_or_change_permission(request, snippet):
            raise Http404
        return TemplateResponse(request, "admin/catalog/snippet/verification_status.html",
                                verification_context(snippet))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(verification_context(obj))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description="Learners see it", ordering="is_draft")
    def status(self, snippet):
        """In words, not a tick: a green tick on "is draft" read as "fine" for a hidden snippet."""
        if not snippet.is_draft:
            return "live"
        return "hidden: checking" if snippet.is_being_verified else "hidden: verification failed"

    def save_model(self, request, obj, form, change):
        saved = snippet_save_by_staff(snippet=obj)
        request.snippet_saved = saved
        if saved.draft_of_id is not None:
            self.message_user(
                request,
                f"Your edit of {saved.draft_of.slug} is saved as the draft {saved.slug}: learners "
                "keep the verified version until the sandbox agrees with the edit (this page "
                "shows the result).",
                messages.INFO,
            )
            return
        self.message_user(
            request,
            f"{obj.slug} is saved as a draft; learners see it once the sandbox agrees "
            "with its expected outcome (the change page shows the result).",
            messages.INFO,
        )

    def response_change(self, request, obj):
        # Stay on the page (or go to the edit's draft): it shows the verification as it lands.
        saved = getattr(request, "snippet_saved", obj)
        if saved.pk != obj.pk:
            return HttpResponseRedirect(reverse("admin:catalog_snippet_change", args=[saved.pk]))
        return HttpResponseRedirect(request.path)

    @admin.display(description="Staff edit")
    def staff_edit(self, snippet):
        if snippet.draft_of_id is not None:
            live = reverse("admin:catalog_snippet_change", args=[snippet.draft_of_id])
            return format_html(
                'A draft of <a href="{}">{}</a>: learners see that one until this edit passes.',
                live,
                snippet.draft_of.slug,
            )
        draft = snippet.staff_edits.first() if snippet.pk else None
        if draft is None:
            return "none"
        url = reverse("admin:catalog_snippet_change", args=[draft.pk])
        return format_html(
            '<a href="{}">{}</a> ({}): learners see this verified version meanwhile.',
            url,
            draft.slug,
            draft.verification or "not checked",
        )

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:catalog_snippet_change", args=[obj.pk]))

    @admin.action(description="Verify selected snippets in the sandbox")
    def verify_selected(self, request, queryset):
        for check in snippets_verify(snippets=list(queryset.order_by("slug"))):
            if check.ok:
                self.message_user(
                    request, f"{check.slug}: agrees with its expected outcome ({check.seconds:.1f} s)", messages.SUCCESS
                )
                continue
            self.message_user(
                request,
                format_html(
                    '{}: {}<pre class="verify-diff">{}</pre>',
                    check.slug,
                    "; ".join(check.failures),
                    check.diff or "(no diff)",
                ),
                messages.ERROR,
            )
