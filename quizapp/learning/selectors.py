"""Reads for the learner's overview: the dashboard, topics and progress (the export is export.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Part, Snippet
from quizapp.catalog.selectors import Topic, part_list, topic_list, topic_snippets
from quizapp.exercises.selectors import ExerciseProgress, exercise_list_with_status, exercise_progress
from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.selectors import day_start
from quizapp.runs.selectors import submissions_recent_for_user

CHART_DAYS = 56
RECENT_RUNS = 8


FORECAST_DAYS = 7
WEAKEST_TOPICS = 5


@dataclass(frozen=True)
class PartMastery:
    """New / in progress / learned: a question is in progress once reviewed, learned once its card is in review."""

    part: Part
    total: int
    learned: int
    learning: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0

    @property
    def learning_percent(self) -> int:
        return round(100 * self.learning / self.total) if self.total else 0

    @property
    def new(self) -> int:
        return max(0, self.total - self.learned - self.learning)


@dataclass(frozen=True)
class TopicMastery:
    topic: Topic
    learned: int  # snippets whose question the learner has learned (its card is in review)
    learning: int = 0  # snippets whose question is reviewed but not yet learned

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.topic.total) if self.topic.total else 0

    @property
    def learning_percent(self) -> int:
        return round(100 * self.learning / self.topic.total) if self.topic.total else 0

    @property
    def new(self) -> int:
        return max(0, self.topic.total - self.learned - self.learning)


@dataclass(frozen=True)
class WeakTopic:
    """A topic the learner has reviewed, with how often they missed it: the dashboard lists the weakest first."""

    mastery: TopicMastery
    reviews: int
    misses: int

    @property
    def miss_percent(self) -> int:
        return round(100 * self.misses / self.reviews) if self.reviews else 0


@dataclass(frozen=True)
class TopicSnippet:
    snippet: Snippet
    state: str  # "learned", "learning" or "new" (or "" for a visitor)


def topic_mastery(*, user) -> list[TopicMastery]:
    """Every topic with snippets, and how many the learner has learned or has in progress (0 for a visitor)."""
    learned, learning = {}, {}
    if user.is_authenticated:
        in_review = Q(question__learning_cards__state=Card.State.REVIEW)
        rows = (Snippet.objects.filter(kind=Snippet.Kind.TRICKY, question__learning_cards__user=user)
                .exclude(topic="").values_list("language", "topic")
                .annotate(done=Count("id", distinct=True, filter=in_review),
                          started=Count("id", distinct=True, filter=~in_review)).order_by())
        for language, topic, done, started in rows:
            learned[language, topic], learning[language, topic] = done, started
    return [TopicMastery(topic=topic, learned=learned.get((topic.language, topic.slug), 0),
                         learning=learning.get((topic.language, topic.slug), 0)) for topic in topic_list()]


def weakest_topics(*, user, topics: list[TopicMastery], limit: int = WEAKEST_TOPICS) -> list[WeakTopic]:
    """The reviewed topics, most missed first (share of Again), then least learned."""
    rows = (ReviewLog.objects.filter(user=user, question__snippets__kind=Snippet.Kind.TRICKY)
            .exclude(question__snippets__topic="")
            .values_list("question__snippets__language", "question__snippets__topic")
            .annotate(reviews=Count("id", distinct=True),
                      misses=Count("id", distinct=True, filter=Q(rating=Rating.AGAIN))).order_by())
    by_topic = {(row.topic.language, row.topic.slug): row for row in topics}
    weak = [WeakTopic(mastery=by_topic[language, topic], reviews=reviews, misses=misses)
            for language, topic, reviews, misses in rows if (language, topic) in by_topic]
    weak.sort(key=lambda row: (-row.misses / row.reviews, row.mastery.percent, -row.reviews))
    return weak[:limit]


def due_forecast(
    *, user, today_start: datetime, zone, due_today: int, days: int = FORECAST_DAYS
) -> list[tuple[date, int]]:
    """Cards due on each of the next `days` days, as Anki's forecast; today's (`due_today`) includes the overdue."""
    tomorrow = today_start + timedelta(days=1)
    counts = dict(Card.objects.filter(user=user, due__gte=tomorrow, due__lt=today_start + timedelta(days=days))
                  .annotate(day=TruncDate("due", tzinfo=zone)).values_list("day").annotate(n=Count("id")).order_by())
    first = today_start.astimezone(zone).date()
    return [(first, due_today)] + [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
                                   for i in range(1, days)]


def topic_page_snippets(*, user, topic: Topic, difficulty: int | None) -> list[TopicSnippet]:
    snippets = list(topic_snippets(topic=topic, difficulty=difficulty))
    if not user.is_authenticated:
        return [TopicSnippet(snippet=snippet, state="") for snippet in snippets]
    states = dict(Card.objects.filter(user=user, question_id__in=[s.question_id for s in snippets])
                  .values_list("question_id", "state"))
    return [TopicSnippet(snippet=snippet, state=_card_state(states.get(snippet.question_id))) for snippet in snippets]


def _card_state(state: int | None) -> str:
    if state is None:
        return "new"
    return "learned" if state == Card.State.REVIEW else "learning"


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


@dataclass(frozen=True)
class Dashboard:
    parts: list[PartMastery]
    due_today: int
    reviews_today: int
    total_reviews: int
    days: list[tuple[date, int]]
    streaks: Streaks
    recent_runs: list = field(default_factory=list)
    topics: list[TopicMastery] = field(default_factory=list)
    weakest: list[WeakTopic] = field(default_factory=list)
    forecast: list[tuple[date, int]] = field(default_factory=list)
    exercises: list[ExerciseProgress] = field(default_factory=list)

    @property
    def forecast_peak(self) -> int:
        return max((n for _, n in self.forecast), default=0)


def streaks_from_days(*, days: set[date], today: date) -> Streaks:
    """The current streak survives until the end of a day without reviews."""
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return Streaks(current=current, longest=longest)


def review_days(*, user) -> dict[date, int]:
    """Reviews per day, each day as the learner's calendar showed it when they reviewed."""
    return dict(ReviewLog.objects.filter(user=user).values_list("day").annotate(n=Count("id")).order_by())


def dashboard_stats(*, user, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    profile = profile_for_user(user=user)
    today = now.astimezone(profile.zone).date()
    today_start = day_start(moment=now, zone=profile.zone)
    tomorrow = today_start + timedelta(days=1)
    learned, learning = {}, {}
    for part_id, state, n in (Card.objects.filter(user=user).values_list("question__part_id", "state")
                              .annotate(n=Count("id")).order_by()):
        target = learned if state == Card.State.REVIEW else learning
        target[part_id] = target.get(part_id, 0) + n
    parts = [PartMastery(part=part, total=part.question_count, learned=learned.get(part.pk, 0),
                         learning=learning.get(part.pk, 0)) for part in part_list()]
    per_day = review_days(user=user)
    chart_start = today - timedelta(days=CHART_DAYS - 1)
    topics = topic_mastery(user=user)
    due_today = Card.objects.filter(user=user, due__lt=tomorrow).count()
    return Dashboard(
        parts=parts,
        due_today=due_today,
        reviews_today=per_day.get(today, 0),
        total_reviews=sum(per_day.values()),
        days=[
            (chart_start + timedelta(days=i), per_day.get(chart_start + timedelta(days=i), 0))
            for i in range(CHART_DAYS)
        ],
        streaks=streaks_from_days(days=set(per_day), today=today),
        recent_runs=list(submissions_recent_for_user(user=user, limit=RECENT_RUNS)),
        topics=topics,
        weakest=weakest_topics(user=user, topics=topics),
        forecast=due_forecast(user=user, today_start=today_start, zone=profile.zone, due_today=due_today),
        exercises=exercise_progress(exercise_list_with_status(user=user, session_key="")),
    )
