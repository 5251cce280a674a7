from django.conf import settings

from quizapp.catalog.rendering import plain_text, pygments_css, render_inline, render_markdown


def test_fenced_go_block_is_highlighted():
    html = render_markdown("```go\nfunc main() {}\n```")
    assert '<div class="highlight">' in html
    assert '<span class="kd">func</span>' in html


def test_inline_code_uses_the_part_language():
    go_html = render_inline("`x := 1`", "go")
    python_html = render_inline("`def f(): pass`", "python")
    assert '<code class="highlight">' in go_html and '<span class="o">:=</span>' in go_html
    assert '<span class="k">def</span>' in python_html


def test_double_backtick_span_keeps_its_backtick():
    assert "`" in plain_text(render_inline("``a ` b``"))


def test_raw_html_and_javascript_links_are_inert():
    html = render_markdown('<img src=x onerror=alert(1)> [a](javascript:alert(1)) <a href="x">b</a>')
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;img" in html


def test_a_seed_documents_single_line_breaks_are_kept():
    assert "<br" in render_markdown("first line\nsecond line", hard_breaks=True)


def test_our_documents_wrapped_lines_flow_as_one_paragraph():
    html = render_markdown("a sentence wrapped\nat the editor's width")
    assert "<br" not in html and "wrapped\nat" in html  # a soft break: the browser shows a space


def test_seed_questions_keep_their_line_breaks_and_deck_explanations_flow(seeded_catalog):
    from quizapp.catalog.models import Question, Snippet

    seed = Question.objects.filter(part__source_file__endswith=".txt").exclude(answer__regex=r"^[^\n]*$").first()
    assert seed is not None and "<br" in seed.answer_html + seed.indepth_html
    wrapped = Snippet.objects.filter(question__series="go-deck", explanation__contains="\n").exclude(
        explanation__contains="\n\n").first()
    assert wrapped is not None and "<br" not in wrapped.explanation_html


def test_lists_render():
    html = render_markdown("1.  **Channels**: one\n2.  Mutex\n\n*   bullet")
    assert "<ol>" in html and "<ul>" in html and "<strong>Channels</strong>" in html


def test_shipped_pygments_css_matches_generator():
    shipped = (settings.BASE_DIR / "static" / "css" / "pygments.css").read_text()
    assert shipped == pygments_css(), "regenerate with: python manage.py build_pygments_css"


def test_every_token_colour_of_the_generated_pygments_css_reads_on_the_code_background():
    import re

    from quizapp.catalog.rendering import CODE_BACKGROUNDS, COLOUR, contrast, pygments_css

    css = pygments_css()
    rules = [line for line in css.splitlines() if ".highlight" in line]  # not the unused line-number rules
    light = "\n".join(line for line in rules if "data-theme" not in line)
    dark = "\n".join(line for line in rules if "data-theme" in line)
    for part, background in ((light, CODE_BACKGROUNDS["light"]), (dark, CODE_BACKGROUNDS["dark"])):
        colours = COLOUR.findall(part)
        assert colours
        assert min(contrast(colour, background) for colour in colours) >= 4.5
    assert re.search(r"prefers-color-scheme: dark", css)
