from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from quizapp.learning import services
from quizapp.learning.models import Card, PracticeItem, PracticeSession, Profile, QuestionNote, Rating, ReviewLog

from .factories import SnippetFactory, UserFactory

pytestmark = pytest.mark.django_db


def review(user, question, rating, at, key=None):
    return services.review_record(
        user=user, question=question, rating=rating, idempotency_key=key or f"k-{at.isoformat()}-{rating}", now=at
    )


# --- Scheduling ------------------------------------------------------------------------------------


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
    Profile.objects.create(user=eager, desired_retention=0.97)
    Profile.objects.create(user=relaxed, desired_retention=0.75)
    for user in (eager, relaxed):
        review(user, questions[0], Rating.EASY, now)
    assert Card.objects.get(user=eager).due < Card.objects.get(user=relaxed).due


def test_a_graded_prediction_rates_itself(user, questions, now):
    services.progress_record_prediction(user=user, question=questions[0], correct=True, idempotency_key="p1", now=now)
    services.progress_record_prediction(user=user, question=questions[1], correct=False, idempotency_key="p2", now=now)
    ratings = dict(ReviewLog.objects.values_list("question_id", "rating"))
    assert ratings == {questions[0].pk: Rating.GOOD, questions[1].pk: Rating.AGAIN}
    assert set(ReviewLog.objects.values_list("source", flat=True)) == {ReviewLog.Source.PREDICTION}


# --- Notes and bookmarks ---------------------------------------------------------------------------


def test_bookmark_set_is_idempotent(user, questions):
    services.bookmark_set(user=user, question=questions[0], bookmarked=True)
    services.bookmark_set(user=user, question=questions[0], bookmarked=True)
    assert QuestionNote.objects.get().bookmarked is True
    services.bookmark_set(user=user, question=questions[0], bookmarked=False)
    assert QuestionNote.objects.get().bookmarked is False


def test_note_save_keeps_the_bookmark_and_rejects_huge_notes(user, questions):
    services.bookmark_set(user=user, question=questions[0], bookmarked=True)
    note = services.note_save(user=user, question=questions[0], text="mutex vs channel\r\nsee 961")
    assert note.text == "mutex vs channel\nsee 961" and note.bookmarked
    with pytest.raises(ValidationError):
        services.note_save(user=user, question=questions[0], text="x" * 10_001)
    assert QuestionNote.objects.get().text == "mutex vs channel\nsee 961"


# --- Practice sessions ---------------------------------------------------------------------------


def start(user, now, size=3, parts=(), per_question=60, total=600, key="start-1"):
    return services.practice_start(
        user=user, parts=list(parts), size=size, seconds_per_question=per_question,
        seconds_total=total, idempotency_key=key, now=now,
    )


def test_start_picks_distinct_questions_from_the_chosen_parts(user, parts, questions, now):
    session = start(user, now, size=10, parts=[parts[1]])
    items = list(session.items.select_related("question"))
    assert session.size == 4  # only four questions in that part
    assert {item.question.part_id for item in items} == {parts[1].pk}
    assert len({item.question_id for item in items}) == 4
    assert items[0].started_at == now and all(item.started_at is None for item in items[1:])


def test_a_double_clicked_start_creates_one_session(user, questions, now):
    assert start(user, now).pk == start(user, now).pk
    assert PracticeSession.objects.count() == 1


def test_start_with_no_questions_says_so(user, parts, now):
    with pytest.raises(ValidationError, match="no questions"):
        start(user, now, parts=[parts[0]])


def test_answer_reveal_rate_moves_on_and_records_a_review(user, questions, now):
    session = start(user, now)
    session = services.practice_answer(session=session, position=0, answer="A goroutine leak", now=now + timedelta(seconds=20))
    item = session.items.get(position=0)
    assert item.status == PracticeItem.Status.REVEALED and item.seconds_spent == 20
    session = services.practice_rate(session=session, position=0, rating=Rating.GOOD, now=now + timedelta(seconds=25))
    assert session.position == 1
    assert session.items.get(position=1).started_at == now + timedelta(seconds=25)
    assert ReviewLog.objects.get().source == ReviewLog.Source.PRACTICE


def test_repeated_posts_do_nothing_twice(user, questions, now):
    session = start(user, now)
    services.practice_answer(session=session, position=0, answer="first", now=now)
    services.practice_answer(session=session, position=0, answer="second", now=now)
    services.practice_rate(session=session, position=0, rating=Rating.GOOD, now=now)
    session = services.practice_rate(session=session, position=0, rating=Rating.AGAIN, now=now)
    item = session.items.get(position=0)
    assert (item.answer, item.rating, session.position) == ("first", Rating.GOOD, 1)
    assert ReviewLog.objects.count() == 1


def test_skip_moves_on_without_a_review(user, questions, now):
    session = services.practice_skip(session=start(user, now), position=0, now=now + timedelta(seconds=5))
    assert session.items.get(position=0).status == PracticeItem.Status.SKIPPED
    assert session.position == 1 and not ReviewLog.objects.exists()


def test_a_question_times_out_and_a_late_answer_is_ignored(user, questions, now):
    session = start(user, now, per_question=30)
    late = now + timedelta(seconds=30) + services.PRACTICE_GRACE
    session = services.practice_answer(session=session, position=0, answer="too late", now=late)
    first = session.items.get(position=0)
    assert first.status == PracticeItem.Status.TIMED_OUT and first.answer == ""
    assert session.position == 1
    assert session.items.get(position=1).started_at == late


def test_an_answer_within_the_grace_counts(user, questions, now):
    session = start(user, now, per_question=30)
    session = services.practice_answer(session=session, position=0, answer="just in time", now=now + timedelta(seconds=31))
    assert session.items.get(position=0).status == PracticeItem.Status.REVEALED


def test_the_overall_limit_finishes_the_session(user, questions, now):
    session = start(user, now, size=3, per_question=60, total=90)
    services.practice_answer(session=session, position=0, answer="x", now=now + timedelta(seconds=10))
    services.practice_rate(session=session, position=0, rating=Rating.EASY, now=now + timedelta(seconds=12))
    session = services.practice_sync(session=session, now=now + timedelta(seconds=200))
    assert session.status == PracticeSession.Status.FINISHED
    statuses = list(session.items.values_list("status", flat=True))
    assert statuses == [PracticeItem.Status.RATED, PracticeItem.Status.TIMED_OUT, PracticeItem.Status.TIMED_OUT]
    assert session.score == pytest.approx(1 / 3)


def test_a_session_resumes_where_it_was_left(user, questions, now):
    session = start(user, now, per_question=120)
    services.practice_answer(session=session, position=0, answer="x", now=now + timedelta(seconds=10))
    services.practice_rate(session=session, position=0, rating=Rating.GOOD, now=now + timedelta(seconds=11))
    resumed = services.practice_sync(session=PracticeSession.objects.get(pk=session.pk), now=now + timedelta(seconds=40))
    assert resumed.is_active and resumed.position == 1
    assert resumed.items.get(position=1).status == PracticeItem.Status.PENDING


def test_finishing_scores_the_session(user, questions, now):
    session = start(user, now, size=4)
    for position, rating in enumerate([Rating.GOOD, Rating.AGAIN, Rating.HARD]):
        services.practice_answer(session=session, position=position, answer="x", now=now)
        services.practice_rate(session=session, position=position, rating=rating, now=now)
    session = services.practice_finish(session=session, now=now + timedelta(seconds=30))
    assert session.status == PracticeSession.Status.FINISHED and session.finished_at
    assert session.items.get(position=3).status == PracticeItem.Status.SKIPPED
    assert session.score == pytest.approx(2 / 4)


def test_rating_the_last_item_finishes_the_session(user, questions, now):
    session = start(user, now, size=1)
    services.practice_answer(session=session, position=0, answer="x", now=now)
    session = services.practice_rate(session=session, position=0, rating=Rating.GOOD, now=now)
    assert session.status == PracticeSession.Status.FINISHED and session.score == 1


@pytest.mark.parametrize(("prediction", "rating"), [("1\n2  \n", Rating.GOOD), ("2\n1\n", Rating.AGAIN)])
def test_a_tricky_prediction_is_graded_and_rates_itself(user, now, prediction, rating):
    snippet = SnippetFactory()
    session = start(user, now, size=1)
    assert session.items.get().question == snippet.question
    session = services.practice_answer(session=session, position=0, answer=prediction, now=now)
    assert session.items.get().prediction_correct is (rating == Rating.GOOD)
    session = services.practice_rate(session=session, position=0, rating=Rating.EASY, now=now)
    assert session.items.get().rating == rating


# --- Accounts ------------------------------------------------------------------------------------


def test_account_create_makes_a_profile_and_claims_anonymous_runs(db):
    from quizapp.runs.models import Submission

    Submission.objects.create(session_key="visitor-session", language="go", code="package main")
    user = services.account_create(username="ada", email="ada@example.com", password="pw-1234-long", session_key="visitor-session")
    assert Profile.objects.filter(user=user).exists()
    assert Submission.objects.get().user == user


def test_account_delete_removes_all_of_the_users_data(user, other_user, questions, now):
    from quizapp.runs.models import Submission

    for owner in (user, other_user):
        review(owner, questions[0], Rating.GOOD, now, key=f"k{owner.pk}")
        services.note_save(user=owner, question=questions[0], text="mine")
        start(owner, now, key=f"s{owner.pk}")
        Submission.objects.create(user=owner, language="go", code="package main")
    services.account_delete(user=user)
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    for model in (Card, ReviewLog, QuestionNote, PracticeSession, Submission):
        assert model.objects.filter(user_id=user.pk).count() == 0, model
        assert model.objects.filter(user=other_user).count() == 1, model
    assert not PracticeItem.objects.filter(session__user_id=user.pk).exists()
