from django.conf import settings
from django.db import models

from quizapp.catalog.models import Question


class Rating(models.IntegerChoices):
    """The FSRS ratings; the values are fsrs.Rating's."""

    AGAIN = 1, "Again"
    HARD = 2, "Hard"
    GOOD = 3, "Good"
    EASY = 4, "Easy"


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
        db_table = "learning_card"
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="card_unique_user_question")]
        indexes = [
            models.Index(fields=["user", "due"], name="card_user_due"),
            models.Index(fields=["user", "created_at"], name="card_user_created"),
        ]

    def __str__(self):
        return f"{self.user} · {self.question_id} · due {self.due:%Y-%m-%d %H:%M}"


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
        db_table = "learning_reviewlog"
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


class QuestionHold(models.Model):
    """Anki's two card actions: a suspended question leaves the review queue until unsuspended; a buried
    one until `buried_until` (the start of the learner's next day). New questions can be held too."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_holds")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    suspended = models.BooleanField(default=False)
    buried_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="questionhold_unique_user_question")]

    def __str__(self):
        return f"{self.user} holds {self.question_id}"
