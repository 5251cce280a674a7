"""Writes for problem reports: a learner reports, staff set the status (in the admin)."""

from django.core.exceptions import ValidationError

from quizapp.catalog.models import Question, Snippet
from quizapp.runs.models import Submission
from quizapp.runs.selectors import owned_by

from .models import ProblemReport


def report_create(*, user, session_key: str, question_id: int | None, snippet_slug: str, reason: str,
                  text: str) -> ProblemReport:
    question = Question.objects.filter(pk=question_id).first() if question_id else None
    snippet = Snippet.objects.filter(slug=snippet_slug, is_draft=False).first() if snippet_slug else None
    if question is None and snippet is None:
        raise ValidationError("This question or exercise no longer exists; reload the page and report again.")
    if question is None:
        question = snippet.question
    run = None
    if snippet is not None:
        run = Submission.objects.filter(owned_by(user=user, session_key=session_key), snippet=snippet).first()
    member = user if user.is_authenticated else None
    report = ProblemReport(user=member, session_key="" if member else session_key, question=question,
                           snippet=snippet, submission=run, reason=reason, text=text.strip())
    report.full_clean()
    report.save()
    return report
