from datetime import timedelta

import pytest

from quizapp.review.models import Card, Rating
from quizapp.review.selectors import review_queue_for_user
from quizapp.review.services import review_record

pytestmark = pytest.mark.django_db


def review(user, question, rating, at, key=None):
    return review_record(
        user=user, question=question, rating=rating, idempotency_key=key or f"{question.pk}-{at.isoformat()}", now=at
    )


def test_queue_serves_due_cards_earliest_first_then_new_in_order(user, questions, now):
    review(user, questions[3], Rating.AGAIN, now - timedelta(hours=2))
    review(user, questions[5], Rating.AGAIN, now - timedelta(hours=3))
    queue = review_queue_for_user(user=user, now=now)
    assert queue.question == questions[5] and queue.due_count == 2
    Card.objects.filter(user=user).update(due=now + timedelta(days=1))
    queue = review_queue_for_user(user=user, now=now)
    assert queue.question == questions[0] and queue.is_new
    assert queue.next_due == now + timedelta(days=1)


def test_learned_counts_cards_in_review_state(user, questions, now):
    review(user, questions[0], Rating.EASY, now)
    review(user, questions[1], Rating.GOOD, now)
    assert review_queue_for_user(user=user, now=now).learned_count == 1
