import pytest
from django.contrib.auth import get_user_model

from quizapp.runs import claim
from quizapp.runs.models import Submission

from .helpers import queued_run

pytestmark = pytest.mark.django_db


def test_claim_attaches_anonymous_runs_to_the_new_user(redis_url, session_key):
    queued_run(session_key)
    queued_run(session_key)
    user = get_user_model().objects.create_user("learner")
    assert claim.submissions_claim_for_user(session_key=session_key, user=user) == 2
    assert Submission.objects.filter(user=user).count() == 2
