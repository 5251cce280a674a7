"""Interview rooms: the room, its questions, the candidate's link, the code timeline, runs and the
interviewer's private scorecard. The database is the room's state; the live path only moves it."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from quizapp.catalog.models import Difficulty
from quizapp.content.topics import topic_label, topic_ref
from quizapp.outcomes import PREDICTIONS


def new_link_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits: not guessable, not enumerable


class Room(models.Model):
    class Mode(models.TextChoices):
        INTERVIEW = "interview", "Interview (you ask)"
        PEERS = "peers", "Peers (swap roles for a second set)"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the candidate"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rooms_owned")
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rooms_joined",
        help_text="Peers: the signed-in candidate of round 1.",
    )
    title = models.CharField(max_length=120)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.INTERVIEW)
    round = models.PositiveSmallIntegerField(default=1, help_text="Peers: 2 after the roles were swapped.")
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    position = models.PositiveSmallIntegerField(default=0, help_text="The current question of the round.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True, help_text="The candidate joined: the clock runs.")
    ended_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="The room and everything recorded in it are deleted then.")
    candidate_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="The candidate deleted their record of the room."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="room_expires")]

    def __str__(self):
        return f"Room {self.pk}: {self.title}"

    @property
    def ends_at(self):
        if self.started_at is None:
            return None
        return self.started_at + timezone.timedelta(minutes=self.duration_minutes)

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED


class RoomItem(models.Model):
    """One question of a round and what the candidate made of it (their latest code and answer)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="items")
    round = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey("catalog.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    snippet = models.ForeignKey("catalog.Snippet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.TextField(blank=True)
    language = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=20, blank=True, help_text="A tricky snippet: the predicted outcome.")
    answer = models.TextField(blank=True, help_text="The predicted output, or the answer to a theory question.")
    answer_revealed = models.BooleanField(default=False)
    explanation_revealed = models.BooleanField(default=False)
    shared_feedback = models.TextField(blank=True, help_text="What the interviewer chose to tell the candidate.")
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["room", "round", "position"], name="roomitem_unique_position")]

    def __str__(self):
        return f"{self.room_id}/{self.round}/{self.position}"

    @property
    def kind(self) -> str:
        if self.snippet is not None:
            return self.snippet.kind  # "tricky" or "exercise"
        return "question"

    @property
    def outcome_words(self) -> str:
        return PREDICTIONS.get(self.outcome, "")

    @property
    def title(self) -> str:
        if self.question is not None:
            return f"{self.question.number}. {self.question.title}"
        return self.snippet.title if self.snippet is not None else "(removed question)"

    @property
    def title_html(self) -> str:
        """The title as the question pages show it: its code set as code, not in backticks."""
        if self.question is not None:
            rendered = mark_safe(self.question.title_html)  # the importer's HTML, as every question page uses it
            return format_html("{}. {}", self.question.number, rendered)
        return escape(self.title)


class CandidateLink(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True, default=new_link_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True, help_text="The candidate read the data notice and joined.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"link of room {self.room_id}"

    def is_valid(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at


class CodeEvent(models.Model):
    """The code timeline: the candidate's code and answer each time they changed."""

    item = models.ForeignKey(RoomItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    code = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class RoomRun(models.Model):
    item = models.ForeignKey(RoomItem, on_delete=models.CASCADE, related_name="runs")
    submission = models.OneToOneField("runs.Submission", on_delete=models.CASCADE, related_name="room_run")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class Scorecard(models.Model):
    """Private to the interviewer of the item's round: never rendered for the candidate."""

    RUBRIC = ["correctness", "reasoning", "communication", "go_knowledge"]
    SCORES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]

    item = models.OneToOneField(RoomItem, on_delete=models.CASCADE, related_name="scorecard")
    notes = models.TextField(blank=True)
    correctness = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORES)
    reasoning = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORES)
    communication = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORES)
    go_knowledge = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORES)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class InterviewPlan(models.Model):
    """A named, reusable pick of questions: private to its owner. A topic is drawn afresh for each room."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_plans")
    title = models.CharField(max_length=120)
    questions = models.CharField(max_length=500, blank=True, help_text="Question numbers, e.g. 1028, python-deck:3.")
    topic = models.CharField(max_length=80, blank=True, help_text="language:topic, e.g. go:slices.")
    difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    topic_count = models.PositiveSmallIntegerField(default=0)
    exercise_slugs = models.JSONField(default=list, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "title"], name="interviewplan_unique_title")]

    def __str__(self):
        return self.title

    @property
    def summary(self) -> str:
        parts = []
        if self.questions:
            parts.append(f"questions {self.questions}")
        if self.topic and self.topic_count:
            level = f", {Difficulty(self.difficulty).label.lower()}" if self.difficulty else ""
            parts.append(f"{self.topic_count} from {topic_label(*topic_ref(self.topic)) or self.topic}{level}")
        if self.exercise_slugs:
            parts.append(f"{len(self.exercise_slugs)} exercise{'s' if len(self.exercise_slugs) != 1 else ''}")
        parts.append(f"{self.duration_minutes} min")
        return " · ".join(parts)
