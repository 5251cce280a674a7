"""A program's output may hold NUL bytes: stored losslessly on both databases (PostgreSQL text
cannot hold NUL) and shown visibly on the page (finding 7 of issue 15)."""

import pytest
from django.urls import reverse

from quizapp.worker import tasks
from quizapp.runs.fields import ESCAPED
from quizapp.runs.models import Submission
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_program_printing_nul_bytes_is_recorded_byte_for_byte(client, redis_url):
    client.post(reverse("runs:create"), {"code": "import sys\nprint('a\\0b\\\\0c')\nsys.stderr.write('\\0')\n",
                                         "language": "python"}, **HTMX)
    submission = Submission.objects.get()
    tasks.submission_run(submission.pk)  # the real task, the real sandbox
    submission.refresh_from_db()
    assert (submission.status, submission.verdict) == ("done", "OK")
    assert submission.stdout == "a\x00b\\0c\n"
    assert submission.stderr == "\x00"
    body = client.get(submission.get_absolute_url(), **HTMX).content.decode()
    assert 'a<span class="nul" title="NUL byte (\\0)">\u2400</span>b\\0c' in body


@pytest.mark.parametrize("text", ["plain", "back\\slash \\0", "\x00", "x\x00\\0\\\x00", ESCAPED + "old", ""])
def test_outputs_round_trip_through_the_database(session_key, text):
    submission = SubmissionFactory(session_key=session_key, language="python", code="pass")
    Submission.objects.filter(pk=submission.pk).update(stdout=text, stderr=text, diff=text, message=text)
    submission.refresh_from_db()
    assert (submission.stdout, submission.stderr, submission.diff, submission.message) == (text,) * 4
