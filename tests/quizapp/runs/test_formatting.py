"""Format: gofmt runs on a real worker in the sandbox; the web request waits for its answer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

MESSY = 'package main\nimport "fmt"\nfunc main(){\nfmt.Println( "hi" )\n}\n'


def test_format_returns_gofmt_output(client, celery_worker_process):
    answer = client.post(reverse("runs:format"), {"language": "go", "code": MESSY}).json()
    assert answer == {"code": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'}


def test_a_syntax_error_is_a_message_and_no_code(client, celery_worker_process):
    answer = client.post(reverse("runs:format"), {"language": "go", "code": "package main\nfunc main() {\n"}).json()
    assert set(answer) == {"error"} and answer["error"].startswith("main.go:")


def test_python_is_refused_without_queueing_anything(client, redis_url):
    answer = client.post(reverse("runs:format"), {"language": "python", "code": "print(1)\n"}).json()
    assert answer == {"error": "Python has no standard formatter."}


def test_bad_input_is_a_clear_error_not_a_500(client, redis_url):
    response = client.post(reverse("runs:format"), {"language": "cobol", "code": ""})
    assert response.status_code == 400 and "Choose a language" in response.json()["error"]
