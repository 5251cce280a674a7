"""The site's own 404, 500 and 503 pages, in its layout, for people and htmx requests."""

import pytest
from django.db import connection
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_sites_layout(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and 'class="site-header"' in body


@pytest.mark.django_db
def test_a_404_carries_the_sites_whole_navigation(user_client, user):
    visitor = Client().get("/no-such-page/").content.decode()
    nav = visitor[visitor.index('id="site-nav"'):visitor.index("</nav>", visitor.index('id="site-nav"'))]
    assert all(words in nav for words in ("Parts", "Topics", "Exercises", "Log in", "Sign up"))
    member = user_client.get("/no-such-page/").content.decode()
    nav = member[member.index('id="site-nav"'):member.index("</nav>", member.index('id="site-nav"'))]
    assert all(words in nav for words in ("Review", "Practice", "Dashboard", user.username, "Log out"))


@pytest.mark.django_db
def test_an_htmx_request_for_a_missing_page_gets_only_the_message(client):
    response = client.get("/no-such-page/", **HTMX)
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "<html" not in body


@pytest.fixture
def database_down(transactional_db):
    """Every new database connection fails, as when the server is stopped or unreachable."""
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/quizapp.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(original)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_database_down_is_a_503_saying_what_is_paused_and_that_nothing_is_lost(database_down, htmx):
    client = Client(raise_request_exception=False)
    response = client.get("/", **(HTMX if htmx else {}))
    body = response.content.decode()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "database is not answering" in body and "Nothing you typed is lost" in body
    assert ("<html" in body) is not htmx


def test_an_unexpected_error_is_a_500_in_the_sites_layout(rf):
    from quizapp.ops.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/somewhere/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and 'class="site-header"' in body
