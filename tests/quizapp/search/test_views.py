import re

import pytest
from django.urls import reverse

from quizapp.catalog.models import Part

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_search_finds_answers_and_indepth_with_highlights(client, seeded_catalog):
    body = client.get(reverse("search:page"), {"q": "bloom filter"}).content.decode()
    assert "962." in body
    assert "<mark>Bloom</mark>" in body or "<mark>bloom</mark>" in body


def test_search_requires_every_term(client, seeded_catalog):
    body = client.get(reverse("search:page"), {"q": "bulkhead zebra"}).content.decode()
    assert "Nothing matches" in body


def test_htmx_search_returns_results_partial(client, seeded_catalog):
    response = client.get(reverse("search:page"), {"q": "singleflight"}, **HTMX)
    body = response.content.decode()
    assert body.strip().startswith('<section id="search-results"')
    assert "1035." in body


def test_search_page_offers_the_correction_of_a_typo(client, seeded_catalog):
    body = client.get(reverse("search:page"), {"q": "singelflight"}).content.decode()
    assert "Showing results for" in body and "?q=singleflight" in body
    assert "1035." in body


def test_empty_search_shows_the_parts(client, seeded_catalog):
    body = client.get(reverse("search:page")).content.decode()
    assert "Concurrency Architecture &amp; Design Patterns (Part 2)" in body


def test_search_filters_by_part_and_tricky(client, seeded_catalog):
    part = Part.objects.get(declared_start=961)
    body = client.get(reverse("search:page"), {"q": "channel", "part": part.pk, "tricky": "on"}).content.decode()
    assert all(961 <= int(number) <= 980 for number in re.findall(r'class="qnum">(\d+)\.', body))


def test_search_with_bad_filters_says_so_and_still_searches(client, seeded_catalog):
    response = client.get(reverse("search:page"), {"q": "singleflight", "part": "nope", "language": "cobol"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body and "1035." in body


def test_search_escapes_the_query(client, seeded_catalog):
    body = client.get(reverse("search:page"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in body


def hit_numbers(body: str) -> list[str]:
    """The questions' links (a number alone repeats across series)."""
    return re.findall(r'<a href="([^"]+)"><span class="qnum">', body)


def test_pages_reach_the_last_result_and_keep_the_filters(client, seeded_catalog):
    everything = client.get(reverse("search:page"), {"q": "map"}).content.decode()
    total = int(re.search(r"(\d+) results? for", everything).group(1))
    assert total > 25, "the shipped content has more than one page of 'map'"
    seen, page = [], 1
    while True:
        body = client.get(reverse("search:page"), {"q": "map", "page": page}).content.decode()
        seen += hit_numbers(body)
        following = re.search(r'id="page-next" href="\?([^"]+)"', body)
        if not following:
            break
        assert "q=map" in following.group(1)
        page += 1
    assert len(seen) == total and len(set(seen)) == total
    tricky = client.get(reverse("search:page"), {"q": "map", "tricky": "on", "page": 1}).content.decode()
    if 'id="page-next"' in tricky:
        assert "tricky=on" in re.search(r'id="page-next" href="\?([^"]+)"', tricky).group(1)


@pytest.mark.parametrize("page", ["0", "abc", "99999"])
def test_a_page_out_of_range_shows_a_real_page(client, seeded_catalog, page):
    response = client.get(reverse("search:page"), {"q": "map", "page": page})
    assert response.status_code == 200 and hit_numbers(response.content.decode())
