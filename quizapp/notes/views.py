from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.models import Question

from . import selectors, services
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


@login_required
@require_GET
@vary_on_headers("HX-Request")
def mine(request):
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(selectors.MINE_KINDS) else ""
    context = {
        "notes": selectors.notes_for_user(user=request.user, query=query, kind=kind),
        "query": query, "kind": kind, "kinds": selectors.MINE_KINDS,
    }
    return render(request, "notes/mine.html#mine-list" if request.htmx else "notes/mine.html", context)
