"""Reads for accounts."""

from .models import Profile


def profile_for_user(*, user) -> Profile:
    """The saved profile, or an unsaved one with the defaults."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)
