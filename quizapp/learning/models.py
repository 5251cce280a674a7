import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from quizapp.catalog.models import Part, Question


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone; use a name like Europe/Berlin or UTC.")


class Rating(models.IntegerChoices):
    """The FSRS ratings; the values are fsrs.Rating's."""

    AGAIN = 1, "Again"
    HARD = 2, "Hard"
    GOOD = 3, "Good"
    EASY = 4, "Easy"


class Profile(models.Model):
    class Theme(models.TextChoices):
        AUTO = "auto", "Follow the system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_profile")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    desired_retention = models.FloatField(
        default=0.9,
        validators=[MinValueValidator(0.7), MaxValueValidator(0.99)],
        help_text="Share of reviews you want to get right, 0.70–0.99. Higher means more reviews.",
    )
    daily_new_limit = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(0), MaxValueValidator(500)], help_text="New questions per day, 0–500."
    )
    theme = models.CharField(max_length=8, choices=Theme.choices, default=Theme.AUTO)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Card(models.Model):
    """One learner's FSRS card for one question."""

    class State(models.IntegerChoices):
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="learning_cards")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(help_text="First review: counts against that day's new-question limit.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="card_unique_user_question")]
        indexes = [
            models.Index(fields=["user", "due"], name="card_user_due"),
            models.Index(fields=["user", "created_at"], name="card_user_created"),
        ]

    def __str__(self):
        return f"{self.user} · {self.question_id} · due {self.due:%Y-%m-%d %H:%M}"

    @property
    def is_learned(self) -> bool:
        return self.state == self.State.REVIEW


class ReviewLog(models.Model):
    class Source(models.TextChoices):
        REVIEW = "review", "Review page"
        QUESTION = "question", "Question page"
        PRACTICE = "practice", "Practice session"
        PREDICTION = "prediction", "Snippet prediction"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_reviews")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="learning_reviews")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.REVIEW)
    reviewed_at = models.DateTimeField()
    day = models.DateField(help_text="The review's date in the learner's time zone, for streaks and the chart.")
    due_after = models.DateTimeField(help_text="The card's due date that this review set.")
    idempotency_key = models.CharField(max_length=64, help_text="One per reveal: a double-click records once.")

    class Meta:
        ordering = ["-reviewed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="reviewlog_unique_user_key")
        ]
        indexes = [
            models.Index(fields=["user", "reviewed_at"], name="reviewlog_user_time"),
            models.Index(fields=["user", "day"], name="reviewlog_user_day"),
        ]

    def __str__(self):
        return f"{self.user} rated {self.question_id} {self.get_rating_display()}"


class QuestionNote(models.Model):
    """A learner's private note and bookmark on a question."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_notes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="learning_notes")
    bookmarked = models.BooleanField(default=False)
    text = models.TextField(blank=True, max_length=10_000, validators=[MaxLengthValidator(10_000)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="note_unique_user_question")]

    def __str__(self):
        return f"{self.user} · {self.question_id}"


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
    score = models.FloatField(null=True, blank=True, help_text="Share of questions recalled, 0–1.")
    idempotency_key = models.CharField(max_length=64, help_text="One per start form: a double-click starts once.")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="practice_user_started")]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="practice_unique_user_key")
        ]

    def __str__(self):
        return f"Practice {self.pk} of {self.user}"

    @property
    def deadline(self):
        return self.started_at + timedelta(seconds=self.seconds_total)

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
    prediction_correct = models.BooleanField(null=True, blank=True, help_text="Tricky snippets: graded prediction.")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="practiceitem_unique_position")]

    def __str__(self):
        return f"{self.session_id}#{self.position}"

    @property
    def recalled(self) -> bool:
        return self.rating is not None and self.rating >= Rating.HARD
