"""Every URL that accepts a POST refuses one without the CSRF token."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {"int": "1", "slug": "go", "str": "x", "path": "x", "uuid": str(uuid.uuid4())}


def route_urls(patterns, prefix: str = ""):
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # the admin's regex routes are covered by the admin's own CSRF handling
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from route_urls(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], route)


def test_every_post_without_a_csrf_token_is_refused(seeded_catalog):
    user = get_user_model().objects.create_user("csrf", "csrf@example.org", "a long enough password")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    checked = []
    for url in sorted(set(route_urls(get_resolver().url_patterns))):
        status = client.post(url, {"anything": "1"}).status_code
        if status in {404, 405}:
            continue
        checked.append(url)
        assert status == 403, f"POST {url} without a CSRF token answered {status}"
    assert len(checked) >= 15, checked
    assert "/admin/login/" in checked
