from django.contrib import admin

from .models import PracticeSession


@admin.register(PracticeSession)
class PracticeSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "started_at", "size", "status", "score"]
    raw_id_fields = ["user"]
