"""The question page, practice and review give the same verdict for the same prediction."""

import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from quizapp.catalog.models import Question, Snippet
from quizapp.practice.services import practice_answer, practice_start
from quizapp.review.models import ReviewLog
from quizapp.review.services import prediction_record, review_predict
from tests.factories import QuestionFactory, SnippetFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES = [
    # (checker, checker_arg, expected output, outcome, prediction)
    ("trailing_ws", "", "1\n2\n", "prints", "1\n2   \n"),
    ("trailing_ws", "", "1\n2\n", "prints", "2\n1\n"),
    ("exact", "", "1\n2\n", "prints", "1\n2"),
    ("whitespace", "", "1 2\n", "prints", "1\n2"),
    ("unordered_lines", "", "a 1\nb 2\n", "prints", "b 2\na 1"),
    ("unordered_lines", "", "a 1\nb 2\n", "prints", "a 1\n"),
    ("regex", r"0x[0-9a-f]+", "", "prints", "0xc000010000"),
    ("trailing_ws", "", "1\n", "panic", ""),
    ("compile_error", "declared and not used", "", "compile_error", ""),
    ("compile_error", "declared and not used", "", "prints", "0"),
    ("panic", "close of nil channel", "", "panic", ""),
    ("panic", "close of nil channel", "", "compile_error", ""),
]


def tricky_snippet(**fields):
    return SnippetFactory(question=QuestionFactory(is_tricky=True), **fields)


def question_page_verdict(user, snippet, outcome, text) -> bool:
    return prediction_record(
        user=user, snippet=snippet, outcome=outcome, text=text, idempotency_key=f"prediction:{uuid.uuid4()}"
    ).correct


def practice_verdict(user, snippet, outcome, text) -> bool:
    session = practice_start(
        user=user, parts=[snippet.question.part], size=1, seconds_per_question=60, seconds_total=600,
        idempotency_key=uuid.uuid4().hex,
    )
    session.items.update(question=snippet.question)  # the part may hold other questions
    session = practice_answer(session=session, position=0, answer=text, outcome=outcome)
    return session.items.get().prediction_correct


def review_verdict(user, snippet, outcome, text) -> bool:
    question = snippet.question
    return review_predict(
        user=user, question=question, outcome=outcome, text=text, idempotency_key=uuid.uuid4().hex
    ).correct


@pytest.mark.parametrize(("checker", "arg", "expected", "outcome", "text"), CASES)
def test_every_place_gives_the_same_verdict(checker, arg, expected, outcome, text):
    snippet = tricky_snippet(checker=checker, checker_arg=arg, expected_output=expected)
    user = UserFactory()
    verdicts = {
        place(user, snippet, outcome, text) for place in (question_page_verdict, practice_verdict, review_verdict)
    }
    assert len(verdicts) == 1


def test_a_review_prediction_rates_the_card_good_when_right_and_again_when_wrong():
    snippet = tricky_snippet(expected_output="1\n")
    user = UserFactory()
    review_predict(user=user, question=snippet.question, outcome="prints", text="1", idempotency_key="a")
    review_predict(user=user, question=snippet.question, outcome="panic", text="", idempotency_key="b")
    logs = ReviewLog.objects.filter(user=user, source=ReviewLog.Source.REVIEW).order_by("id")
    assert [log.rating for log in logs] == [3, 1]


@pytest.fixture
def python_pack(db):
    from quizapp.catalog.services import content_import

    report = content_import(paths=[settings.CONTENT_DIR])
    assert not report.errors, report.errors
    return Question.objects.get(series="python", number=5)


def test_true_is_the_right_answer_to_false_equals_false_in_list_of_false_everywhere(python_pack, client):
    question = python_pack
    snippet = Snippet.objects.get(question=question, kind=Snippet.Kind.TRICKY)
    user = UserFactory()
    assert question_page_verdict(user, snippet, "prints", "True")
    assert practice_verdict(user, snippet, "prints", "True")
    assert review_verdict(user, snippet, "prints", "True")
    client.force_login(user)
    page = client.post(
        reverse("review:predict", args=[question.pk]), {"outcome": "prints", "prediction": "True", "token": "t-1"}
    ).content.decode()
    assert "<strong>Right.</strong>" in page and "chained comparison" in page


def test_a_prediction_for_a_question_the_review_does_not_show_as_tricky_is_refused_not_a_500(client):
    snippet = SnippetFactory(question=QuestionFactory(is_tricky=False), kind=Snippet.Kind.TRICKY)
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("review:predict", args=[snippet.question.pk]), {"outcome": "prints", "prediction": "1", "token": "t-2"}
    )
    assert response.status_code == 200  # the review card again, with no prediction box to fill
    assert 'data-question="%d"' % snippet.question.pk in response.content.decode()
    assert not ReviewLog.objects.filter(user=user).exists()
