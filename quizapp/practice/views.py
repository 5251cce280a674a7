import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from quizapp.outcomes import PREDICTIONS, PRINTS

from . import selectors, services
from .forms import AnswerForm, MissedForm, PositionForm, PracticeRateForm, PracticeStartForm


def _add_errors(form, error: ValidationError) -> None:
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


@login_required
@require_GET
def practice_index(request):
    form = PracticeStartForm(initial={"topic": request.GET.get("topic", "")})
    context = {"form": form, "history": selectors.practice_history(user=request.user)}
    return render(request, "practice/practice_index.html", context)


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
                topic=form.cleaned_data["topic"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("practice:detail", session_id=session.pk)
    context = {"form": form, "history": selectors.practice_history(user=request.user)}
    return render(request, "practice/practice_index.html", context)


def _clock(left) -> str:
    seconds = max(0, int(left.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _practice_render(request, session, answer_form=None, problems=(), status=200):
    item = selectors.practice_current_item(session=session)
    item_deadline = item and selectors.practice_item_deadline(session=session, item=item)
    context = {
        "session_problems": problems,
        "missed_form": MissedForm(),
        "run_token": uuid.uuid4(),
        "session": session,
        "item": item,
        "item_deadline": item_deadline,
        "paused_left": item and session.is_paused and {
            "question": _clock(item_deadline - session.paused_at),
            "overall": _clock(session.deadline - session.paused_at),
        },
        "summary": None if session.is_active else selectors.practice_summary(session=session),
        "answer_form": answer_form,
        "now": timezone.now(),
        "program": item and selectors.practice_item_program(item=item),
        "outcomes": PREDICTIONS,
    }
    template = "practice/practice.html#practice-panel" if request.htmx else "practice/practice.html"
    return render(request, template, context, status=status)


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
    form_class = {"answer": AnswerForm, "rate": PracticeRateForm, "skip": PositionForm, "finish": PositionForm,
                  "next": PositionForm, "pause": PositionForm, "resume": PositionForm}[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _practice_render(
            request, services.practice_sync(session=session), answer_form=form if action == "answer" else None
        )
    position = form.cleaned_data["position"]
    if action == "answer":
        session = services.practice_answer(
            session=session,
            position=position,
            answer=form.cleaned_data["answer"],
            outcome=form.cleaned_data["outcome"] or PRINTS,
        )
    elif action == "rate":
        session = services.practice_rate(session=session, position=position, rating=form.cleaned_data["rating"])
    elif action == "skip":
        session = services.practice_skip(session=session, position=position)
    elif action == "next":
        session = services.practice_next(session=session, position=position)
    elif action == "pause":
        session = services.practice_pause(session=session, position=position)
    elif action == "resume":
        session = services.practice_resume(session=session)
    else:
        session = services.practice_finish(session=session)
    if not request.htmx:
        return redirect("practice:detail", session_id=session.pk)
    return _practice_render(request, session)


@login_required
@require_POST
def practice_missed(request, session_id: int):
    session = selectors.practice_get(user=request.user, session_id=session_id)
    form = MissedForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("This form is out of date; reload the page and try again.")
        again = services.practice_start_missed(session=session, idempotency_key=form.cleaned_data["token"])
    except ValidationError as error:
        return _practice_render(request, services.practice_sync(session=session), problems=error.messages, status=400)
    if request.htmx:
        response = _practice_render(request, again)
        response["HX-Push-Url"] = again.get_absolute_url()
        return response
    return redirect(again.get_absolute_url())
