
import re

import pytest
from django.urls import reverse

from quizapp.catalog.models import Part, Question

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_home_lists_parts_with_counts(client, seeded_catalog):
    response = client.get(reverse("catalog:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Concurrency Architecture &amp; Design Patterns (Part 2)" in body
    assert f"{Question.objects.count()} questions in {Part.objects.count()} parts" in body
    assert "5 tricky" in body


def test_home_groups_the_parts_under_their_series(client, seeded_catalog):
    """A newcomer tells the public series from our decks before opening a part."""
    body = client.get(reverse("catalog:home")).content.decode()
    headings = ["The Go interview series", "Go deck: tricky snippets by topic", "Python tricky snippets"]
    positions = [body.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    go_deck = body[positions[1]:positions[2]]
    assert "Slices, maps and strings (Go deck, Part 1)" in go_deck and "Design Patterns" not in go_deck
    assert body.count('class="part-card"') == Part.objects.count()


def test_part_page_lists_its_questions_in_order(client, seeded_catalog):
    part = Part.objects.get(declared_start=961)
    body = client.get(reverse("catalog:part", args=[part.pk])).content.decode()
    positions = [body.index(f">{number}.</span>") for number in (961, 970, 980)]
    assert positions == sorted(positions)
    assert ">1021.</span>" not in body


def test_question_page_hides_answer_until_asked(client, seeded_catalog):
    response = client.get(reverse("catalog:question", args=["go", 961]))
    body = response.content.decode()
    assert "circuit breaker" in body
    assert "Show answer" in body
    assert "Bulkhead Pattern" not in body


def test_show_answer_works_without_javascript(client, seeded_catalog):
    response = client.get(reverse("catalog:question", args=["go", 961]) + "?answer=1")
    body = response.content.decode()
    assert "<html" in body
    assert "Bulkhead Pattern" in body and "Indepth" in body


def test_htmx_show_answer_gets_only_the_panel(client, seeded_catalog):
    response = client.get(reverse("catalog:question", args=["go", 961]) + "?answer=1", **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<section id="answer-panel"')
    assert "Bulkhead Pattern" in body
    assert "HX-Request" in response["Vary"]


def test_previous_and_next_links_cross_parts(client, seeded_catalog):
    body = client.get(reverse("catalog:question", args=["go", 980])).content.decode()
    assert reverse("catalog:question", args=["go", 979]) in body
    assert reverse("catalog:question", args=["go", 1021]) in body


def test_tricky_questions_are_marked(client, seeded_catalog):
    body = client.get(reverse("catalog:question", args=["go", 1028])).content.decode()
    assert "Tricky snippet" in body
    assert "is-tricky" in body


def test_unknown_question_is_404(client, seeded_catalog):
    assert client.get(reverse("catalog:question", args=["go", 5])).status_code == 404


def test_pages_render_with_one_query_per_region(client, seeded_catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("catalog:home"))
    part = Part.objects.first()
    with django_assert_max_num_queries(3):
        client.get(reverse("catalog:part", args=[part.pk]))
    with django_assert_max_num_queries(6):  # +1: the snippet source above the runner, +1: exercises that practise it
        client.get(reverse("catalog:question", args=["go", 1030]))
    assert Question.objects.filter(series="go").count() == 45


def test_question_page_shows_document_code_that_does_not_compile(client, seeded_catalog):
    from quizapp.catalog.models import Snippet

    Snippet.objects.filter(slug="go-1029").update(
        document_compile_output="./main.go:6:31: cannot convert nil to type int"
    )
    body = client.get(reverse("catalog:question", args=["go", 1029])).content.decode()
    assert "As written in the document, this does not compile:" in body
    assert "cannot convert nil to type int" in body
    assert "(*int)(nil)" not in body or 'class="highlight"' in body


def test_question_page_without_compile_message_shows_no_source_section(client, seeded_catalog):
    body = client.get(reverse("catalog:question", args=["go", 1030])).content.decode()
    assert "As written in the document" not in body


def test_a_nul_byte_in_the_search_query_is_not_a_500(client):
    response = client.get("/search/", {"q": "a\x00b"})
    assert response.status_code in (200, 400)


PLAY_FOLDED = '<section id="play" class="play" aria-labelledby="play-heading" hidden>'
PLAY_OPEN = '<section id="play" class="play" aria-labelledby="play-heading">'


def _page(client, series, number, **extra):
    return client.get(reverse("catalog:question", args=[series, number]), **extra).content.decode()


def _expected_texts(snippet) -> list[str]:
    """Every form the expected outcome could take on a page: the output's lines and each toolchain's."""
    outputs = [snippet.expected_output] + [other.get("expected_output", "") for other in snippet.expectations.values()]
    return [line for output in outputs for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize(("series", "number"), [("go-deck", 31), ("go", 1028), ("go", 1031), ("go", 1030)])
def test_before_a_prediction_neither_the_page_nor_its_fragments_contain_the_expected_outcome(
    client, seeded_catalog, series, number
):
    from quizapp.catalog.models import Snippet

    snippet = Snippet.objects.get(question__series=series, question__number=number, kind="tricky")
    texts = _expected_texts(snippet) + ([snippet.checker_arg] if snippet.checker_arg else [])
    body = _page(client, series, number)
    program = snippet.starter_code
    for text in texts:
        # The program itself may contain the text (a literal it prints); nothing beyond the program may.
        assert body.count(text) <= program.count(text) + body.count("<title>" + text), (text, series, number)
    assert 'id="show-answer"' not in body
    assert 'id="check-button"' not in body and 'name="action" value="check"' not in body
    assert "data-editor-language" not in body
    assert "fresh run" not in body


def test_the_page_reads_in_the_learners_order(client, seeded_catalog):
    body = _page(client, "go-deck", 31)
    markers = ('id="question-title"', 'id="program"', 'id="predict-form"', 'id="prediction"', 'id="play"')
    order = [body.index(marker) for marker in markers]
    assert order == sorted(order)
    assert "Answer for Go 1.27; differs on Go 1.21" in body
    assert body.count("What does this program do?") == 1
    assert 'id="just-show-me"' in body
    assert PLAY_FOLDED in body


def test_a_theory_question_puts_the_answer_before_its_demo(client, seeded_catalog):
    body = _page(client, "go", 961)
    assert body.index('id="show-answer"') < body.index('id="play"')
    assert 'id="predict-form"' not in body
    assert 'id="run-button"' in body and 'id="check-button"' not in body
    assert 'id="play" aria-labelledby="play-heading" hidden>' in body  # the program shows the answer
    revealed = client.get("/q/go/961/?answer=1").content.decode()
    assert 'id="play" aria-labelledby="play-heading">' in revealed and 'data-revealed' in revealed


EDITOR_SCRIPT = 'codemirror/editor.min.js" defer></script>'


@pytest.mark.parametrize("number", [961, 1028])  # a theory question's demo, a tricky snippet's program
def test_a_folded_editor_comes_without_its_script(client, seeded_catalog, number):
    folded = _page(client, "go", number)
    assert 'aria-labelledby="play-heading" hidden>' in folded
    assert EDITOR_SCRIPT not in folded, "a learner who never opens the editor never downloads it"
    assert re.search(r'data-editor-src="[^"]*codemirror/editor\.min\.js"', folded)  # prediction.js loads it on opening


def test_an_open_editor_comes_with_its_script(client, seeded_catalog):
    opened = client.get("/q/go/961/?answer=1").content.decode()
    assert EDITOR_SCRIPT in opened and "data-editor-src" not in opened


def test_answer_panel_shows_the_correction_and_where_the_rule_is_written(client, seeded_catalog):
    from quizapp.catalog.models import Snippet

    Question.objects.filter(series="go", number=1031).update(
        correction_html="<p>The source says <code>close(nil)</code> panics; in fact it does not compile.</p>"
    )
    Snippet.objects.filter(slug="go-1031").update(references=[["The Go spec: Close", "https://go.dev/ref/spec#Close"]])
    body = client.get(reverse("catalog:question", args=["go", 1031]) + "?answer=1", **HTMX).content.decode()
    assert "Correction to the source" in body and "in fact it does not compile" in body
    assert "Where this is written" in body and 'href="https://go.dev/ref/spec#Close"' in body
    plain = client.get(reverse("catalog:question", args=["go", 1028]) + "?answer=1").content.decode()
    assert "Correction to the source" not in plain


def _revealed(client, series, number) -> str:
    """The page once the answer shows: "Just show me" on a snippet to predict, "Show answer" otherwise."""
    if 'id="predict-form"' in _page(client, series, number):
        return client.post(reverse("review:predict_question", args=[series, number]), {"reveal": "1"}).content.decode()
    return client.get(reverse("catalog:question", args=[series, number]) + "?answer=1").content.decode()


def test_shipped_seed_corrections_reach_the_question_page(client, seeded_catalog):
    body = _revealed(client, "go", 1031)
    assert "Correction to the source" in body and "cannot close non-channel nil" in body
    assert "Only close a non-nil, open channel." in body  # the source's own answer, as written
    assert 'href="https://go.dev/ref/spec#Close"' in body
    automaxprocs = _revealed(client, "go", 1036)
    assert "Correction to the source" in automaxprocs and "https://go.dev/doc/go1.25#runtime" in automaxprocs
