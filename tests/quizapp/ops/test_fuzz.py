"""Hostile input on every route and form: whatever is sent, the answer is never a 5xx.

Every URL pattern of the site is requested with GET and POST, as a visitor and as a member, with
and without htmx, with form fields drawn from every form of the project (plus the auth views'
fields) filled with NUL bytes, 300-character strings, huge numbers, foreign URLs and random text.
QUIZAPP_FUZZ_EXAMPLES sets how many requests (default 2,000). Choice fields (a language, a checker, a
rating...) get their valid values as often as nasty ones, so that a form can pass and the view go deeper;
and every route is sent every choice field with unknown values, one by one, whatever hypothesis draws.
"""

import importlib
import itertools
import os
import pkgutil
import re
import uuid

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.choices import CallableChoiceIterator
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import quizapp
from quizapp.practice import services as practice_services
from tests.factories import (
    PartFactory, PythonExerciseFactory, QuestionFactory, SnippetFactory, SubmissionFactory, UserFactory,
)

EXAMPLES = int(os.environ.get("QUIZAPP_FUZZ_EXAMPLES", 2000))
AUTH_FIELDS = {"username", "password", "password1", "password2", "email", "old_password", "new_password1",
               "new_password2", "next", "token", "theme", "q", "page", "bookmarked", "csrfmiddlewaretoken"}
NASTY = [
    "", " ", "\x00", "a\x00b", "x" * 300, "é" * 200, "-1", "0", "1", "2", "99999999999999999999999", "1e309",
    "NaN", "foo", "//evil.example/", "https://evil.example/", "javascript:alert(1)", "/", "/\x00", "../../etc",
    "%00", "<script>alert(1)</script>", "' OR 1=1 --", "2026-13-45", "on", "true", "python", "go", "prints",
    "panic", "compile_error", "dark", "auto", str(uuid.UUID(int=1)), "\r\nSet-Cookie: x=1",
]


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, pending = [], [forms.BaseForm]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("quizapp."):
            found.append(form)
    return found


def project_form_fields() -> set[str]:
    return {name for form in project_forms() for name in getattr(form, "base_fields", {})}


def choice_values() -> dict[str, list[str]]:
    """Each choice field's valid values (choices read from the database excepted: model choices and
    callables, whose rows exist only in a test)."""
    values: dict[str, set[str]] = {}
    for form in project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            from_database = isinstance(field, forms.ModelChoiceField) or isinstance(
                getattr(field, "choices", None), CallableChoiceIterator)
            if isinstance(field, forms.ChoiceField) and not from_database:
                values.setdefault(name, set()).update(str(value) for value, _ in field.choices if value != "")
    return {name: sorted(found) for name, found in values.items() if found}


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
CHOICES = choice_values()
UNKNOWN_CHOICES = ["", "../../etc/passwd", "no-such-choice", "\x00"]


def field_value(name: str):
    drawn = st.one_of(text, st.lists(text, max_size=3))
    return st.one_of(st.sampled_from(CHOICES[name]), drawn) if name in CHOICES else drawn


form_data = st.lists(st.sampled_from(FIELDS), max_size=7, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({name: field_value(name) for name in names}))
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
    snippet = SnippetFactory(question=question)
    member = UserFactory()
    practice = practice_services.practice_start(
        user=member, parts=[], size=1, seconds_per_question=60, seconds_total=600, idempotency_key="fuzz"
    )
    visitor, signed_in = Client(raise_request_exception=False), Client(raise_request_exception=False)
    signed_in.force_login(member)
    exercise = PythonExerciseFactory()
    params = {"question_id": question.pk, "part_id": part.pk, "session_id": practice.pk, "slug": exercise.slug,
              "series": question.series, "number": question.number, "language": snippet.language,
              "topic": snippet.topic or "slices", "submission_id": SubmissionFactory(user=member).pk}
    return {False: visitor, True: signed_in}, params


@pytest.mark.slow
@hypothesis_settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_route_answers_a_5xx_to_any_input(site, data):
    route = data.draw(st.sampled_from(sorted(set(url_patterns()))), label="route")
    path = concrete(route, data.draw)
    client = site[0][data.draw(st.booleans(), label="signed in")]
    headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    fields = data.draw(form_data, label="fields")
    if data.draw(st.booleans(), label="post"):
        response = client.post(path, fields, **headers)
    else:
        response = client.get(path, fields, **headers)
    readiness = route == "healthz" and response.status_code == 503  # its meaning: no worker in this test
    assert response.status_code < 500 or readiness, (response.status_code, path, fields, response.content[:500])


@pytest.mark.slow
@pytest.mark.parametrize("route", sorted(set(url_patterns())))
def test_no_route_answers_a_5xx_to_an_unknown_choice(site, route):
    """Each choice field gets each unknown value while every other field is valid, so the form fails on
    that value alone and the page that re-renders it meets it."""
    clients, params = site
    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda match: str(params.get(match.group(2), "1")), route)
    valid = {name: values[0] for name, values in CHOICES.items()} | {"code": "print(1)\n", "language": "python"}
    failures = []
    for signed_in, htmx, method, name, unknown in itertools.product(
        (False, True), (False, True), ("get", "post"), sorted(CHOICES), UNKNOWN_CHOICES[:2],
    ):
        fields = {**valid, name: unknown}
        response = getattr(clients[signed_in], method)(path, fields, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        readiness = route == "healthz" and response.status_code == 503
        if response.status_code >= 500 and not readiness:
            failures.append((method, signed_in, htmx, name, unknown, response.status_code))
    assert not failures, failures
