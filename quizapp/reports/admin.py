from django.contrib import admin
from django.utils import timezone

from .models import ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The staff queue: newest first, the question, the reporter's run, and a status the reporter sees."""

    list_display = ["created_at", "reason", "question", "snippet", "status", "user"]
    list_filter = ["status", "reason"]
    list_editable = ["status"]
    search_fields = ["text", "question__title", "snippet__slug"]
    list_select_related = ["question", "snippet", "user"]
    raw_id_fields = ["question", "snippet", "submission", "user"]
    readonly_fields = ["created_at", "updated_at", "session_key"]
    actions = ["mark_acknowledged", "mark_fixed"]

    @admin.action(description="Mark as seen by staff")
    def mark_acknowledged(self, request, queryset):
        queryset.update(status="acknowledged", updated_at=timezone.now())

    @admin.action(description="Mark as fixed (the reporter is told)")
    def mark_fixed(self, request, queryset):
        queryset.update(status="fixed", updated_at=timezone.now())
