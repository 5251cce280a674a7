from django.contrib import admin

from .models import Card, PracticeSession, Profile, QuestionNote, ReviewLog


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "desired_retention", "daily_new_limit", "theme"]
    search_fields = ["user__username"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "state", "due", "reps", "lapses"]
    list_filter = ["state"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "rating", "source", "reviewed_at"]
    raw_id_fields = ["user", "question", "card"]


@admin.register(QuestionNote)
class QuestionNoteAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "bookmarked", "updated_at"]
    raw_id_fields = ["user", "question"]


@admin.register(PracticeSession)
class PracticeSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "started_at", "size", "status", "score"]
    raw_id_fields = ["user"]
