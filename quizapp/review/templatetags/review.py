from django import template

from ..forms import RateForm, new_token

register = template.Library()


@register.inclusion_tag("review/partials/rate.html", takes_context=True)
def rate_panel(context, question):
    """The Again/Hard/Good/Easy form under a revealed answer; a fresh token per reveal."""
    return {
        "question": question,
        "user": context["request"].user,
        "form": RateForm(initial={"token": new_token()}),
        "csrf_token": context.get("csrf_token"),
    }
