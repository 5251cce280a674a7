from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quizapp import outcomes
from sandbox import languages

from ..rendering import highlight_block
from ..selectors import snippet_for_question

register = template.Library()


@register.filter
def highlight_code(code: str, language: str) -> SafeString:
    return mark_safe(highlight_block(code, language))


@register.inclusion_tag("catalog/_question_sources.html")
def question_sources(question):
    """The answer panel's notes: a correction of the source document, and where the rule is written."""
    snippet = snippet_for_question(question=question)
    return {"question": question, "references": snippet.references if snippet else []}


@register.filter
def language_title(language: str) -> str:
    """A language's name as the sandbox's registry writes it ("Go", "Python")."""
    try:
        return languages.get(language).title
    except KeyError:
        return language


WHITESPACE_MARKS = {" ": "·", "\t": "→", "\n": "¶\n"}


@register.filter
def visible_whitespace(text: str) -> SafeString:
    """Spaces, tabs and line ends as visible marks, where they are the only difference."""
    return mark_safe(
        "".join(
            f'<span class="ws">{WHITESPACE_MARKS[char]}</span>' if char in WHITESPACE_MARKS else escape(char)
            for char in text
        )
    )


@register.filter
def prints_visible(output: str) -> SafeString:
    """What a program prints, in words, with its whitespace made visible (the words themselves unmarked)."""
    return mark_safe(escape(outcomes.PRINTS_LEAD) + "\n" + visible_whitespace(output))
