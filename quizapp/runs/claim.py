"""A visitor who signs up or signs in keeps the runs they made before."""

from .models import Submission


def submissions_claim_for_user(*, session_key: str, user) -> int:
    """Attach a visitor's anonymous runs to the account they just created or signed in to."""
    if not session_key:
        return 0
    return Submission.objects.filter(session_key=session_key, user__isnull=True).update(user=user)
