from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import services
from .models import Part, Question


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
