import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quizapp.review.models import Card, Rating, ReviewLog
from tests.factories import QuestionFactory, SnippetFactory

pytestmark = pytest.mark.django_db


def sign_up(client, username="newcomer"):
    response = client.post(reverse("accounts:signup"), {
        "username": username, "email": f"{username}@example.com",
        "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
    })
    assert response.status_code == 302


def test_predictions_made_as_a_visitor_count_for_review_after_sign_up(client):
    right = SnippetFactory(question=QuestionFactory(is_tricky=True), expected_output="1\n")
    wrong = SnippetFactory(question=QuestionFactory(is_tricky=True), expected_output="2\n")
    for snippet, said in ((right, "1"), (wrong, "3"), (right, "1")):
        response = client.post(reverse("review:question_predict"), {
            "snippet": snippet.slug, "outcome": "prints", "prediction": said, "token": f"t-{snippet.pk}",
        })
        assert response.status_code == 200
    assert not ReviewLog.objects.exists()
    sign_up(client)
    logs = {log.question_id: log for log in ReviewLog.objects.all()}
    assert logs.keys() == {right.question_id, wrong.question_id}
    assert logs[right.question_id].rating == Rating.GOOD and logs[wrong.question_id].rating == Rating.AGAIN
    assert {log.source for log in logs.values()} == {ReviewLog.Source.PREDICTION}
    assert Card.objects.filter(user__username="newcomer").count() == 2
    client.logout()
    client.force_login(get_user_model().objects.get(username="newcomer"))
    assert ReviewLog.objects.count() == 2, "the kept predictions are claimed once"


def test_a_visitors_prediction_on_the_question_page_counts_after_sign_up(client):
    snippet = SnippetFactory(question=QuestionFactory(is_tricky=True), expected_output="1\n")
    question = snippet.question
    response = client.post(reverse("review:predict_question", args=[question.series, question.number]),
                           {"outcome": "prints", "prediction": "1", "token": "t-page"})
    assert response.status_code == 200
    sign_up(client, "pagecomer")
    log = ReviewLog.objects.get()
    assert log.question == question and log.rating == Rating.GOOD and log.source == ReviewLog.Source.PREDICTION
