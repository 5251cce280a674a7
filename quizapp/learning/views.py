import csv

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.catalog.models import Question

from . import selectors, services
from .charts import review_chart
from .forms import (
    AccountDeleteForm, AnswerForm, NoteForm, PositionForm, PracticeRateForm, PracticeStartForm, ProfileForm,
    RateForm, SignupForm, new_token,
)
from .models import Profile, ReviewLog

THEME_COOKIE_AGE = 365 * 24 * 3600


def _add_errors(form, error: ValidationError) -> None:
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


# --- Accounts -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.account_create(
            username=form.cleaned_data["username"], email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"], session_key=request.session.session_key,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your progress is saved from now on.")
        return redirect("learning:review")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        session_key = self.request.session.session_key
        response = super().form_valid(form)
        if session_key:
            services.anonymous_data_claim(session_key=session_key, user=form.get_user())
        return response


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    profile = services.profile_get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Settings saved.")
        response = redirect("learning:settings")
        response.set_cookie("theme", profile.theme, max_age=THEME_COOKIE_AGE, samesite="Lax")
        return response
    return render(request, "learning/settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, "Your account and all of its data are deleted.")
        return redirect("catalog:home")
    return render(request, "learning/account_delete.html", {"form": form})


@require_POST
def theme_set(request):
    theme = request.POST.get("theme", "auto")
    if theme not in Profile.Theme.values:
        theme = Profile.Theme.AUTO
    if request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"theme": theme})
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponse(status=204) if request.htmx else redirect(target)
    response.set_cookie("theme", theme, max_age=THEME_COOKIE_AGE, samesite="Lax")
    return response


# --- Export ----------------------------------------------------------------------------------------


@login_required
@require_GET
def export_json(request):
    response = JsonResponse(selectors.export_data(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="progress.json"'
    return response


@login_required
@require_GET
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="progress.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors.EXPORT_CSV_HEADER)
    writer.writerows(selectors.export_csv_rows(user=request.user))
    return response


# --- Review -------------------------------------------------------------------------------------


def _review_render(request, *, show_answer: bool, question_id: int | None = None, rate_form=None):
    context = {
        "queue": selectors.review_queue_for_user(user=request.user, question_id=question_id),
        "show_answer": show_answer,
        "rate_form": rate_form or RateForm(initial={"token": new_token()}),
    }
    return render(request, "learning/review.html#review-card" if request.htmx else "learning/review.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def review(request):
    pinned = request.GET.get("question", "")
    return _review_render(
        request, show_answer=request.GET.get("answer") == "1", question_id=int(pinned) if pinned.isdigit() else None
    )


@login_required
@require_POST
def review_rate(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _review_render(request, show_answer=True, question_id=question.pk, rate_form=form)
    services.review_record(
        user=request.user, question=question, rating=form.cleaned_data["rating"],
        idempotency_key=form.cleaned_data["token"], source=ReviewLog.Source.REVIEW,
    )
    if not request.htmx:
        return redirect("learning:review")
    return _review_render(request, show_answer=False)


@login_required
@require_POST
def question_rate(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    form = RateForm(request.POST)
    result = None
    if form.is_valid():
        result = services.review_record(
            user=request.user, question=question, rating=form.cleaned_data["rating"],
            idempotency_key=form.cleaned_data["token"], source=ReviewLog.Source.QUESTION,
        )
        if not request.htmx:
            messages.success(request, f"Saved: {result.log.get_rating_display()}.")
            return redirect(question.get_absolute_url())
    context = {"question": question, "form": form, "result": result, "user": request.user}
    return render(request, "learning/partials/rate.html", context)


# --- Notes and bookmarks ---------------------------------------------------------------------------


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
    progress = selectors.question_progress(user=request.user, question=question)
    context = {"question": question, "progress": progress, "note_form": form, "saved": saved}
    return render(request, "learning/partials/tools.html#note-panel", context)


@login_required
@require_POST
def bookmark_set(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    note = services.bookmark_set(user=request.user, question=question, bookmarked=request.POST.get("bookmarked") == "1")
    if not request.htmx:
        return redirect(question.get_absolute_url())
    return render(request, "learning/partials/tools.html#bookmark", {"question": question, "bookmarked": note.bookmarked})


# --- Dashboard ----------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    stats = selectors.dashboard_stats(user=request.user)
    return render(request, "learning/dashboard.html", {"stats": stats, "chart": review_chart(days=stats.days)})


# --- Practice -----------------------------------------------------------------------------------


@login_required
@require_GET
def practice_index(request):
    context = {"form": PracticeStartForm(), "history": selectors.practice_history(user=request.user)}
    return render(request, "learning/practice_index.html", context)


@login_required
@require_POST
def practice_start(request):
    form = PracticeStartForm(request.POST)
    if form.is_valid():
        try:
            session = services.practice_start(
                user=request.user, parts=list(form.cleaned_data["parts"]), size=form.cleaned_data["size"],
                seconds_per_question=form.cleaned_data["seconds_per_question"],
                seconds_total=form.cleaned_data["minutes_total"] * 60, idempotency_key=form.cleaned_data["token"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("learning:practice", session_id=session.pk)
    context = {"form": form, "history": selectors.practice_history(user=request.user)}
    return render(request, "learning/practice_index.html", context)


def _practice_render(request, session, answer_form=None):
    item = selectors.practice_current_item(session=session)
    context = {
        "session": session,
        "item": item,
        "item_deadline": item and selectors.practice_item_deadline(session=session, item=item),
        "summary": None if session.is_active else selectors.practice_summary(session=session),
        "answer_form": answer_form,
        "now": timezone.now(),
    }
    template = "learning/practice.html#practice-panel" if request.htmx else "learning/practice.html"
    return render(request, template, context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def practice_detail(request, session_id: int):
    session = selectors.practice_get(user=request.user, session_id=session_id)
    return _practice_render(request, services.practice_sync(session=session))


@login_required
@require_POST
def practice_action(request, session_id: int, action: str):
    session = selectors.practice_get(user=request.user, session_id=session_id)
    form_class = {"answer": AnswerForm, "rate": PracticeRateForm, "skip": PositionForm, "finish": PositionForm}[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _practice_render(request, services.practice_sync(session=session), answer_form=form if action == "answer" else None)
    position = form.cleaned_data["position"]
    if action == "answer":
        session = services.practice_answer(session=session, position=position, answer=form.cleaned_data["answer"])
    elif action == "rate":
        session = services.practice_rate(session=session, position=position, rating=form.cleaned_data["rating"])
    elif action == "skip":
        session = services.practice_skip(session=session, position=position)
    else:
        session = services.practice_finish(session=session)
    if not request.htmx:
        return redirect("learning:practice", session_id=session.pk)
    return _practice_render(request, session)
