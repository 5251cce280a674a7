from django.contrib import admin

from .models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "language", "snippet", "status", "verdict", "cached", "attempts", "user"]
    list_filter = ["status", "verdict", "language", "cached"]
    search_fields = ["=id", "snippet__slug", "session_key", "user__username"]
    list_select_related = ["snippet", "user"]
    readonly_fields = [field.name for field in Submission._meta.fields]
