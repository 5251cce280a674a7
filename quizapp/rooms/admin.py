from django.contrib import admin

from .models import CandidateLink, InterviewPlan, Room, RoomItem, Scorecard


class RoomItemInline(admin.TabularInline):
    model = RoomItem
    fields = ["round", "position", "question", "snippet", "answer_revealed", "explanation_revealed"]
    raw_id_fields = ["question", "snippet"]
    extra = 0


class CandidateLinkInline(admin.TabularInline):
    model = CandidateLink
    fields = ["created_at", "expires_at", "revoked_at", "joined_at", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "mode", "round", "status", "created_at", "expires_at"]
    list_filter = ["status", "mode"]
    raw_id_fields = ["owner", "peer"]
    inlines = [RoomItemInline, CandidateLinkInline]


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["item", *Scorecard.RUBRIC, "updated_at"]
    raw_id_fields = ["item"]


@admin.register(InterviewPlan)
class InterviewPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "updated_at"]
    raw_id_fields = ["owner"]
