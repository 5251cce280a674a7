"""Hostile input on every route and form: whatever is sent, the answer is never a 5xx.

Every URL pattern of the site is requested with GET and POST, as a visitor and as a member, with
and without htmx, with form fields drawn from every form of the project (plus the auth views'
fields) filled with NUL bytes, 300-character strings, huge numbers, foreign URLs and random text.
QUIZAPP_FUZZ_EXAMPLES sets how many requests (default 2,000).
"""

import importlib
import os
import pkgutil
import re
import uuid

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import quizapp
from quizapp.practice import services as practice_services
from tests.factories import PartFactory, PythonExerciseFactory, QuestionFactory, SnippetFactory, UserFactory

EXAMPLES = int(os.environ.get("QUIZAPP_FUZZ_EXAMPLES", 2000))
AUTH_FIELDS = {"username", "password", "password1", "password2", "email", "old_password", "new_password1",
               "new_password2", "next", "token", "theme", "q", "page", "bookmarked", "csrfmiddlewaretoken"}
NASTY = [
    "", " ", "\x00", "a\x00b", "x" * 300, "é" * 200, "-1", "0", "1", "2", "99999999999999999999999", "1e309",
    "NaN", "foo", "//evil.example/", "https://evil.example/", "javascript:alert(1)", "/", "/\x00", "../../etc",
    "%00", "<script>alert(1)</script>", "' OR 1=1 --", "2026-13-45", "on", "true", "python", "go", "prints",
    "panic", "compile_error", "dark", "auto", str(uuid.UUID(int=1)), "\r\nSet-Cookie: x=1",
]


def project_form_fields() -> set[str]:
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    names, pending = set(), [forms.BaseForm]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("quizapp."):
            names.update(getattr(form, "base_fields", {}))
    return names


def url_patterns(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


FIELDS = sorted(project_form_fields() | AUTH_FIELDS)
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
form_data = st.dictionaries(st.sampled_from(FIELDS), st.one_of(text, st.lists(text, max_size=3)), max_size=7)
path_number = st.one_of(st.sampled_from(["1", "2", "3"]), st.integers(min_value=0, max_value=10**20).map(str))
path_word = st.one_of(st.sampled_from(["go", "python", "snippet-0", "x"]), st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z"))


def concrete(route: str, draw) -> str:
    def fill(match):
        converter = match.group(1) or "str"
        return draw(path_number if converter == "int" else path_word)

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route).lstrip("^").rstrip("$")


@pytest.fixture
def site(db):
    part = PartFactory()
    question = QuestionFactory(part=part)
    SnippetFactory(question=question)
    PythonExerciseFactory()
    member = UserFactory()
    practice_services.practice_start(
        user=member, parts=[], size=1, seconds_per_question=60, seconds_total=600, idempotency_key="fuzz"
    )
    visitor, signed_in = Client(raise_request_exception=False), Client(raise_request_exception=False)
    signed_in.force_login(member)
    return {False: visitor, True: signed_in}


@pytest.mark.slow
@hypothesis_settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_route_answers_a_5xx_to_any_input(site, data):
    route = data.draw(st.sampled_from(sorted(set(url_patterns()))), label="route")
    path = concrete(route, data.draw)
    client = site[data.draw(st.booleans(), label="signed in")]
    headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    fields = data.draw(form_data, label="fields")
    if data.draw(st.booleans(), label="post"):
        response = client.post(path, fields, **headers)
    else:
        response = client.get(path, fields, **headers)
    readiness = route == "healthz" and response.status_code == 503  # its meaning: no worker in this test
    assert response.status_code < 500 or readiness, (response.status_code, path, fields, response.content[:500])
