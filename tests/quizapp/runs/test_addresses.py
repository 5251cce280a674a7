import pytest
from django.test import RequestFactory

from quizapp.runs.addresses import client_address


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_forwarded_header_is_never_believed(settings):
    settings.TRUSTED_PROXIES = frozenset()
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded, seen", [
    ("203.0.113.1", "203.0.113.1"),
    ("10.9.9.9, 203.0.113.1", "203.0.113.1"),  # what the client wrote itself comes first: ignored
    ("203.0.113.1, 127.0.0.1", "203.0.113.1"),  # a chain of trusted proxies is skipped
    ("not-an-address", "127.0.0.1"),
    ("", "127.0.0.1"),
])
def test_a_trusted_proxy_names_the_client_it_forwards(settings, forwarded, seen):
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert client_address(request_from("127.0.0.1", forwarded)) == seen


def test_a_client_that_is_not_the_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"
