from django.conf import settings
from django.db import models

from quizapp.catalog.models import Question, Snippet


class ProblemReport(models.Model):
    """A learner's "report a problem" on a question, snippet or exercise: staff work through them in the admin."""

    class Reason(models.TextChoices):
        WRONG_ANSWER = "wrong_answer", "The answer is wrong"
        UNCLEAR = "unclear", "The explanation is unclear"
        BROKEN_CODE = "broken_code", "The code or its check is broken"
        TYPO = "typo", "A typo or formatting problem"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "Received"
        ACKNOWLEDGED = "acknowledged", "Seen by staff"
        FIXED = "fixed", "Fixed"
        DECLINED = "declined", "Not a problem"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="problem_reports"
    )
    session_key = models.CharField(max_length=40, blank=True, help_text="A visitor's, to show them their reports.")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    snippet = models.ForeignKey(Snippet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submission = models.ForeignKey(
        "runs.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reporter's latest run of the snippet, if any.",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    text = models.TextField(blank=True, max_length=4000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_note = models.TextField(blank=True, help_text="Shown to the reporter with the status.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | models.Q(snippet__isnull=False),
                name="problemreport_has_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.question or self.snippet}"
