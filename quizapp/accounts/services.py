"""Writes for accounts: sign-up, settings, theme, deletion."""

from django.contrib.auth import get_user_model
from django.db import transaction

from quizapp.runs.claim import submissions_claim_for_user

from .models import Profile


def profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(*, user, time_zone: str, desired_retention: float, daily_new_limit: int, theme: str) -> Profile:
    profile = profile_get_or_create(user=user)
    profile.time_zone = time_zone
    profile.desired_retention = desired_retention
    profile.daily_new_limit = daily_new_limit
    profile.theme = theme
    profile.full_clean()
    profile.save()
    return profile


def profile_theme_set(*, user, theme: str) -> str:
    """An unknown theme falls back to following the system; a visitor's choice lives only in the cookie."""
    if theme not in Profile.Theme.values:
        theme = Profile.Theme.AUTO
    if user.is_authenticated:
        Profile.objects.update_or_create(user=user, defaults={"theme": theme})
    return theme


def account_create(*, username: str, email: str, password: str, session_key: str | None):
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        Profile.objects.create(user=user)
    if session_key:
        anonymous_data_claim(session_key=session_key, user=user)
    return user


def anonymous_data_claim(*, session_key: str, user) -> int:
    """Keeps what the visitor did before signing up: their snippet runs."""
    return submissions_claim_for_user(session_key=session_key, user=user)


def account_delete(*, user) -> None:
    """Deletes the user and, by cascade, everything of theirs (progress, notes, sessions, runs)."""
    user.delete()
