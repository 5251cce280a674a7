from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from quizapp.catalog.models import Question


class QuestionNote(models.Model):
    """A learner's private note and bookmark on a question."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_notes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="learning_notes")
    bookmarked = models.BooleanField(default=False)
    text = models.TextField(blank=True, max_length=10_000, validators=[MaxLengthValidator(10_000)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "learning_questionnote"
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="note_unique_user_question")]

    def __str__(self):
        return f"{self.user} · {self.question_id}"
