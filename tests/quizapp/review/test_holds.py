from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.review.models import QuestionHold
from quizapp.review.selectors import review_queue_for_user
from quizapp.review.services import question_hold
from tests.factories import QuestionFactory, SnippetFactory

pytestmark = pytest.mark.django_db


def test_a_suspended_question_leaves_the_queue_until_unsuspended(user, questions):
    first = review_queue_for_user(user=user).question
    question_hold(user=user, question=first, action="suspend")
    later = review_queue_for_user(user=user, now=timezone.now() + timedelta(days=30))
    assert later.question != first and later.new_count >= 1
    question_hold(user=user, question=first, action="unsuspend")
    assert review_queue_for_user(user=user).question == first


def test_a_buried_question_comes_back_the_next_day(user, questions):
    now = timezone.now()
    first = review_queue_for_user(user=user, now=now).question
    hold = question_hold(user=user, question=first, action="bury", now=now)
    assert now < hold.buried_until <= now + timedelta(days=1)
    assert review_queue_for_user(user=user, now=now).question != first
    assert review_queue_for_user(user=user, now=hold.buried_until + timedelta(seconds=1)).question == first


def test_suspending_from_the_review_page_shows_the_next_card_and_offers_unsuspend(user_client, user, questions):
    first = review_queue_for_user(user=user).question
    page = user_client.post(reverse("review:suspend", args=[first.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert f'data-question="{first.pk}"' not in page and "1 suspended or buried" in page
    assert reverse("review:unsuspend", args=[first.pk]) in page
    assert QuestionHold.objects.get(user=user, question=first).suspended


def test_review_highlights_a_programs_code_and_shows_only_the_shortcuts_that_apply(user_client, user):
    snippet = SnippetFactory(
        question=QuestionFactory(is_tricky=True), solution_code="package main\n\nfunc main() {\n\tprintln(1)\n}\n"
    )
    page = user_client.get(reverse("review:queue"), {"question": snippet.question_id}).content.decode()
    program = page[page.index('id="review-program"') : page.index("</div>", page.index('id="review-program"'))]
    assert 'class="highlight"' in program
    legend = page[page.index('class="shortcuts"') : page.index("</aside>", page.index('class="shortcuts"'))]
    assert "rate" not in legend and "show the answer" not in legend  # a prediction comes first
