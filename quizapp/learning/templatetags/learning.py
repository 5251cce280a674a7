from django import template

from ..forms import NoteForm, RateForm, new_token
from ..selectors import question_progress

register = template.Library()


@register.inclusion_tag("learning/partials/rate.html", takes_context=True)
def learning_rate(context, question):
    """The Again/Hard/Good/Easy form under a revealed answer; a fresh token per reveal."""
    return {
        "question": question,
        "user": context["request"].user,
        "form": RateForm(initial={"token": new_token()}),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("learning/partials/tools.html", takes_context=True)
def learning_tools(context, question):
    """Bookmark and private note for the signed-in learner, and the shortcut legend for everyone."""
    user = context["request"].user
    progress = question_progress(user=user, question=question)
    note = progress.note
    return {
        "question": question,
        "user": user,
        "progress": progress,
        "bookmarked": bool(note and note.bookmarked),
        "note_form": NoteForm(initial={"text": note.text if note else ""}),
        "csrf_token": context.get("csrf_token"),
    }
