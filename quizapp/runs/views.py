import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

import sandbox.languages

from . import formatting, selectors, sharing, submissions
from .addresses import client_address
from .forms import FormatForm, RunForm
from .ratelimit import Busy, Paused
from .runner import runner_context


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


@require_POST
def run_create(request):
    form = RunForm(request.POST)
    snippet = None
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        snippet = _snippet(request, data["snippet"]) if data["snippet"] else None
        run = {"user": request.user, "session_key": _session_key(request), "snippet": snippet, "code": data["code"],
               "language": data["language"], "token": data["token"], "client_ip": client_address(request)}
        if data["compare"]:
            return _compare_created(request, submissions.submissions_compare_create(**run))
        submission = submissions.submission_create(**run, check=data["action"] == "check", fresh=data["fresh"])
    except (ValidationError, Busy) as problem:
        return _run_problem(request, problem, snippet=snippet, form=form)
    if not request.htmx:
        return redirect(submission)
    context = {"submission": submission, "next_token": uuid.uuid4()}
    return _with_done_trigger(render(request, "runs/submission.html#run-created", context), submission)


def _snippet(request, slug: str):
    try:
        return selectors.snippet_get(slug=slug, user=request.user)
    except Http404:
        raise ValidationError({"snippet": "This exercise cannot be checked right now (it is being revised, or it "
                                          "no longer exists); your code is kept."}) from None


def _compare_created(request, runs):
    if not request.htmx:
        return redirect("runs:compare", batch=runs[0].batch)
    return render(request, "runs/compare.html#compare-created", {"runs": runs, "next_token": uuid.uuid4()})


@require_GET
def run_compare(request, batch):
    runs = selectors.submission_batch_for_viewer(
        batch=batch, user=request.user, session_key=request.session.session_key or "")
    first = runs[0]
    context = {"runs": runs, "pending": any(not run.is_final for run in runs),
               **runner_context(snippet=first.snippet, code=first.code, language=first.language)}
    return render(request, "runs/compare.html", context)


def _run_problem(request, problem, *, snippet, form):
    busy = isinstance(problem, Busy)
    messages = [] if busy else [message for messages in problem.message_dict.values() for message in messages]
    code, language = form.data.get("code", ""), form.data.get("language", "go")
    context = {"problems": messages, "refusal": problem if busy else None,
               **runner_context(snippet=snippet, code=code, language=language)}
    template = "runs/submission.html#run-problem" if request.htmx else "runs/problem.html"
    status = 503 if isinstance(problem, Paused) else 429 if busy else 400
    response = render(request, template, context, status=status)
    if busy:
        response["Retry-After"] = str(problem.retry_after)
    return response


def _with_done_trigger(response, submission):
    if submission.is_final:
        response["HX-Trigger"] = "runDone"
    return response


@require_GET
@vary_on_headers("HX-Request")
def run_detail(request, submission_id: int):
    submission = selectors.submission_get_for_viewer(
        submission_id=submission_id, user=request.user, session_key=request.session.session_key or ""
    )
    if request.htmx:
        return _with_done_trigger(
            render(request, "runs/submission.html#run-status", {"submission": submission}), submission
        )
    context = {
        "submission": submission,
        **runner_context(snippet=submission.snippet, code=submission.code, language=submission.language),
    }
    return render(request, "runs/submission.html", context)


@require_POST
def share_create(request, submission_id: int):
    submission = selectors.submission_get_for_viewer(
        submission_id=submission_id, user=request.user, session_key=request.session.session_key or ""
    )
    if not sharing.submission_share(submission=submission):
        return render(
            request,
            "runs/submission.html#run-problem",
            {"problems": ["Only a finished run can be shared; wait for its result."]},
            status=400,
        )
    if not request.htmx:
        return redirect("runs:shared", share_id=submission.share_id)
    return render(request, "runs/share.html#share-link", {"submission": submission})


@require_GET
def run_shared(request, share_id: str):
    submission = selectors.submission_get_shared(share_id=share_id)
    editor_mode = sandbox.languages.get(submission.language).editor_mode
    return render(
        request, "runs/shared.html", {"submission": submission, "shared_view": True, "editor_mode": editor_mode}
    )


@require_GET
def run_shared_copy(request, share_id: str):
    """An editable copy of a shared program (a new editor; the shared run is never changed)."""
    shared = selectors.submission_get_shared(share_id=share_id)
    context = {"shared": shared, **runner_context(snippet=None, code=shared.code, language=shared.language)}
    return render(request, "runs/shared_copy.html", context)


@require_POST
def format_create(request):
    """Queue a format and answer at once (202) with where to ask for its answer."""
    form = FormatForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        request_id = formatting.format_request(
            user_id=request.user.pk,
            session_key=_session_key(request),
            address=client_address(request),
            **form.cleaned_data,
        )
    except ValidationError as problem:
        words = " ".join(message for messages in problem.message_dict.values() for message in messages)
        return JsonResponse({"error": f"{words} Your code is unchanged."}, status=400)
    except Busy as busy:
        response = JsonResponse(
            {
                "error": f"{busy.title}: {busy.reason}. Try again in {busy.retry_after} s; your code is unchanged.",
                "retry_after": busy.retry_after,
            },
            status=503 if isinstance(busy, Paused) else 429,
        )
        response["Retry-After"] = str(busy.retry_after)
        return response
    return JsonResponse({"id": request_id, "poll": reverse("runs:format_answer", args=[request_id])}, status=202)


@require_GET
def format_answer(request, request_id: str):
    """The format's answer (200), or 202 while a worker has not given it yet."""
    answer = formatting.format_answer(
        request_id=request_id, user_id=request.user.pk, session_key=request.session.session_key or ""
    )
    if answer is None:
        raise Http404("No such format")
    return JsonResponse(answer, status=202 if "pending" in answer else 200)
