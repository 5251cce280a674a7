
import pytest
from django.contrib.auth import get_user_model

from quizapp.accounts.models import Profile
from quizapp.accounts.services import account_create, account_delete
from quizapp.notes.models import QuestionNote
from quizapp.notes.services import note_save
from quizapp.practice.models import PracticeItem, PracticeSession
from quizapp.practice.services import practice_start
from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.services import review_record
from tests.factories import SubmissionFactory

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


def test_account_create_makes_a_profile_and_claims_anonymous_runs(db):
    from quizapp.runs.models import Submission

    SubmissionFactory(session_key="visitor-session", language="go", code="package main")
    user = account_create(
        username="ada", email="ada@example.com", password="pw-1234-long", session_key="visitor-session"
    )
    assert Profile.objects.filter(user=user).exists()
    assert Submission.objects.get().user == user


def test_account_delete_removes_all_of_the_users_data(user, other_user, questions, now):
    from quizapp.runs.models import Submission

    for owner in (user, other_user):
        review(owner, questions[0], Rating.GOOD, now, key=f"k{owner.pk}")
        note_save(user=owner, question=questions[0], text="mine")
        start(owner, now, key=f"s{owner.pk}")
        SubmissionFactory(user=owner, language="go", code="package main")
    account_delete(user=user)
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    for model in (Card, ReviewLog, QuestionNote, PracticeSession, Submission):
        assert model.objects.filter(user_id=user.pk).count() == 0, model
        assert model.objects.filter(user=other_user).count() == 1, model
    assert not PracticeItem.objects.filter(session__user_id=user.pk).exists()
