import pytest

from quizapp.catalog.selectors import question_search
from quizapp.notes.selectors import bookmarked_questions
from quizapp.notes.services import bookmark_set

pytestmark = pytest.mark.django_db


def test_bookmarked_filter(user, questions):
    bookmark_set(user=user, question=questions[1], bookmarked=True)
    bookmark_set(user=user, question=questions[2], bookmarked=True)
    bookmark_set(user=user, question=questions[2], bookmarked=False)
    bookmarks = bookmarked_questions(user=user)
    assert [hit.question for hit in question_search(query="", among=bookmarks).hits] == [questions[1]]
    assert [hit.question for hit in question_search(query="thing", among=bookmarks).hits] == [questions[1]]
