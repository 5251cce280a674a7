"""django-axes counts failed logins per username: the username it records must fit its column."""

from django.contrib.auth import get_user_model


def throttled_username(request, credentials: dict | None) -> str:
    """The username a login attempt named, cut to the longest a user can have: a longer one names
    no account, and axes stores it in a varchar(255) (a 300-character name was a 500)."""
    field = get_user_model().USERNAME_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(username)[: get_user_model()._meta.get_field(field).max_length]
