from django.contrib import admin

from .models import Card, ReviewLog


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "state", "due", "reps", "lapses"]
    list_filter = ["state"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "rating", "source", "reviewed_at"]
    raw_id_fields = ["user", "question", "card"]
