"""Reads for problem reports: the reporter's own, with their status."""

from quizapp.runs.selectors import owned_by

from .models import ProblemReport


def reports_of(*, user, session_key: str, limit: int = 20) -> list[ProblemReport]:
    if not user.is_authenticated and not session_key:
        return []
    mine = ProblemReport.objects.filter(owned_by(user=user, session_key=session_key))
    return list(mine.select_related("question", "snippet")[:limit])
