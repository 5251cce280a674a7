import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

import sandbox.languages
from quizapp import outcomes
from quizapp.catalog.models import language_choices

from .fields import LosslessTextField


class Submission(models.Model):
    """One run of learner code. The row is the truth; the Celery task only moves it forward."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    token = models.UUIDField(default=uuid.uuid4, unique=True, help_text="Idempotency key from the form.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    snippet = models.ForeignKey(
        "catalog.Snippet", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    language = models.CharField(max_length=20, choices=language_choices)
    toolchain = models.CharField(
        max_length=20, blank=True, help_text="A sandbox toolchain id; blank: the language's default."
    )
    batch = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Runs of one program on each toolchain, shown side by side."
    )
    share_id = models.CharField(
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text="Set when the owner shares the run: the unguessable part of its public link.",
    )
    code = models.TextField()
    stdin = models.TextField(blank=True)
    checked = models.BooleanField(default=False, help_text="Compared with the snippet's expected outcome.")
    fresh = models.BooleanField(default=False, help_text="The learner asked for a fresh run, not a cached result.")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker started it.")
    requeues = models.PositiveSmallIntegerField(default=0, help_text="How many times the reaper requeued it.")
    resends = models.PositiveSmallIntegerField(default=0, help_text="How many times its lost message was sent again.")
    claimed_by = models.CharField(max_length=200, blank=True, help_text="The worker process running it.")
    verdict = models.CharField(max_length=20, blank=True, choices=outcomes.Verdict.choices)
    failure = models.CharField(
        max_length=20, blank=True, help_text="How the program ended, when not cleanly (sandbox.Failure)."
    )
    limit = models.CharField(
        max_length=40, blank=True, help_text="The sandbox limit that ended the run (a Limits field)."
    )
    limit_value = models.FloatField(null=True, blank=True, help_text="That limit's value: seconds, bytes or a count.")
    message = LosslessTextField(blank=True)
    stdout = LosslessTextField(blank=True)
    stderr = LosslessTextField(blank=True)
    compile_output = LosslessTextField(blank=True)
    error_message = LosslessTextField(blank=True)
    diff = LosslessTextField(blank=True)
    exit_code = models.IntegerField(null=True, blank=True)
    wall_time_s = models.FloatField(null=True, blank=True)
    cpu_time_s = models.FloatField(null=True, blank=True)
    compile_time_s = models.FloatField(null=True, blank=True)
    peak_memory_bytes = models.BigIntegerField(null=True, blank=True)
    toolchain_version = models.CharField(max_length=60, blank=True)
    cached = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "queued_at"], name="submission_status_queued")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(session_key=""), name="submission_has_owner"
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.language} {self.status} {self.verdict}"

    def get_absolute_url(self):
        return reverse("runs:detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def toolchain_title(self) -> str:
        try:
            return sandbox.languages.get(self.language).toolchain_title(self.toolchain)
        except KeyError:  # a toolchain this machine no longer has: its id still says what ran
            return self.toolchain or self.get_language_display()

    @property
    def snippet_answer_here(self) -> str:
        """What the snippet's content says this toolchain prints, for a version-dependent snippet."""
        if self.snippet is None or not self.snippet.expectations or self.snippet.language != self.language:
            return ""
        expected, checker, checker_arg = self.snippet.expected_on(self.toolchain)
        if checker in (outcomes.DOES_NOT_COMPILE, outcomes.CRASHES):
            return outcomes.expected_outcome(
                checker=checker, checker_arg=checker_arg, expected_output=expected, crash_word=self.crash_word
            )
        return expected

    @property
    def crash_word(self) -> str:
        """What the run's language calls a crash ("panic", "exception")."""
        try:
            return sandbox.languages.get(self.language).crash_word
        except KeyError:
            return ""

    @property
    def peak_memory_mib(self) -> float | None:
        return None if self.peak_memory_bytes is None else self.peak_memory_bytes / (1024 * 1024)
