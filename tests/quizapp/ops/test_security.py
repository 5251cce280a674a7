import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client, seeded_catalog):
    response = client.get(reverse("catalog:question", args=["go", 961]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_refuse_to_be_framed(client, seeded_catalog):
    assert client.get(reverse("catalog:home"))["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script(client, seeded_catalog):
    for url in (reverse("catalog:home"), reverse("catalog:question", args=["go", 1028]), reverse("search:page")):
        body = client.get(url).content.decode()
        for chunk in body.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {url}"


def test_hostile_document_renders_as_inert_text(client, db, write_document):
    from quizapp.catalog.services import content_import

    path = write_document("""
        # **1–1: Hostile (Part 1)**

        ### 1. <script>alert('title')</script> and [link](javascript:alert(1))
        "<script>alert('answer')</script> <a href="javascript:alert(2)">x</a> [y](javascript:alert(3))"

        #### Indepth
        <img src=x onerror=alert(4)>
        """)
    report = content_import(paths=[path])
    assert not report.errors
    body = client.get(reverse("catalog:question", args=["go", 1]) + "?answer=1").content.decode()
    assert "<script>alert" not in body
    assert '<a href="javascript' not in body and "href='javascript" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;" in body
