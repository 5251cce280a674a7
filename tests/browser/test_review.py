"""Review like Anki: intervals on the buttons, undo, decks, a queue that refreshes itself."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from quizapp.catalog.models import Question
from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.scheduling import interval_label
from quizapp.review.services import review_record

pytestmark = [pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone"])
def member(request, page, live_server, seeded_catalog):
    """A signed-in learner's page, on a desktop or a 390×844 phone."""
    if request.param == "phone":
        page.set_viewport_size(PHONE)
    user = get_user_model().objects.create_user("ada", "ada@example.com", "a-long-pass-phrase")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a-long-pass-phrase")
    page.click("button[type=submit]:has-text('Log in')")
    page.goto("/review/")
    page.user = user
    return page


def reveal(page):
    page.locator("#show-answer").click()
    expect(page.locator("#review-card .answer")).to_be_visible()


def test_the_buttons_show_the_intervals_the_scheduler_then_sets(member):
    question_id = int(member.locator("#review-card article").get_attribute("data-question"))
    reveal(member)
    shown = {rating: member.locator(f".interval[data-rating='{rating}']").inner_text() for rating in range(1, 5)}
    assert shown[1] == "1m" and shown[3] == "10m"
    member.locator("button.rate-good").click()
    expect(member.locator("#review-card article")).not_to_have_attribute("data-question", str(question_id))
    log = ReviewLog.objects.get(user=member.user, question_id=question_id)
    assert interval_label(log.due_after - log.reviewed_at) == shown[3]

    # A card in review: its intervals are days, and Good sets what Good showed.
    card = Card.objects.get(user=member.user, question_id=question_id)
    for days_ago in (9, 4):
        review_record(user=member.user, question=card.question, rating=Rating.GOOD,
                      idempotency_key=f"past-{days_ago}", now=timezone.now() - timedelta(days=days_ago))
    Card.objects.filter(pk=card.pk).update(due=timezone.now() - timedelta(hours=1))
    member.goto(f"/review/?question={question_id}&answer=1")
    good = member.locator(".interval[data-rating='3']").inner_text()
    assert good[-1] != "m" or good.endswith("mo"), good
    member.locator("button.rate-good").click()
    expect(member.locator("#undo")).to_be_visible()
    latest = ReviewLog.objects.filter(user=member.user).order_by("-reviewed_at").first()
    assert interval_label(latest.due_after - latest.reviewed_at) == good


def test_undo_restores_the_card_and_the_log(member):
    question_id = member.locator("#review-card article").get_attribute("data-question")
    reveal(member)
    member.locator("button.rate-easy").click()
    expect(member.locator("#review-card article")).not_to_have_attribute("data-question", question_id)
    assert ReviewLog.objects.filter(user=member.user).count() == 1
    member.locator("#undo").click()
    expect(member.locator("#review-card article")).to_have_attribute("data-question", question_id)
    expect(member.locator("#undo")).to_have_count(0)
    assert not ReviewLog.objects.filter(user=member.user).exists()
    assert not Card.objects.filter(user=member.user).exists(), "the question is new again"


def test_a_deck_of_tricky_snippets_only(member):
    """The deck chooser is one closed line above the card (Anki shows the card first); opened, its
    choices apply at once and its line says the new deck."""
    expect(member.locator("input[name=tricky]")).to_be_hidden()
    expect(member.locator("#deck-summary")).to_have_text("All parts · all languages · due and new")
    member.locator(".deck-choice > summary").click()
    member.check("input[name=tricky]")
    expect(member.locator("#review-card .badge.tricky")).to_be_visible()
    expect(member.locator("#deck-summary")).to_have_text(
        "All parts · all languages · due and new · tricky snippets only"
    )
    question_id = int(member.locator("#review-card article").get_attribute("data-question"))
    assert Question.objects.get(pk=question_id).is_tricky


def test_space_on_a_focused_control_presses_that_control_not_the_shortcut(member):
    """Space is the 'Show answer' shortcut, but a keyboard user on the deck chooser or on 'Suspend'
    means that control."""
    member.locator(".deck-choice > summary").focus()
    member.keyboard.press("Space")
    expect(member.locator(".deck-choice")).to_have_attribute("open", "")
    expect(member.locator("#review-card .answer")).to_have_count(0)
    member.locator(".deck-choice > summary").press("Space")
    expect(member.locator(".deck-choice")).not_to_have_attribute("open", "")
    member.evaluate("document.activeElement.blur()")
    member.keyboard.press("Space")  # nothing focused: the shortcut
    expect(member.locator("#review-card .answer")).to_be_visible()


def test_an_empty_queue_shows_the_next_card_when_it_falls_due(member):
    question = Question.objects.order_by("series", "number").first()
    review_record(user=member.user, question=question, rating=Rating.AGAIN, idempotency_key="again-now")
    Card.objects.filter(user=member.user).update(due=timezone.now() + timedelta(seconds=3))
    member.goto("/review/?cards=due")
    expect(member.locator(".review-done")).to_contain_text("less than a minute")
    expect(member.locator("#review-card article")).to_have_attribute("data-question", str(question.pk), timeout=15_000)
