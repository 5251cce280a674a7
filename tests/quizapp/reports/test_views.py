import pytest
from django.urls import reverse

from quizapp.reports.models import ProblemReport
from tests.factories import PythonExerciseFactory, QuestionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_report_on_an_exercise_keeps_the_learners_run_and_is_acknowledged(user_client, user):
    exercise = PythonExerciseFactory(slug="sum-reported", question=QuestionFactory())
    run = SubmissionFactory(user=user, snippet=exercise)
    response = user_client.post(reverse("reports:create"), {
        "snippet": exercise.slug, "reason": "wrong_answer", "text": "  6 is not the sum  "}, **HTMX)
    assert response.status_code == 200 and "your report is received" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.user, report.snippet, report.question, report.submission) == (user, exercise, exercise.question, run)
    assert report.text == "6 is not the sum" and report.status == ProblemReport.Status.NEW


def test_a_report_without_a_reason_says_what_to_do_and_records_nothing(client):
    question = QuestionFactory()
    response = client.post(reverse("reports:create"), {"question": question.pk, "text": "hm"}, **HTMX)
    assert response.status_code == 400 and "Choose what is wrong." in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_visitor_sees_their_report_marked_fixed(client, admin_client):
    question = QuestionFactory()
    client.post(reverse("reports:create"), {"question": question.pk, "reason": "unclear"})
    assert "Received" in client.get(reverse("reports:mine")).content.decode()
    report = ProblemReport.objects.get()
    queue = admin_client.get(reverse("admin:reports_problemreport_changelist")).content.decode()
    assert "The explanation is unclear" in queue
    admin_client.post(reverse("admin:reports_problemreport_changelist"),
                      {"action": "mark_fixed", "_selected_action": [report.pk]})
    mine = client.get(reverse("reports:mine")).content.decode()
    assert "Fixed" in mine and question.get_absolute_url() in mine


def test_the_exercise_page_offers_to_report_a_problem(client):
    exercise = PythonExerciseFactory(slug="sum-offered")
    page = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert 'id="report-problem"' in page and f'name="snippet" value="{exercise.slug}"' in page


def test_a_question_offers_to_report_a_problem_once_its_answer_is_shown(client):
    question = QuestionFactory()
    hidden = client.get(question.get_absolute_url()).content.decode()
    shown = client.get(question.get_absolute_url() + "?answer=1").content.decode()
    assert 'id="report-problem"' not in hidden
    assert 'id="report-problem"' in shown and f'name="question" value="{question.pk}"' in shown
