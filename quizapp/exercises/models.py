from django.conf import settings
from django.db import models

from quizapp.catalog.models import Snippet

DRAFT_MAX_LENGTH = 200_000


class ExerciseDraft(models.Model):
    """A member's unfinished code for an exercise, restored when they come back (visitors' stays in the browser)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_drafts")
    snippet = models.ForeignKey(Snippet, on_delete=models.CASCADE, related_name="drafts")
    code = models.TextField(max_length=DRAFT_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "snippet"], name="exercisedraft_unique_user_snippet")]

    def __str__(self):
        return f"{self.user} · {self.snippet.slug}"


class SolutionReveal(models.Model):
    """The learner asked for the reference solution (after the hints): a pass after it is "solved with help"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="solution_reveals"
    )
    session_key = models.CharField(max_length=40, blank=True, help_text="A visitor's, until they sign up.")
    snippet = models.ForeignKey(Snippet, on_delete=models.CASCADE, related_name="reveals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "snippet"], condition=models.Q(user__isnull=False),
                                    name="solutionreveal_unique_user_snippet"),
            models.UniqueConstraint(fields=["session_key", "snippet"], condition=models.Q(user__isnull=True),
                                    name="solutionreveal_unique_visitor_snippet"),
            models.CheckConstraint(condition=models.Q(user__isnull=False) | ~models.Q(session_key=""),
                                   name="solutionreveal_has_owner"),
        ]

    def __str__(self):
        return f"{self.user or self.session_key} · {self.snippet.slug}"
