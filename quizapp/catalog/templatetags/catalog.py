from django import template
from django.utils.safestring import SafeString, mark_safe

from ..rendering import highlight_block

register = template.Library()


@register.filter
def highlight_code(code: str, language: str) -> SafeString:
    return mark_safe(highlight_block(code, language))
