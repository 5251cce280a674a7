import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from quizapp.practice.models import PracticeItem, PracticeSession
from quizapp.practice.services import (
    PRACTICE_GRACE,
    practice_answer,
    practice_finish,
    practice_next,
    practice_pause,
    practice_rate,
    practice_resume,
    practice_skip,
    practice_start,
    practice_start_missed,
    practice_sync,
)
from quizapp.review.models import Rating, ReviewLog
from quizapp.runs.models import Submission
from tests.factories import QuestionFactory, SnippetFactory, UserFactory

pytestmark = pytest.mark.django_db


def start(user, now, size=3, parts=(), per_question=60, total=600, key="start-1"):
    return practice_start(
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


def test_repeated_posts_do_nothing_twice(user, questions, now):
    session = start(user, now)
    practice_answer(session=session, position=0, answer="first", now=now)
    practice_answer(session=session, position=0, answer="second", now=now)
    practice_rate(session=session, position=0, rating=Rating.GOOD, now=now)
    session = practice_rate(session=session, position=0, rating=Rating.AGAIN, now=now)
    item = session.items.get(position=0)
    assert (item.answer, item.rating, session.position) == ("first", Rating.GOOD, 1)
    assert ReviewLog.objects.count() == 1


def test_answer_reveal_rate_moves_on_and_records_a_review(user, questions, now):
    session = start(user, now)
    session = practice_answer(session=session, position=0, answer="A goroutine leak", now=now + timedelta(seconds=20))
    item = session.items.get(position=0)
    assert item.status == PracticeItem.Status.REVEALED and item.seconds_spent == 20
    session = practice_rate(session=session, position=0, rating=Rating.GOOD, now=now + timedelta(seconds=25))
    assert session.position == 1
    assert session.items.get(position=1).started_at == now + timedelta(seconds=25)
    assert ReviewLog.objects.get().source == ReviewLog.Source.PRACTICE


def test_skip_moves_on_without_a_review(user, questions, now):
    session = practice_skip(session=start(user, now), position=0, now=now + timedelta(seconds=5))
    assert session.items.get(position=0).status == PracticeItem.Status.SKIPPED
    assert session.position == 1 and not ReviewLog.objects.exists()


def test_a_question_times_out_and_a_late_answer_is_ignored(user, questions, now):
    session = start(user, now, per_question=30)
    late = now + timedelta(seconds=30) + PRACTICE_GRACE
    session = practice_answer(session=session, position=0, answer="too late", now=late)
    first = session.items.get(position=0)
    assert first.status == PracticeItem.Status.TIMED_OUT and first.answer == ""
    assert session.position == 0, "the timed-out question stays on screen with its answer"
    later = late + timedelta(seconds=8)
    session = practice_next(session=session, position=0, now=later)
    session = practice_next(session=session, position=0, now=later)  # a repeated post moves on once
    assert session.position == 1
    assert session.items.get(position=1).started_at == later


def test_next_does_not_skip_a_question_still_in_time(user, questions, now):
    session = practice_next(session=start(user, now), position=0, now=now + timedelta(seconds=5))
    assert session.position == 0 and session.items.get(position=0).status == PracticeItem.Status.PENDING


def test_practise_missed_starts_a_session_of_the_missed_questions(user, questions, now):
    session = start(user, now, size=4)
    for position, rating in enumerate([Rating.GOOD, Rating.AGAIN]):
        practice_answer(session=session, position=position, answer="x", now=now)
        practice_rate(session=session, position=position, rating=rating, now=now)
    practice_skip(session=session, position=2, now=now)
    session = practice_finish(session=session, now=now)
    missed = [item.question_id for item in session.items.all() if item.position > 0]
    again = practice_start_missed(session=session, idempotency_key="again", now=now)
    assert list(again.items.values_list("question_id", flat=True)) == missed
    assert again.is_active and again.size == 3 and again.seconds_per_question == session.seconds_per_question
    assert practice_start_missed(session=session, idempotency_key="again", now=now).pk == again.pk


def test_practise_missed_needs_a_finished_session_with_misses(user, questions, now):
    session = start(user, now, size=1)
    with pytest.raises(ValidationError, match="Finish this session first"):
        practice_start_missed(session=session, idempotency_key="k1", now=now)
    practice_answer(session=session, position=0, answer="x", now=now)
    session = practice_rate(session=session, position=0, rating=Rating.GOOD, now=now)
    with pytest.raises(ValidationError, match="missed none"):
        practice_start_missed(session=session, idempotency_key="k2", now=now)


def test_an_answer_within_the_grace_counts(user, questions, now):
    session = start(user, now, per_question=30)
    session = practice_answer(session=session, position=0, answer="just in time", now=now + timedelta(seconds=31))
    assert session.items.get(position=0).status == PracticeItem.Status.REVEALED


def test_the_overall_limit_finishes_the_session(user, questions, now):
    session = start(user, now, size=3, per_question=60, total=90)
    practice_answer(session=session, position=0, answer="x", now=now + timedelta(seconds=10))
    practice_rate(session=session, position=0, rating=Rating.EASY, now=now + timedelta(seconds=12))
    session = practice_sync(session=session, now=now + timedelta(seconds=200))
    assert session.status == PracticeSession.Status.FINISHED
    statuses = list(session.items.values_list("status", flat=True))
    assert statuses == [PracticeItem.Status.RATED, PracticeItem.Status.TIMED_OUT, PracticeItem.Status.TIMED_OUT]
    assert session.score == pytest.approx(1 / 3)


def test_a_session_resumes_where_it_was_left(user, questions, now):
    session = start(user, now, per_question=120)
    practice_answer(session=session, position=0, answer="x", now=now + timedelta(seconds=10))
    practice_rate(session=session, position=0, rating=Rating.GOOD, now=now + timedelta(seconds=11))
    resumed = practice_sync(session=PracticeSession.objects.get(pk=session.pk), now=now + timedelta(seconds=40))
    assert resumed.is_active and resumed.position == 1
    assert resumed.items.get(position=1).status == PracticeItem.Status.PENDING


def test_finishing_scores_the_session(user, questions, now):
    session = start(user, now, size=4)
    for position, rating in enumerate([Rating.GOOD, Rating.AGAIN, Rating.HARD]):
        practice_answer(session=session, position=position, answer="x", now=now)
        practice_rate(session=session, position=position, rating=rating, now=now)
    session = practice_finish(session=session, now=now + timedelta(seconds=30))
    assert session.status == PracticeSession.Status.FINISHED and session.finished_at
    assert session.items.get(position=3).status == PracticeItem.Status.SKIPPED
    assert session.score == pytest.approx(2 / 4)


def test_rating_the_last_item_finishes_the_session(user, questions, now):
    session = start(user, now, size=1)
    practice_answer(session=session, position=0, answer="x", now=now)
    session = practice_rate(session=session, position=0, rating=Rating.GOOD, now=now)
    assert session.status == PracticeSession.Status.FINISHED and session.score == 1


@pytest.mark.parametrize(("prediction", "rating"), [("1\n2  \n", Rating.GOOD), ("2\n1\n", Rating.AGAIN)])
def test_a_tricky_prediction_is_graded_and_rates_itself(user, now, prediction, rating):
    snippet = SnippetFactory(
        question=QuestionFactory(is_tricky=True), expected_output="1\n2\n", checker="trailing_ws"
    )
    session = start(user, now, size=1)
    assert session.items.get().question == snippet.question
    session = practice_answer(session=session, position=0, answer=prediction, now=now)
    assert session.items.get().prediction_correct is (rating == Rating.GOOD)
    session = practice_rate(session=session, position=0, rating=Rating.EASY, now=now)
    assert session.items.get().rating == rating


def test_a_graded_prediction_starts_one_checked_run_kept_on_the_item(user, now, redis_url):
    """redis_url: a run is admitted against the learner's counters in Redis (without it, none starts)."""
    snippet = SnippetFactory(question=QuestionFactory(is_tricky=True), expected_output="1\n")
    session = start(user, now, size=1)
    practice_answer(session=session, position=0, answer="1", now=now)
    practice_answer(session=session, position=0, answer="1", now=now)
    practice_sync(session=session, now=now)
    item = session.items.get()
    assert Submission.objects.count() == 1
    assert item.submission.checked and item.submission.snippet == snippet and item.submission.user == user


def test_an_unanswered_tricky_question_starts_no_run(user, now):
    SnippetFactory(question=QuestionFactory(is_tricky=True), expected_output="1\n")
    practice_answer(session=start(user, now, size=1), position=0, answer="", now=now)
    assert not Submission.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_practice_starts_with_one_token_at_once_make_one_session():
    QuestionFactory()
    member = UserFactory()
    arguments = dict(user=member, parts=[], size=1, seconds_per_question=60, seconds_total=600, idempotency_key="twice")
    inserted, results = threading.Event(), []

    def first():
        with transaction.atomic():
            results.append(practice_start(**arguments))
            inserted.set()
            second_thread.join(timeout=1.0)  # holds the row uncommitted while the second request inserts
        connection.close()

    def second():
        inserted.wait()
        results.append(practice_start(**arguments))
        connection.close()

    first_thread, second_thread = threading.Thread(target=first), threading.Thread(target=second)
    second_thread.start()
    first_thread.start()
    first_thread.join()
    second_thread.join()
    assert len(results) == 2 and results[0].pk == results[1].pk
    assert PracticeSession.objects.filter(user=member).count() == 1


def test_a_topic_narrows_the_session_to_its_snippets_questions(user, questions, now):
    maps = [SnippetFactory(question=QuestionFactory(is_tricky=True), topic="maps", language="go") for _ in range(2)]
    SnippetFactory(question=QuestionFactory(is_tricky=True), topic="slices", language="go")
    session = practice_start(user=user, parts=[], size=10, seconds_per_question=60, seconds_total=600,
                             idempotency_key="topic", topic="go:maps", now=now)
    assert set(session.items.values_list("question_id", flat=True)) == {snippet.question_id for snippet in maps}
    with pytest.raises(ValidationError, match="no questions"):
        practice_start(user=user, parts=[], size=1, seconds_per_question=60, seconds_total=600,
                       idempotency_key="none", topic="go:generics", now=now)


def test_a_paused_session_keeps_its_clocks_still_until_it_goes_on(user, questions, now):
    session = start(user, now, per_question=60, total=600)
    session = practice_pause(session=session, position=0, now=now + timedelta(seconds=20))
    assert session.is_paused
    long_after = now + timedelta(minutes=30)  # past both limits, had the clocks run
    session = practice_sync(session=session, now=long_after)
    assert session.is_active and session.items.get(position=0).status == PracticeItem.Status.PENDING
    session = practice_answer(session=session, position=0, answer="while paused", now=long_after)
    assert session.items.get(position=0).status == PracticeItem.Status.PENDING  # nothing moves while paused
    session = practice_resume(session=session, now=long_after)
    assert not session.is_paused and session.paused_seconds == 30 * 60 - 20
    assert session.deadline == now + timedelta(seconds=600 + 30 * 60 - 20)
    # 20 s of the question's 60 were used before the pause: 39 s later it is still in time, 41 s later not.
    assert practice_sync(session=session, now=long_after + timedelta(seconds=39)).items.get(
        position=0).status == PracticeItem.Status.PENDING
    in_time = long_after + timedelta(seconds=39)
    session = practice_answer(session=session, position=0, answer="after the pause", now=in_time)
    assert session.items.get(position=0).status == PracticeItem.Status.REVEALED


def test_a_paused_question_times_out_only_on_the_time_it_ran(user, questions, now):
    session = start(user, now, per_question=60, total=600)
    session = practice_pause(session=session, position=0, now=now + timedelta(seconds=50))
    resumed_at = now + timedelta(minutes=5)
    session = practice_resume(session=session, now=resumed_at)
    late = resumed_at + timedelta(seconds=10) + PRACTICE_GRACE + timedelta(seconds=1)
    assert practice_sync(session=session, now=late).items.get(position=0).status == PracticeItem.Status.TIMED_OUT


def test_finishing_while_paused_does_not_count_the_pause_as_time_run_out(user, questions, now):
    session = start(user, now, per_question=60, total=100)
    session = practice_pause(session=session, position=0, now=now + timedelta(seconds=10))
    session = practice_finish(session=session, now=now + timedelta(hours=1))
    assert not session.is_active and not session.is_paused
    assert set(session.items.values_list("status", flat=True)) == {PracticeItem.Status.SKIPPED}
