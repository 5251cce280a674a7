from django import template
from django.utils.safestring import SafeString, mark_safe

from sandbox import languages

from ..rendering import highlight_block

register = template.Library()


@register.filter
def highlight_code(code: str, language: str) -> SafeString:
    return mark_safe(highlight_block(code, language))


@register.filter
def language_title(language: str) -> str:
    """A language's name as the sandbox's registry writes it ("Go", "Python")."""
    try:
        return languages.get(language).title
    except KeyError:
        return language
