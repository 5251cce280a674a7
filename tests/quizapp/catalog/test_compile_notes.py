"""The "as written, it does not compile" note is computed on every install, not only by verify_snippets."""

import re

import pytest
from django.conf import settings

from quizapp.catalog.models import Snippet
from quizapp.catalog.services import content_import
from quizapp.catalog.verification_services import compile_notes_record
from tests.support.processes import wait_until
from tests.factories import SnippetFactory

NOT_COMPILING = 'package main\n\nfunc main() {\n\tx := 1\n}\n'


@pytest.mark.django_db
def test_a_missing_note_is_compiled_and_stored():
    snippet = SnippetFactory(document_code=NOT_COMPILING)
    assert compile_notes_record() == 1
    snippet.refresh_from_db()
    assert "declared and not used" in snippet.document_compile_output
    assert compile_notes_record() == 0  # nothing left to do


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_importing_the_content_queues_the_notes_for_a_worker(celery_worker_process):
    content_import(paths=[settings.CONTENT_DIR])
    snippet = Snippet.objects.get(question__series="go", question__number=1029, kind=Snippet.Kind.TRICKY)
    assert snippet.document_code and not snippet.document_compile_output
    def noted():
        snippet.refresh_from_db()
        return snippet.document_compile_output

    wait_until(noted, 90, "the compiler's note for 1029", interval=0.2)
    assert re.search(r"\.go:\d+:\d+: ", snippet.document_compile_output), snippet.document_compile_output
