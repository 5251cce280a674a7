from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import services
from .models import Part, Question, Snippet
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


class SnippetForm(forms.ModelForm):
    class Meta:
        model = Snippet
        fields = "__all__"
        widgets = {name: CodeTextarea(rows=6 if name in ("stdin", "expected_output") else 16)
                   for name in CODE_FIELDS}


@admin.register(Snippet)
class SnippetAdmin(admin.ModelAdmin):
    form = SnippetForm
    list_display = ["slug", "kind", "language", "checker", "question", "is_draft", "edited_in_admin", "updated_at"]
    list_filter = ["kind", "language", "checker", "topic", "difficulty", "nondeterministic", "edited_in_admin"]
    search_fields = ["slug", "title", "prompt", "solution_code"]
    list_select_related = ["question"]
    raw_id_fields = ["question"]
    readonly_fields = ["is_draft", "verification", "document_compile_output", "source_file", "source_line", "imported_hash", "updated_at"]
    actions = ["verify_selected"]
    fieldsets = [
        ("Verification", {"fields": ["is_draft", "verification"]}),
        (None, {"fields": ["slug", "kind", "language", "question", "title"]}),
        ("Exercise text (Markdown)", {"fields": ["prompt"]}),
        ("Code", {"fields": ["starter_code", "solution_code", "harness"]}),
        ("Judging", {"fields": ["stdin", "expected_output", "checker", "checker_arg"]}),
        ("After the run (Markdown)", {"fields": ["explanation"]}),
        ("Deck", {"fields": ["topic", "difficulty", "nondeterministic", "nondeterministic_reason", "expectations",
                             "references"]}),
        ("As written in the document", {"fields": ["document_code", "document_compile_output"]}),
        ("Import", {"fields": ["edited_in_admin", "source_file", "source_line", "imported_hash", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["catalog/code-textarea.css"]}
        js = ["catalog/code-textarea.js"]

    change_form_template = "admin/catalog/snippet/change_form.html"

    def save_model(self, request, obj, form, change):
        snippet_save_by_staff(snippet=obj)
        self.message_user(request, f"{obj.slug} is saved as a draft; learners see it once the sandbox agrees "
                                   "with its expected outcome (the change page shows the result).", messages.INFO)

    def response_change(self, request, obj):
        return HttpResponseRedirect(request.path)  # stay on the page: it shows the verification as it lands

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:catalog_snippet_change", args=[obj.pk]))

    @admin.action(description="Verify selected snippets in the sandbox")
    def verify_selected(self, request, queryset):
        for check in snippets_verify(snippets=list(queryset.order_by("slug"))):
            if check.ok:
                self.message_user(request, f"{check.slug}: agrees with its expected outcome "
                                           f"({check.seconds:.1f} s)", messages.SUCCESS)
                continue
            self.message_user(request, format_html(
                '{}: {}<pre class="verify-diff">{}</pre>', check.slug, "; ".join(check.failures),
                check.diff or "(no diff)"), messages.ERROR)
