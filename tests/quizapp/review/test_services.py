from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from quizapp.practice.services import (
    practice_start,
)
from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.services import prediction_record, review_record
from tests.factories import ProfileFactory, SnippetFactory, UserFactory

pytestmark = pytest.mark.django_db


def review(user, question, rating, at, key=None):
    return review_record(
        user=user, question=question, rating=rating, idempotency_key=key or f"k-{at.isoformat()}-{rating}", now=at
    )


def start(user, now, size=3, parts=(), per_question=60, total=600, key="start-1"):
    return practice_start(
        user=user, parts=list(parts), size=size, seconds_per_question=per_question,
        seconds_total=total, idempotency_key=key, now=now,
    )


def test_good_review_pushes_the_due_date_out_and_logs_once(user, questions, now):
    question = questions[0]
    review(user, question, Rating.GOOD, now)
    first_due = Card.objects.get(user=user, question=question).due
    assert first_due > now
    later = first_due + timedelta(minutes=1)
    review(user, question, Rating.GOOD, later)
    card = Card.objects.get(user=user, question=question)
    assert card.due - later > first_due - now
    assert ReviewLog.objects.filter(user=user, question=question).count() == 2


def test_again_brings_a_learned_card_back(user, questions, now):
    question = questions[0]
    review(user, question, Rating.EASY, now)
    card = Card.objects.get(user=user, question=question)
    assert card.state == Card.State.REVIEW and card.due >= now + timedelta(days=2)
    at = card.due
    review(user, question, Rating.AGAIN, at)
    card.refresh_from_db()
    assert card.state == Card.State.RELEARNING
    assert card.due <= at + timedelta(minutes=15)
    assert card.lapses == 1


def test_each_review_adds_exactly_one_log_entry(user, questions, now):
    for minutes, rating in enumerate([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]):
        before = ReviewLog.objects.count()
        review(user, questions[0], rating, now + timedelta(minutes=minutes * 20))
        assert ReviewLog.objects.count() == before + 1
    assert Card.objects.get(user=user, question=questions[0]).reps == 4


def test_the_same_idempotency_key_records_one_review(user, questions, now):
    first = review(user, questions[0], Rating.GOOD, now, key="reveal-1")
    second = review(user, questions[0], Rating.GOOD, now + timedelta(seconds=1), key="reveal-1")
    assert first.created and not second.created
    assert second.log.pk == first.log.pk
    assert ReviewLog.objects.count() == 1
    assert Card.objects.get().reps == 1


def test_keys_are_per_user(user, other_user, questions, now):
    review(user, questions[0], Rating.GOOD, now, key="same")
    review(other_user, questions[0], Rating.GOOD, now, key="same")
    assert ReviewLog.objects.count() == 2


def test_bad_rating_is_rejected(user, questions, now):
    with pytest.raises(ValidationError):
        review(user, questions[0], 7, now)
    assert not Card.objects.exists()


def test_higher_target_retention_means_sooner_reviews(questions, now):
    eager, relaxed = UserFactory(), UserFactory()
    ProfileFactory(user=eager, desired_retention=0.97)
    ProfileFactory(user=relaxed, desired_retention=0.75)
    for user in (eager, relaxed):
        review(user, questions[0], Rating.EASY, now)
    assert Card.objects.get(user=eager).due < Card.objects.get(user=relaxed).due


def test_a_graded_prediction_rates_itself(user, questions, now):
    right = SnippetFactory(question=questions[0], expected_output="1\n")
    wrong = SnippetFactory(question=questions[1], expected_output="1\n")
    prediction_record(user=user, snippet=right, outcome="prints", text="1", idempotency_key="p1", now=now)
    prediction_record(user=user, snippet=wrong, outcome="prints", text="2", idempotency_key="p2", now=now)
    ratings = dict(ReviewLog.objects.values_list("question_id", "rating"))
    assert ratings == {questions[0].pk: Rating.GOOD, questions[1].pk: Rating.AGAIN}
    assert set(ReviewLog.objects.values_list("source", flat=True)) == {ReviewLog.Source.PREDICTION}
