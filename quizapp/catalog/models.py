from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from quizapp.content.references import references_problem
from quizapp.content.snippets import NONDETERMINISTIC_CHECKERS
from quizapp.content.topics import TOPICS, topic_label
from sandbox import checkers, languages


def language_choices() -> list[tuple[str, str]]:
    """The sandbox's languages: a new language needs no migration."""
    return [(language.name, language.title) for language in languages.all_languages()]


def checker_choices() -> list[tuple[str, str]]:
    return [(name, checker.title) for name, checker in checkers.CHECKERS.items()]


# What the home page calls each series of the shipped content (another series shows its slug).
SERIES_TITLES = {
    "go": "The Go interview series",
    "go-deck": "Go deck: tricky snippets by topic",
    "python": "Python tricky snippets",
}


class Part(models.Model):
    series = models.SlugField(max_length=40, default="go")
    language = models.CharField(max_length=20, choices=language_choices, default="go")
    title = models.CharField(max_length=300)
    emoji = models.CharField(max_length=16, blank=True)
    declared_start = models.PositiveIntegerField(null=True, blank=True)
    declared_end = models.PositiveIntegerField(null=True, blank=True)
    source_file = models.CharField(max_length=300)
    source_index = models.PositiveIntegerField(default=0, help_text="Which heading of the file.")
    source_line = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0, help_text="Sort key: first question number.")

    class Meta:
        ordering = ["series", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_file", "source_index"], name="part_unique_source_heading"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:part", args=[self.pk])

    @property
    def series_title(self) -> str:
        return SERIES_TITLES.get(self.series, self.series)

    @property
    def range_label(self) -> str:
        if self.declared_start and self.declared_end:
            return f"{self.declared_start}–{self.declared_end}"
        return ""


class Question(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="questions")
    series = models.SlugField(max_length=40, default="go")
    number = models.PositiveIntegerField()
    title = models.TextField()
    answer = models.TextField(help_text="Markdown")
    indepth = models.TextField(blank=True, help_text="Markdown")
    is_tricky = models.BooleanField(default=False)
    source_line = models.PositiveIntegerField(default=0)

    title_html = models.TextField(blank=True, editable=False)
    answer_html = models.TextField(blank=True, editable=False)
    indepth_html = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="PostgreSQL only: kept by a trigger from title and search_text."
    )

    correction = models.TextField(
        blank=True, help_text="Markdown from a snippets-for overlay: what the source document gets wrong. "
                              "The document's own text stays as written.")
    correction_html = models.TextField(blank=True, editable=False)
    correction_source = models.CharField(max_length=300, blank=True, editable=False)

    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    edited_in_admin = models.BooleanField(
        default=False, help_text="Set when staff edit the question; re-imports keep it unless --force."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="question_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("catalog:question", args=[self.series, self.number])

    @property
    def has_indepth(self) -> bool:
        return bool(self.indepth.strip())


class Difficulty(models.IntegerChoices):
    """How hard a snippet or exercise is, in the words a learner reads (the content writes 1, 2 or 3)."""

    EASY = 1, "Easy"
    MEDIUM = 2, "Medium"
    HARD = 3, "Hard"


class Snippet(models.Model):
    """A runnable program: a tricky question's canonical program, or an exercise."""

    class Kind(models.TextChoices):
        TRICKY = "tricky", "Tricky snippet"
        EXERCISE = "exercise", "Exercise"

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRICKY)
    language = models.CharField(max_length=20, choices=language_choices, default="go")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="snippets"
    )
    title = models.CharField(max_length=200)
    prompt = models.TextField(blank=True, help_text="Markdown shown above the editor (exercises).")
    prompt_html = models.TextField(blank=True, editable=False)
    starter_code = models.TextField(help_text="What the editor starts with.")
    solution_code = models.TextField(help_text="The canonical program; verify_snippets runs it.")
    harness = models.TextField(blank=True, help_text="Hidden code appended to the learner's code.")
    stdin = models.TextField(blank=True)
    expected_output = models.TextField(blank=True)
    checker = models.CharField(max_length=20, choices=checker_choices, default=checkers.DEFAULT_CHECKER)
    checker_arg = models.CharField(max_length=500, blank=True)
    explanation = models.TextField(blank=True, help_text="Markdown shown after the run.")
    explanation_html = models.TextField(blank=True, editable=False)
    is_draft = models.BooleanField(
        default=False, help_text="Hidden from learners: saved by staff and not (yet) verified in the sandbox."
    )
    verification = models.TextField(
        blank=True,
        editable=False,
        help_text="The sandbox's word on the last staff save: pending, passed or why it failed.",
    )
    hints = models.JSONField(default=list, blank=True, help_text="Exercises: Markdown hints, revealed one at a time.")
    hints_html = models.JSONField(default=list, blank=True, editable=False)
    document_code = models.TextField(
        blank=True, help_text="The program exactly as the source document writes it, when it differs."
    )
    document_compile_output = models.TextField(
        blank=True, editable=False, help_text="The real compiler message for document_code (verify_snippets)."
    )
    topic = models.SlugField(max_length=40, blank=True, help_text="A slug of quizapp.content.topics.")
    difficulty = models.PositiveSmallIntegerField(null=True, blank=True, choices=Difficulty.choices)
    nondeterministic = models.BooleanField(
        default=False, help_text="Output varies between runs: never served from a cache."
    )
    nondeterministic_reason = models.CharField(max_length=300, blank=True)
    expectations = models.JSONField(
        default=dict,
        blank=True,
        help_text="Outcomes on other toolchains: {toolchain_id: {expected_output, checker_kind, checker_arg}}.",
    )
    references = models.JSONField(
        default=list, blank=True, help_text="Where the rule is written: [[title, url], ...] ('#### Reference')."
    )
    source_file = models.CharField(max_length=300, blank=True)
    source_line = models.PositiveIntegerField(default=0)
    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    edited_in_admin = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    draft_of = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.CASCADE, related_name="staff_edits",
        help_text="A staff edit of a live snippet: learners keep the live one until the sandbox verifies this edit.")

    @property
    def is_being_verified(self) -> bool:
        """A sandbox worker is checking the last staff save (snippet_services.VERIFICATION_PENDING)."""
        return self.verification.startswith("pending")

    @property
    def topic_label(self) -> str:
        return topic_label(self.language, self.topic)

    def clean(self):
        if self.topic and not self.topic_label:
            raise ValidationError(
                {
                    "topic": f"unknown {self.language} topic {self.topic!r}; use one of "
                    f"{', '.join(TOPICS.get(self.language, {}))}"
                }
            )
        problem = references_problem(self.references, self.language)
        if problem:
            raise ValidationError({"references": problem})
        if self.nondeterministic and self.checker not in NONDETERMINISTIC_CHECKERS:
            raise ValidationError(
                {
                    "checker": "a nondeterministic snippet needs an order- or pattern-insensitive "
                    f"checker: {', '.join(sorted(NONDETERMINISTIC_CHECKERS))}"
                }
            )
        self._clean_expectations()

    def _clean_expectations(self):
        """Each toolchain named must be one the sandbox offers for the language, with a known checker."""
        if not isinstance(self.expectations, dict):
            raise ValidationError({"expectations": 'write an object: {"go1.21": {"expected_output": "..."}}'})
        found = languages.canonical_name(self.language or "")
        offered = languages.get(found).toolchain_ids() if found else []
        for toolchain, outcome in self.expectations.items():
            if toolchain not in offered:
                raise ValidationError(
                    {
                        "expectations": f"unknown {self.language} toolchain {toolchain!r}; "
                        f"use one of {', '.join(offered) or '(none)'}"
                    }
                )
            kind = outcome.get("checker_kind") if isinstance(outcome, dict) else None
            if not isinstance(outcome, dict) or (kind and kind not in checkers.CHECKERS):
                raise ValidationError(
                    {
                        "expectations": f"the outcome on {toolchain} needs an object whose "
                        f"checker_kind is one of {', '.join(checkers.CHECKERS)}"
                    }
                )

    class Meta:
        ordering = ["kind", "language", "slug"]
        indexes = [models.Index(fields=["language", "topic"], name="snippet_language_topic")]

    def __str__(self):
        return self.title

    def expected_on(self, toolchain: str = "") -> tuple[str, str, str]:
        """(expected output, checker, checker arg) on a toolchain: its own outcome if the content gives one."""
        other = self.expectations.get(toolchain) if toolchain else None
        if not other:
            return self.expected_output, self.checker, self.checker_arg
        return other.get("expected_output", ""), other.get("checker_kind") or self.checker, other.get("checker_arg", "")


class SearchWord(models.Model):
    """A word of the questions' text, for "did you mean" when a search finds nothing."""

    word = models.CharField(max_length=60, unique=True)
    frequency = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word
