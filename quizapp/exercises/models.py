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
