"""Rating previews, undo and decks: what the buttons promise is what the scheduler does."""

from datetime import timedelta

import pytest

from quizapp.notes.services import bookmark_set
from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.scheduling import interval_label
from quizapp.review.selectors import Deck, rating_previews, review_queue_for_user
from quizapp.review.services import UndoRefused, review_record, review_undo

pytestmark = pytest.mark.django_db


def review(user, question, rating, at):
    return review_record(
        user=user, question=question, rating=rating, idempotency_key=f"{question.pk}-{at.isoformat()}-{rating}", now=at
    )


def card_state(card):
    return (card.state, card.step, card.stability, card.difficulty, card.due, card.last_review, card.reps, card.lapses)


@pytest.mark.parametrize("rating", list(Rating))
def test_each_button_shows_the_due_date_the_rating_then_sets(user, questions, now, rating):
    review(user, questions[0], Rating.GOOD, now - timedelta(days=3))
    review(user, questions[0], Rating.GOOD, now - timedelta(days=1))
    card = Card.objects.get(user=user, question=questions[0])
    preview = {p.rating: p for p in rating_previews(user=user, card=card, now=now)}[rating]
    result = review(user, questions[0], rating, now)
    assert result.log.due_after == preview.due
    assert Card.objects.get(pk=card.pk).due == preview.due


def test_a_new_card_previews_learning_steps(user, questions, now):
    previews = rating_previews(user=user, card=None, now=now)
    assert [p.label for p in previews] == ["Again", "Hard", "Good", "Easy"]
    assert previews[0].interval == "1m" and previews[2].interval == "10m"
    assert previews[0].due < previews[1].due <= previews[2].due < previews[3].due
    result = review(user, questions[1], Rating.EASY, now)
    assert result.log.due_after == previews[3].due


def test_undo_restores_the_card_and_the_log(user, questions, now):
    review(user, questions[0], Rating.GOOD, now - timedelta(days=2))
    before = card_state(Card.objects.get(user=user, question=questions[0]))
    latest = review(user, questions[0], Rating.AGAIN, now).log
    assert card_state(Card.objects.get(user=user, question=questions[0])) != before
    assert review_undo(user=user, log_id=latest.pk) == questions[0]
    assert card_state(Card.objects.get(user=user, question=questions[0])) == before
    assert list(ReviewLog.objects.filter(user=user).values_list("rating", flat=True)) == [Rating.GOOD]


def test_undoing_the_first_rating_makes_the_question_new_again(user, questions, now):
    log = review(user, questions[0], Rating.GOOD, now).log
    review_undo(user=user, log_id=log.pk)
    assert not Card.objects.filter(user=user).exists() and not ReviewLog.objects.exists()
    assert review_queue_for_user(user=user, now=now).question == questions[0]


def test_only_the_latest_rating_can_be_undone_once(user, questions, now):
    first = review(user, questions[0], Rating.GOOD, now - timedelta(minutes=5)).log
    second = review(user, questions[1], Rating.GOOD, now).log
    with pytest.raises(UndoRefused):
        review_undo(user=user, log_id=first.pk)
    review_undo(user=user, log_id=second.pk)
    with pytest.raises(UndoRefused):
        review_undo(user=user, log_id=second.pk)


def test_a_deck_narrows_the_queue(user, questions, parts, now):
    second_part = Deck(part_id=parts[1].pk)
    assert review_queue_for_user(user=user, now=now, deck=second_part).question == questions[4]
    questions[6].is_tricky = True
    questions[6].save()
    assert review_queue_for_user(user=user, now=now, deck=Deck(tricky=True)).question == questions[6]
    bookmark_set(user=user, question=questions[5], bookmarked=True)
    assert review_queue_for_user(user=user, now=now, deck=Deck(bookmarked=True)).question == questions[5]
    assert review_queue_for_user(user=user, now=now, deck=Deck(cards="due")).question is None


def test_due_only_serves_due_cards_and_new_only_serves_new_ones(user, questions, now):
    review(user, questions[3], Rating.AGAIN, now - timedelta(hours=1))
    assert review_queue_for_user(user=user, now=now, deck=Deck(cards="due")).question == questions[3]
    new_only = review_queue_for_user(user=user, now=now, deck=Deck(cards="new"))
    assert new_only.question == questions[0] and new_only.due_count == 0


def test_an_empty_queue_refreshes_when_the_next_card_falls_due(user, questions, now):
    review(user, questions[0], Rating.AGAIN, now)
    queue = review_queue_for_user(user=user, now=now + timedelta(seconds=20), deck=Deck(cards="due"))
    assert queue.question is None
    assert queue.seconds_until_next_due == 40 and queue.refresh_after_seconds == 41


@pytest.mark.parametrize(
    "interval, label",
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2y"),
    ],
)
def test_interval_labels(interval, label):
    assert interval_label(interval) == label
