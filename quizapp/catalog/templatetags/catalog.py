from django import template
from django.utils.safestring import SafeString, mark_safe

from ..rendering import highlight_block

register = template.Library()


@register.filter
def highlight_code(code: str, language: str) -> SafeString:
    return mark_safe(highlight_block(code, language))


@register.inclusion_tag("catalog/_question_sources.html")
def question_sources(question):
    """The answer panel's notes: a correction of the source document, and where the rule is written."""
    from ..selectors import snippet_for_question

    snippet = snippet_for_question(question=question)
    return {"question": question, "references": snippet.references if snippet else []}
