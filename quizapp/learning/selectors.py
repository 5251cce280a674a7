"""Reads for learners: the review queue, the dashboard, practice history, exports."""

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery, TextField, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quizapp.catalog.models import Part, Question
from quizapp.catalog.selectors import part_list

from .models import Card, PracticeItem, PracticeSession, Profile, QuestionNote, ReviewLog

CHART_DAYS = 56
RECENT_RUNS = 8


def profile_for_user(*, user) -> Profile:
    """The saved profile, or an unsaved one with the defaults."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)


def day_start(*, moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time.min, tzinfo=zone)


# --- Review queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewQueue:
    question: Question | None
    card: Card | None
    due_count: int
    new_count: int
    learned_count: int
    next_due: datetime | None

    @property
    def is_new(self) -> bool:
        return self.question is not None and self.card is None


def review_queue_for_user(*, user, now: datetime | None = None, question_id: int | None = None) -> ReviewQueue:
    """Due cards first, earliest due first (FSRS order), then new questions up to today's limit.

    `question_id` pins the question being answered, so a card falling due meanwhile does not swap it.
    """
    now = now or timezone.now()
    profile = profile_for_user(user=user)
    today = day_start(moment=now, zone=profile.zone)
    counts = Card.objects.filter(user=user).aggregate(
        total=Count("id"),
        due_now=Count("id", filter=Q(due__lte=now)),
        learned=Count("id", filter=Q(state=Card.State.REVIEW)),
        new_today=Count("id", filter=Q(created_at__gte=today)),
        next_due=Min("due", filter=Q(due__gt=now)),
    )
    unseen = Question.objects.count() - counts["total"]
    new_count = max(0, min(unseen, profile.daily_new_limit - counts["new_today"]))
    if question_id is not None:
        question = get_object_or_404(Question.objects.select_related("part"), pk=question_id)
        card = Card.objects.filter(user=user, question=question).first()
        return ReviewQueue(
            question=question, card=card, due_count=counts["due_now"], new_count=new_count,
            learned_count=counts["learned"], next_due=counts["next_due"],
        )
    card = (
        Card.objects.filter(user=user, due__lte=now).select_related("question__part").order_by("due", "id").first()
    )
    question = card.question if card else None
    if question is None and new_count:
        seen = Card.objects.filter(user=user, question=OuterRef("pk"))
        question = Question.objects.select_related("part").filter(~Exists(seen)).order_by("series", "number").first()
    return ReviewQueue(
        question=question, card=card, due_count=counts["due_now"], new_count=new_count,
        learned_count=counts["learned"], next_due=counts["next_due"],
    )


# --- Question page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionProgress:
    card: Card | None
    note: QuestionNote | None


def question_progress(*, user, question: Question) -> QuestionProgress:
    if not user.is_authenticated:
        return QuestionProgress(card=None, note=None)
    return QuestionProgress(
        card=Card.objects.filter(user=user, question=question).first(),
        note=QuestionNote.objects.filter(user=user, question=question).first(),
    )


def bookmarked_questions(*, user):
    return Question.objects.filter(learning_notes__user=user, learning_notes__bookmarked=True)


def note_filters(*, user, terms: list[str], bookmarked: bool) -> list[Q]:
    """Conditions that widen catalog search to the user's notes, and narrow it to bookmarks."""
    if not user.is_authenticated:
        return [Q(search_text__icontains=term) for term in terms] + ([Q(pk__in=[])] if bookmarked else [])
    notes = QuestionNote.objects.filter(user=user, question=OuterRef("pk"))
    conditions = [Q(search_text__icontains=term) | Exists(notes.filter(text__icontains=term)) for term in terms]
    if bookmarked:
        conditions.append(Exists(notes.filter(bookmarked=True)))
    return conditions


def note_text_for(*, user):
    """The user's note text on each question, for annotating a Question queryset."""
    if not user.is_authenticated:
        return Value("", output_field=TextField())
    return Subquery(QuestionNote.objects.filter(user=user, question=OuterRef("pk")).values("text")[:1])


# --- Dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartMastery:
    part: Part
    total: int
    learned: int

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0


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
        recent_runs=recent_runs(user=user),
    )


def recent_runs(*, user, limit: int = RECENT_RUNS) -> list:
    """The run pipeline's latest submissions, when that app is installed."""
    try:
        from quizapp.runs import selectors as runs_selectors
    except ImportError:
        return []
    reader = getattr(runs_selectors, "submission_list_for_user", None)
    if reader is not None:
        return list(reader(user=user)[:limit])
    from quizapp.runs.models import Submission  # read-only until the run pipeline offers a per-user selector

    return list(Submission.objects.filter(user=user).select_related("snippet").order_by("-created_at", "-id")[:limit])


# --- Practice ----------------------------------------------------------------------------------


def practice_get(*, user, session_id: int) -> PracticeSession:
    """Another user's session is a 404, not a 403: its existence is not revealed."""
    return get_object_or_404(PracticeSession, pk=session_id, user=user)


def practice_history(*, user, limit: int = 50) -> list[PracticeSession]:
    return list(PracticeSession.objects.filter(user=user).prefetch_related("parts")[:limit])


def practice_item_deadline(*, session: PracticeSession, item: PracticeItem) -> datetime:
    started = item.started_at or session.started_at
    return min(started + timedelta(seconds=session.seconds_per_question), session.deadline)


def practice_current_item(*, session: PracticeSession) -> PracticeItem | None:
    if not session.is_active:
        return None
    return (
        session.items.select_related("question__part")
        .prefetch_related("question__snippets")
        .filter(position=session.position)
        .first()
    )


@dataclass(frozen=True)
class PracticeSummary:
    session: PracticeSession
    items: list[PracticeItem]
    recalled: int
    weak_parts: list[tuple[Part, int, int]]  # part, recalled, asked

    @property
    def percent(self) -> int:
        return round(100 * (self.session.score or 0))


def practice_summary(*, session: PracticeSession) -> PracticeSummary:
    items = list(session.items.select_related("question__part"))
    asked: dict[int, list[PracticeItem]] = defaultdict(list)
    for item in items:
        asked[item.question.part_id].append(item)
    weak = [
        (group[0].question.part, sum(item.recalled for item in group), len(group))
        for group in asked.values()
        if sum(item.recalled for item in group) < len(group)
    ]
    weak.sort(key=lambda row: (row[1] / row[2], -row[2]))
    return PracticeSummary(
        session=session, items=items, recalled=sum(item.recalled for item in items), weak_parts=weak[:5]
    )


# --- Export --------------------------------------------------------------------------------------


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
