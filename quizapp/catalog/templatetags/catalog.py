from django import template
from django.utils.safestring import SafeString, mark_safe

from ..rendering import highlight_block

register = template.Library()


@register.filter
def highlight_code(code: str, language: str) -> SafeString:
    return mark_safe(highlight_block(code, language))


WHITESPACE_MARKS = {" ": "·", "\t": "→", "\n": "¶\n"}


@register.filter
def visible_whitespace(text: str) -> SafeString:
    """Spaces, tabs and line ends as visible marks, where they are the only difference."""
    from django.utils.html import escape

    return mark_safe("".join(
        f'<span class="ws">{WHITESPACE_MARKS[char]}</span>' if char in WHITESPACE_MARKS else escape(char) for char in text))
