from django import template

from ..selectors import exercise_draft_code

register = template.Library()


@register.simple_tag(takes_context=True)
def snippet_draft(context, snippet):
    """The signed-in learner's draft of a snippet's program, or None (a visitor's stays in the browser)."""
    return exercise_draft_code(user=context["request"].user, exercise=snippet) if snippet else None
