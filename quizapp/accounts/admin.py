from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "desired_retention", "daily_new_limit", "theme"]
    search_fields = ["user__username"]
