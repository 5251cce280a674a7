"""Topic pages: all snippets of a topic, a difficulty filter, and the learner's mastery."""

import re

import pytest
from django.urls import reverse

from quizapp.review.models import Rating
from quizapp.review.services import review_record
from tests.factories import QuestionFactory, SnippetFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def deck(parts):
    """Three Go 'maps' snippets (difficulty 1, 2, 3), one 'slices', one without a topic."""
    made = {}
    for name, topic, difficulty in [("m1", "maps", 1), ("m2", "maps", 2), ("m3", "maps", 3),
                                    ("s1", "slices", 2), ("plain", "", None)]:
        question = QuestionFactory(part=parts[0], title=f"Question {name}", title_html=f"Question {name}",
                                   is_tricky=True)
        made[name] = SnippetFactory(slug=f"deck-{name}", question=question, topic=topic, difficulty=difficulty)
    return made


def test_topic_index_lists_topics_with_their_snippet_counts(client, deck):
    page = body(client.get(reverse("learning:topics")))
    assert "Maps" in page and "3 snippets" in page
    assert "Slices" in page and "1 snippet<" in page
    assert reverse("learning:topic", args=["go", "maps"]) in page
    assert "Closures" not in page  # no snippets: not listed


def test_topic_page_lists_all_its_snippets_in_difficulty_order(client, deck):
    page = body(client.get(reverse("learning:topic", args=["go", "maps"])))
    assert page.index("Question m1") < page.index("Question m2") < page.index("Question m3")
    assert "Question s1" not in page and "Question plain" not in page
    assert deck["m1"].question.get_absolute_url() in page


def test_difficulty_filter_keeps_only_that_difficulty(client, deck):
    page = body(client.get(reverse("learning:topic", args=["go", "maps"]), {"difficulty": "2"}))
    assert "Question m2" in page and "Question m1" not in page and "Question m3" not in page
    assert '>Easy</a>' in page and '<span class="badge difficulty" title="Difficulty">Medium</span>' in page
    empty = body(client.get(reverse("learning:topic", args=["go", "slices"]), {"difficulty": "3"}))
    assert "No hard snippets in this topic." in empty


def test_a_nonsense_difficulty_shows_everything(client, deck):
    response = client.get(reverse("learning:topic", args=["go", "maps"]), {"difficulty": "9'"})
    assert response.status_code == 200 and "Question m1" in body(response) and "Question m3" in body(response)


def test_unknown_topic_is_a_404(client, deck):
    assert client.get(reverse("learning:topic", args=["go", "walrus"])).status_code == 404
    assert client.get(reverse("learning:topic", args=["rust", "maps"])).status_code == 404


def test_topic_page_shows_what_the_learner_has_learned(user_client, user, deck):
    review_record(user=user, question=deck["m1"].question, rating=Rating.EASY, idempotency_key="a")
    review_record(user=user, question=deck["m2"].question, rating=Rating.AGAIN, idempotency_key="b")
    page = body(user_client.get(reverse("learning:topic", args=["go", "maps"])))
    rows = {slug: page[page.index(f'data-snippet="deck-{slug}"'):].split("</li>")[0] for slug in ("m1", "m2", "m3")}
    assert "Learned" in rows["m1"] and "Learning" in rows["m2"] and "New" in rows["m3"]
    index = body(user_client.get(reverse("learning:topics")))
    assert "1/3 learned" in index and "0/1 learned" in index


def test_dashboard_shows_mastery_per_topic(user_client, user, other_user, deck):
    review_record(user=user, question=deck["s1"].question, rating=Rating.EASY, idempotency_key="a")
    review_record(user=other_user, question=deck["m1"].question, rating=Rating.EASY, idempotency_key="b")
    page = body(user_client.get(reverse("learning:dashboard")))
    section = page[page.index("Mastery per topic"):page.index("Recent snippet runs")]
    assert "Slices" in section and "1/1 learned" in section
    assert "Maps" in section and "0/3 learned" in section


def test_topic_pages_use_a_fixed_number_of_queries(user_client, user, deck, django_assert_max_num_queries):
    for snippet in deck.values():
        review_record(user=user, question=snippet.question, rating=Rating.GOOD, idempotency_key=snippet.slug)
    with django_assert_max_num_queries(8):
        user_client.get(reverse("learning:topic", args=["go", "maps"]))
    with django_assert_max_num_queries(8):
        user_client.get(reverse("learning:topics"))


def test_question_page_links_its_snippet_to_the_topic_page(client, deck):
    page = body(client.get(deck["m2"].question.get_absolute_url()))
    assert f'href="{reverse("learning:topic", args=["go", "maps"])}">Maps</a>' in page
    assert '<span class="badge difficulty" title="Difficulty">Medium</span>' in page
    assert "badge topic" not in body(client.get(deck["plain"].question.get_absolute_url()))


def test_the_dashboard_shows_in_progress_and_the_weakest_topic_first_with_a_practice_button(user_client, user, deck):
    review_record(user=user, question=deck["m1"].question, rating=Rating.AGAIN, idempotency_key="a")
    review_record(user=user, question=deck["s1"].question, rating=Rating.GOOD, idempotency_key="b")
    page = body(user_client.get(reverse("learning:dashboard")))
    weakest = page[page.index('id="weakest-topics"'):page.index("Mastery per part")]
    assert weakest.index("Maps") < weakest.index("Slices")
    assert "missed 1 of 1 review" in weakest and 'name="topic" value="go:maps"' in weakest
    parts = page[page.index("Mastery per part"):page.index("Mastery per topic")]
    assert "2 in progress" in parts
    topics = page[page.index("Mastery per topic"):page.index('id="exercise-progress"')]
    assert "1 in progress · 0/3 learned" in topics


def test_the_dashboard_forecasts_the_next_seven_days(user_client, user, deck):
    review_record(user=user, question=deck["m1"].question, rating=Rating.GOOD, idempotency_key="a")
    page = body(user_client.get(reverse("learning:dashboard")))
    forecast = page[page.index('id="forecast"'):page.index("Review now")]
    assert forecast.count('class="forecast-count"') == 7 and "Today" in forecast
    assert sum(int(n) for n in re.findall(r'class="forecast-count"[^>]*>(\d+)<', forecast)) == 1
