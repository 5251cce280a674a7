import json
from datetime import date, datetime, timedelta, timezone

import pytest

from quizapp.learning.export import EXPORT_CSV_HEADER, export_csv_rows, export_data
from quizapp.learning.selectors import CHART_DAYS, Streaks, dashboard_stats, streaks_from_days
from quizapp.notes.services import note_save
from quizapp.practice.services import practice_answer, practice_start
from quizapp.review.models import Rating
from quizapp.review.selectors import review_queue_for_user
from quizapp.review.services import review_record
from tests.factories import ProfileFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def review(user, question, rating, at, key=None):
    return review_record(
        user=user, question=question, rating=rating, idempotency_key=key or f"{question.pk}-{at.isoformat()}", now=at
    )


def test_daily_new_limit_counts_cards_started_today_in_the_users_zone(user, questions, now):
    ProfileFactory(user=user, daily_new_limit=2, time_zone="Asia/Tokyo")  # 21:00 local at `now`
    review(user, questions[0], Rating.EASY, now - timedelta(hours=1))
    assert review_queue_for_user(user=user, now=now).new_count == 1
    review(user, questions[1], Rating.EASY, now)
    queue = review_queue_for_user(user=user, now=now)
    assert queue.new_count == 0 and queue.question is None
    next_morning_tokyo = now + timedelta(hours=4)  # 01:00 the next day in Tokyo
    assert review_queue_for_user(user=user, now=next_morning_tokyo).new_count == 2


@pytest.mark.parametrize(
    ("days", "today", "current", "longest"),
    [
        ([], date(2025, 3, 10), 0, 0),
        ([date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10)], date(2025, 3, 10), 3, 3),
        ([date(2025, 3, 8), date(2025, 3, 9)], date(2025, 3, 10), 2, 2),  # today not over yet
        ([date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3), date(2025, 3, 9)], date(2025, 3, 11), 0, 3),
    ],
)
def test_streaks(days, today, current, longest):
    assert streaks_from_days(days=set(days), today=today) == Streaks(current, longest)


def test_streak_days_follow_the_users_time_zone(user, questions):
    # 23:30 and 00:30 the next evening in New York are different local days but, in UTC, the first is
    # already the next day: counted in UTC they would fall on one day and break the streak.
    ProfileFactory(user=user, time_zone="America/New_York")
    first = datetime(2025, 3, 11, 3, 30, tzinfo=timezone.utc)  # 23:30 on 10 March in New York
    second = datetime(2025, 3, 12, 0, 30, tzinfo=timezone.utc)  # 20:30 on 11 March in New York
    review(user, questions[0], Rating.GOOD, first)
    review(user, questions[1], Rating.GOOD, second)
    stats = dashboard_stats(user=user, now=second + timedelta(hours=1))
    assert stats.streaks == Streaks(current=2, longest=2)
    assert stats.reviews_today == 1
    assert [count for _, count in stats.days[-2:]] == [1, 1]


def test_dashboard_mastery_per_part(user, parts, questions, now):
    review(user, questions[0], Rating.EASY, now)
    review(user, questions[1], Rating.EASY, now)
    review(user, questions[4], Rating.GOOD, now)  # learning, not learned
    stats = dashboard_stats(user=user, now=now)
    assert [(row.part.title, row.learned, row.total, row.percent) for row in stats.parts] == [
        ("Concurrency", 2, 4, 50),
        ("Memory", 0, 4, 0),
    ]
    assert stats.due_today == 1 and stats.total_reviews == 3 and len(stats.days) == CHART_DAYS


def test_export_holds_only_the_users_own_data(user, other_user, questions, now):
    review(user, questions[0], Rating.GOOD, now)
    review(other_user, questions[1], Rating.GOOD, now)
    note_save(user=user, question=questions[0], text='mine, with a comma, and "quotes"')
    note_save(user=other_user, question=questions[0], text="theirs")
    session = practice_start(
        user=user, parts=[], size=2, seconds_per_question=60, seconds_total=600, idempotency_key="x", now=now
    )
    practice_answer(session=session, position=0, answer="my answer", now=now)
    data = export_data(user=user)
    json.dumps(data)  # plain data all the way down
    assert [card["number"] for card in data["cards"]] == [questions[0].number]
    assert [note["text"] for note in data["notes"]] == ['mine, with a comma, and "quotes"']
    assert data["practice_sessions"][0]["items"][0]["answer"] == "my answer"
    SubmissionFactory(user=user, language="go", code="package main", verdict="ACCEPTED", status="done")
    data = export_data(user=user, base_url="https://quiz.example")
    assert data["schema"] == "quizapp-export/2"
    assert data["cards"][0]["title"] == questions[0].title
    assert data["cards"][0]["url"] == "https://quiz.example" + questions[0].get_absolute_url()
    assert data["runs"][0]["verdict"] == "ACCEPTED" and data["runs"][0]["code"] == "package main"
    rows = [dict(zip(EXPORT_CSV_HEADER, row)) for row in export_csv_rows(user=user)]
    assert {row["record"] for row in rows} == {"card", "review", "note", "run", "practice_session", "practice_item"}
    assert all(len(row) == len(EXPORT_CSV_HEADER) for row in rows)
    review_row = next(row for row in rows if row["record"] == "review")
    assert review_row["source"] == "review" and review_row["note"] == "" and review_row["rating"] == "Good"
    assert next(row for row in rows if row["record"] == "run")["verdict"] == "ACCEPTED"
    assert "theirs" not in json.dumps(data)


def test_dashboard_lists_the_users_recent_runs(user, other_user):
    mine = SubmissionFactory(user=user, language="go", code="package main", verdict="ACCEPTED")
    SubmissionFactory(user=other_user, language="go", code="package main")
    assert dashboard_stats(user=user).recent_runs == [mine]
