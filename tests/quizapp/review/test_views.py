import re

import pytest
from django.urls import reverse

from quizapp.review.models import Card, ReviewLog

pytestmark = pytest.mark.django_db


HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response) -> str:
    return response.content.decode()


def test_question_page_offers_rating_after_reveal_only_to_members(client, user, questions):
    url = questions[0].get_absolute_url() + "?answer=1"
    assert "Log in</a> or" in body(client.get(url, **HTMX))
    client.force_login(user)
    panel = body(client.get(url, **HTMX))
    assert 'data-shortcut="1"' in panel and 'data-shortcut="4"' in panel
    assert 'data-shortcut="1"' not in body(client.get(questions[0].get_absolute_url()))


def test_double_clicked_rating_records_one_review(user_client, user, questions):
    url = reverse("review:question_rate", args=[questions[0].pk])
    for _ in range(2):
        response = user_client.post(url, {"rating": 3, "token": "reveal-abc"}, **HTMX)
        assert response.status_code == 200 and "Saved: <strong>Good</strong>" in body(response)
    assert ReviewLog.objects.filter(user=user).count() == 1


def test_a_bad_rating_is_refused_with_a_message(user_client, questions):
    response = user_client.post(
        reverse("review:question_rate", args=[questions[0].pk]), {"rating": 9, "token": "t"}, **HTMX
    )
    assert "Choose Again, Hard, Good or Easy" in body(response)
    assert not ReviewLog.objects.exists()


def test_review_page_reveals_rates_and_moves_on(user_client, user, questions):
    page = body(user_client.get(reverse("review:queue")))
    assert questions[0].title_html in page and 'New today <strong id="new-count">8' in page
    revealed = body(user_client.get(reverse("review:queue") + f"?answer=1&question={questions[0].pk}", **HTMX))
    assert "<html" not in revealed and "It is a thing" in revealed
    token = re.search(r'name="token" value="(\w+)"', revealed).group(1)
    after = user_client.post(reverse("review:rate", args=[questions[0].pk]), {"rating": 4, "token": token}, **HTMX)
    assert questions[1].title_html in body(after) and 'Learned <strong id="learned-count">1' in body(after)
    assert Card.objects.get(user=user).question == questions[0]


def test_a_bad_deck_choice_is_named_and_the_rest_of_the_deck_applies(user_client, questions):
    response = user_client.get(reverse("review:queue"), {"part": "x", "cards": "sideways", "tricky": "on"})
    assert response.status_code == 200
    assert "Select a valid choice" in body(response)
    assert '<details class="deck-choice" open>' in body(response)  # the error is in sight
    assert "All parts · all languages · due and new · tricky snippets only</span>" in body(response)


def test_the_deck_chooser_is_closed_and_says_the_deck_in_words(user_client, questions):
    page = body(user_client.get(reverse("review:queue")))
    assert '<details class="deck-choice">' in page
    assert '<span id="deck-summary">All parts · all languages · due and new</span>' in page
    part = questions[0].part
    chosen = body(user_client.get(reverse("review:queue"), {"part": part.pk, "language": "go", "cards": "due",
                                                            "bookmarked": "on"}, **HTMX))
    assert "<html" not in chosen  # the card, and the chooser's words swapped beside it
    assert (f'<span id="deck-summary" hx-swap-oob="true">{part} · Go · due only · bookmarked only</span>'
            in chosen)


def test_revealed_card_shows_an_interval_on_each_button(user_client, questions):
    page = body(user_client.get(reverse("review:queue"), {"answer": "1", "question": questions[0].pk}, **HTMX))
    assert re.findall(r'class="interval" data-rating="(\d)">([^<]+)<', page) == [
        ("1", "1m"),
        ("2", "6m"),
        ("3", "10m"),
        ("4", "8d"),
    ]


def test_undo_of_a_rating_that_is_not_the_latest_is_refused_politely(user_client, user, questions):
    for index, key in enumerate(["a", "b"]):
        user_client.post(reverse("review:rate", args=[questions[index].pk]), {"rating": 3, "token": key}, **HTMX)
    first = ReviewLog.objects.filter(user=user).order_by("reviewed_at").first()
    response = user_client.post(reverse("review:undo", args=[first.pk]), **HTMX)
    assert response.status_code == 200 and "Only your latest rating can be undone" in body(response)
    assert ReviewLog.objects.filter(user=user).count() == 2


HTMX_PREDICT = {"HTTP_HX_REQUEST": "true"}


def test_a_prediction_right_for_go_1_21_is_answered_as_such_with_the_comparison_one_click_away(client, seeded_catalog):
    url = reverse("review:predict_question", args=["go-deck", 31])
    body = client.post(url, {"outcome": "prints", "prediction": "3 3 3\n", "token": "t1"}, **HTMX_PREDICT)
    body = body.content.decode()
    assert "Right for Go 1.21: not quite for Go 1.27." in body
    assert "Your prediction" in body and "What it really prints on Go 1.27" in body
    assert 'id="version-compare-button"' in body and 'name="compare" value="1"' in body
    assert "data-autorun" in body and 'id="explanation"' in body
    right = client.post(url, {"outcome": "prints", "prediction": "0 1 2\n", "token": "t2"}, **HTMX_PREDICT)
    right = right.content.decode()
    assert '<h2 class="grade-verdict" id="see-heading" tabindex="-1">Right.</h2>' in right


def test_just_show_me_shows_the_outcome_without_grading(client, seeded_catalog):
    url = reverse("review:predict_question", args=["go", 1028])
    body = client.post(url, {"reveal": "1"}, **HTMX_PREDICT).content.decode()
    assert "What it really does" in body and "[1 4 3]" in body
    assert "grade-verdict" not in body


def test_once_the_outcome_shows_the_prediction_form_goes(client, seeded_catalog):
    """A prediction checked after the answer is on the page would grade nothing the learner worked out."""
    url = reverse("review:predict_question", args=["go", 1028])
    settled = '<div id="predict-form" hidden hx-swap-oob="true"></div>'
    for data in ({"reveal": "1"}, {"outcome": "prints", "prediction": "[1 2 3]", "token": "t3"}):
        assert settled in client.post(url, data, **HTMX_PREDICT).content.decode()
        page = client.post(url, data).content.decode()  # without JavaScript: the whole page
        assert 'id="check-prediction"' not in page and 'id="prediction-text"' not in page
        assert 'hx-swap-oob' not in page
    assert 'id="check-prediction"' in client.get(reverse("catalog:question", args=["go", 1028])).content.decode()


def test_a_prediction_without_an_outcome_is_a_400_that_keeps_the_text(client, seeded_catalog):
    url = reverse("review:predict_question", args=["go", 1028])
    response = client.post(url, {"outcome": "nonsense", "prediction": "[9]"}, **HTMX_PREDICT)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose what the program does." in body and "[9]" in body and "[1 4 3]" not in body


def test_without_javascript_a_prediction_returns_the_whole_page_with_the_verdict(client, seeded_catalog):
    url = reverse("review:predict_question", args=["go", 1028])
    body = client.post(url, {"outcome": "prints", "prediction": "[1 2 3]"}).content.decode()
    assert "<html" in body and "Not quite: it prints [1 4 3]." in body
    assert '<section id="play" class="play" aria-labelledby="play-heading">' in body


def test_a_theory_question_has_nothing_to_predict(client, seeded_catalog):
    assert client.post(reverse("review:predict_question", args=["go", 961]), {"outcome": "prints"}).status_code == 404
