"""Reads for the learner's overview: the dashboard and the export of everything they own."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Part, Question, Snippet
from quizapp.catalog.selectors import Topic, part_list, topic_list, topic_snippets
from quizapp.notes.models import QuestionNote
from quizapp.practice.models import PracticeSession
from quizapp.review.models import Card, ReviewLog
from quizapp.review.selectors import day_start
from quizapp.runs.selectors import submissions_recent_for_user

CHART_DAYS = 56
RECENT_RUNS = 8


@dataclass(frozen=True)
class PartMastery:
    part: Part
    total: int
    learned: int

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0


@dataclass(frozen=True)
class TopicMastery:
    topic: Topic
    learned: int  # snippets whose question the learner has learned (its card is in review)

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.topic.total) if self.topic.total else 0


@dataclass(frozen=True)
class TopicSnippet:
    snippet: Snippet
    state: str  # "learned", "learning" or "new" (or "" for a visitor)


def topic_mastery(*, user) -> list[TopicMastery]:
    """Every topic with snippets, and how many of them the learner has learned (0 for a visitor)."""
    learned = {}
    if user.is_authenticated:
        rows = (Snippet.objects.filter(kind=Snippet.Kind.TRICKY, question__learning_cards__user=user,
                                       question__learning_cards__state=Card.State.REVIEW)
                .exclude(topic="").values_list("language", "topic").annotate(n=Count("id", distinct=True)).order_by())
        learned = {(language, topic): n for language, topic, n in rows}
    return [TopicMastery(topic=topic, learned=learned.get((topic.language, topic.slug), 0)) for topic in topic_list()]


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
    tomorrow = day_start(moment=now, zone=profile.zone) + timedelta(days=1)
    learned = dict(
        Card.objects.filter(user=user, state=Card.State.REVIEW)
        .values_list("question__part_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    parts = [PartMastery(part=part, total=part.question_count, learned=learned.get(part.pk, 0)) for part in part_list()]
    per_day = review_days(user=user)
    chart_start = today - timedelta(days=CHART_DAYS - 1)
    return Dashboard(
        parts=parts,
        due_today=Card.objects.filter(user=user, due__lt=tomorrow).count(),
        reviews_today=per_day.get(today, 0),
        total_reviews=sum(per_day.values()),
        days=[(chart_start + timedelta(days=i), per_day.get(chart_start + timedelta(days=i), 0)) for i in range(CHART_DAYS)],
        streaks=streaks_from_days(days=set(per_day), today=today),
        recent_runs=list(submissions_recent_for_user(user=user, limit=RECENT_RUNS)),
        topics=topic_mastery(user=user),
    )


def export_data(*, user) -> dict:
    """Everything a learner owns, as plain data (the JSON export; the CSV flattens it)."""
    profile = profile_for_user(user=user)

    def ref(question: Question) -> dict:
        return {"series": question.series, "number": question.number}

    sessions = PracticeSession.objects.filter(user=user).prefetch_related("items__question", "parts")
    return {
        "user": {"username": user.username, "email": user.email, "date_joined": user.date_joined.isoformat()},
        "settings": {
            "time_zone": profile.time_zone, "desired_retention": profile.desired_retention,
            "daily_new_limit": profile.daily_new_limit, "theme": profile.theme,
        },
        "cards": [
            {
                **ref(card.question), "state": card.get_state_display(), "due": card.due.isoformat(),
                "last_review": card.last_review.isoformat() if card.last_review else None,
                "stability": card.stability, "difficulty": card.difficulty, "reps": card.reps, "lapses": card.lapses,
            }
            for card in Card.objects.filter(user=user).select_related("question").order_by("question__series", "question__number")
        ],
        "reviews": [
            {**ref(log.question), "rating": log.get_rating_display(), "source": log.source, "reviewed_at": log.reviewed_at.isoformat()}
            for log in ReviewLog.objects.filter(user=user).select_related("question").order_by("reviewed_at", "id")
        ],
        "notes": [
            {**ref(note.question), "bookmarked": note.bookmarked, "text": note.text, "updated_at": note.updated_at.isoformat()}
            for note in QuestionNote.objects.filter(user=user).select_related("question").order_by("question__series", "question__number")
        ],
        "practice_sessions": [
            {
                "id": session.pk, "started_at": session.started_at.isoformat(),
                "finished_at": session.finished_at.isoformat() if session.finished_at else None,
                "status": session.status, "score": session.score, "size": session.size,
                "parts": [part.title for part in session.parts.all()] or ["all"],
                "items": [
                    {
                        **ref(item.question), "position": item.position, "status": item.status, "answer": item.answer,
                        "rating": item.get_rating_display() if item.rating else None, "seconds": item.seconds_spent,
                    }
                    for item in session.items.all()
                ],
            }
            for session in sessions
        ],
    }


EXPORT_CSV_HEADER = ["record", "series", "number", "when", "rating", "state", "due", "bookmarked", "text", "session", "score", "seconds"]


def export_csv_rows(*, user) -> list[list]:
    """One flat table: each row says which kind of record it is in the first column."""
    data = export_data(user=user)
    rows = []
    for card in data["cards"]:
        rows.append(["card", card["series"], card["number"], card["last_review"], "", card["state"], card["due"], "", "", "", "", ""])
    for log in data["reviews"]:
        rows.append(["review", log["series"], log["number"], log["reviewed_at"], log["rating"], "", "", "", log["source"], "", "", ""])
    for note in data["notes"]:
        rows.append(["note", note["series"], note["number"], note["updated_at"], "", "", "", note["bookmarked"], note["text"], "", "", ""])
    for session in data["practice_sessions"]:
        rows.append(["practice_session", "", "", session["started_at"], "", session["status"], "", "", ", ".join(session["parts"]), session["id"], session["score"], ""])
        for item in session["items"]:
            rows.append(["practice_item", item["series"], item["number"], "", item["rating"] or "", item["status"], "", "", item["answer"], session["id"], "", item["seconds"]])
    return rows
