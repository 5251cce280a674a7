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


def test_my_notes_lists_bookmarks_and_notes_and_searches_within_them(user, other_user, questions):
    from quizapp.notes.selectors import notes_for_user
    from quizapp.notes.services import bookmark_set, note_save

    bookmark_set(user=user, question=questions[1], bookmarked=True)
    note_save(user=user, question=questions[2], text="the bulkhead trick")
    note_save(user=user, question=questions[3], text="")
    note_save(user=other_user, question=questions[4], text="bulkhead too")
    assert {note.question for note in notes_for_user(user=user)} == {questions[1], questions[2]}
    assert [note.question for note in notes_for_user(user=user, kind="bookmarked")] == [questions[1]]
    assert [note.question for note in notes_for_user(user=user, query="bulkhead")] == [questions[2]]
    assert questions[1] in [note.question for note in notes_for_user(user=user, query=questions[1].title)]


def test_question_marks_say_which_questions_are_bookmarked_or_noted(user, questions):
    from django.contrib.auth.models import AnonymousUser

    from quizapp.notes.selectors import question_marks
    from quizapp.notes.services import bookmark_set, note_save

    bookmark_set(user=user, question=questions[0], bookmarked=True)
    note_save(user=user, question=questions[1], text="x")
    marks = question_marks(user=user)
    assert marks.bookmarked == {questions[0].pk} and marks.noted == {questions[1].pk}
    assert not question_marks(user=AnonymousUser()).bookmarked
