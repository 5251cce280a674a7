from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from quizapp.catalog.models import Part, Question
from quizapp.review.models import Rating


class PracticeSession(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        FINISHED = "finished", "Finished"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions")
    parts = models.ManyToManyField(Part, blank=True, related_name="+", help_text="Empty: all parts.")
    size = models.PositiveSmallIntegerField()
    seconds_per_question = models.PositiveIntegerField()
    seconds_total = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    position = models.PositiveSmallIntegerField(default=0, help_text="The current item.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True, help_text="Paused since then: the clocks stand still.")
    paused_seconds = models.PositiveIntegerField(default=0, help_text="Time spent paused before now.")
    score = models.FloatField(null=True, blank=True, help_text="Share of questions recalled, 0–1.")
    idempotency_key = models.CharField(max_length=64, help_text="One per start form: a double-click starts once.")

    class Meta:
        db_table = "learning_practicesession"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="practice_user_started")]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="practice_unique_user_key")
        ]

    def __str__(self):
        return f"Practice {self.pk} of {self.user}"

    def get_absolute_url(self):
        return reverse("practice:detail", args=[self.pk])

    @property
    def deadline(self):
        return self.started_at + timedelta(seconds=self.seconds_total + self.paused_seconds)

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class PracticeItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Not answered"
        REVEALED = "revealed", "Answered, not rated"
        RATED = "rated", "Rated"
        SKIPPED = "skipped", "Skipped"
        TIMED_OUT = "timed_out", "Out of time"

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(blank=True, max_length=10_000, validators=[MaxLengthValidator(10_000)])
    prediction_outcome = models.CharField(
        max_length=20, blank=True, help_text="Tricky snippets: what the learner said the program does."
    )
    prediction_correct = models.BooleanField(null=True, blank=True, help_text="Tricky snippets: graded prediction.")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(null=True, blank=True)
    submission = models.ForeignKey(
        "runs.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Tricky snippets: the real run started when the learner revealed; a reload shows it, "
                  "never a new one.",
    )

    class Meta:
        db_table = "learning_practiceitem"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="practiceitem_unique_position")]

    def __str__(self):
        return f"{self.session_id}#{self.position}"

    @property
    def recalled(self) -> bool:
        return self.rating is not None and self.rating >= Rating.HARD

    @property
    def missed(self) -> bool:
        """Skipped, out of time, rated Again, or a wrong prediction: what "practise the ones I missed" repeats."""
        return not self.recalled
