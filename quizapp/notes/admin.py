from django.contrib import admin

from .models import QuestionNote


@admin.register(QuestionNote)
class QuestionNoteAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "bookmarked", "updated_at"]
    raw_id_fields = ["user", "question"]
