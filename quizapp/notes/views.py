from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from quizapp.catalog.models import Question

from . import services
from .forms import NoteForm


@login_required
@require_POST
def note_save(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = NoteForm(request.POST)
    saved = False
    if form.is_valid():
        services.note_save(user=request.user, question=question, text=form.cleaned_data["text"])
        saved = True
        if not request.htmx:
            messages.success(request, "Note saved.")
            return redirect(question.get_absolute_url())
    context = {"question": question, "note_form": form, "saved": saved}
    return render(request, "notes/partials/tools.html#note-panel", context)


@login_required
@require_POST
def bookmark_set(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    note = services.bookmark_set(user=request.user, question=question, bookmarked=request.POST.get("bookmarked") == "1")
    if not request.htmx:
        return redirect(question.get_absolute_url())
    return render(request, "notes/partials/tools.html#bookmark", {"question": question, "bookmarked": note.bookmarked})
