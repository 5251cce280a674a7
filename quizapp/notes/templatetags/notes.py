from django import template

from ..forms import NoteForm
from .. import selectors
from ..selectors import note_for_user

register = template.Library()


@register.inclusion_tag("notes/partials/tools.html", takes_context=True)
def question_tools(context, question):
    """Bookmark and private note for the signed-in learner, and the shortcut legend for everyone."""
    user = context["request"].user
    note = note_for_user(user=user, question=question)
    return {
        "question": question,
        "user": user,
        "bookmarked": bool(note and note.bookmarked),
        "note_form": NoteForm(initial={"text": note.text if note else ""}),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def question_marks(context):
    """`{% question_marks as marks %}`: the signed-in learner's bookmarked and noted question ids."""
    return selectors.question_marks(user=context["request"].user)


@register.inclusion_tag("notes/partials/markers.html")
def question_markers(marks, question):
    return {"bookmarked": question.pk in marks.bookmarked, "noted": question.pk in marks.noted}
