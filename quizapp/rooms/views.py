"""Room pages: create, the interviewer's and the candidate's live pages, joining by link, runs."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import sandbox.languages
from quizapp.outcomes import PREDICTIONS
from quizapp.runs.ratelimit import Busy, Paused

from . import live, rounds, selectors, services
from .forms import FeedbackForm, LinkForm, RoomCreateForm, RoundForm, ScorecardForm
from .models import Room
from .selectors import CANDIDATE, INTERVIEWER, SESSION_LINKS, Viewer


def _viewer(request, room_id: int) -> Viewer:
    return Viewer.of(user=request.user, session=request.session, room_id=room_id)


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _live_page(response):
    """The page opens a WebSocket to the live service; when that is another origin the CSP allows it."""
    if settings.ROOMS_LIVE_URL:
        response._csp_update = {"connect-src": [settings.ROOMS_LIVE_URL]}
    return response


def _page_context(room: Room, role: str) -> dict:
    state = selectors.room_state(room=room, role=role)
    ws_path = reverse("rooms:socket", args=[room.pk])
    context = {
        "room": room,
        "role": role,
        "state": state,
        "ws_url": f"{settings.ROOMS_LIVE_URL}{ws_path}",
        "poll_ms": settings.ROOMS_POLL_MS,
        **_editor_context(state.item),
    }
    if role == INTERVIEWER:
        context["scorecard_form"] = _scorecard_form(state)
        if room.round == 2 and not state.items:
            context["round_form"] = RoundForm(user=room.peer)
    return context


def _editor_context(item) -> dict:
    language = (item.language if item is not None else "") or "go"
    found = sandbox.languages.get(language)
    return {
        "editor_mode": found.editor_mode,
        "editor_indent": found.indent,
        "run_token": uuid.uuid4(),
        "predictions": PREDICTIONS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def room_index(request):
    form = RoomCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pick = form.pick()
        try:
            room = services.room_create(
                owner=request.user,
                title=data["title"],
                pick=pick,
                mode=data["mode"],
                duration_minutes=data["duration_minutes"],
                link_hours=data["link_hours"],
            )
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            if data["save_as_plan"].strip():
                services.plan_save(
                    owner=request.user, title=data["save_as_plan"], pick=pick, duration_minutes=data["duration_minutes"]
                )
            return redirect("rooms:interviewer", room_id=room.pk)
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "rooms": selectors.rooms_for_user(user=request.user).order_by("-created_at")[:50],
        "plans": selectors.plans_for_user(user=request.user),
    }
    return render(request, "rooms/index.html", context, status=status)


@login_required
@require_POST
def plan_delete(request, plan_id: int):
    services.plan_delete(plan=selectors.plan_get(user=request.user, plan_id=plan_id))
    return redirect("rooms:index")


@require_GET
def room_interviewer(request, room_id: int):
    room, role = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id))
    if role == CANDIDATE:
        return redirect("rooms:candidate", room_id=room.pk)
    return _live_page(render(request, "rooms/interviewer.html", _page_context(room, role)))


@require_GET
def room_candidate(request, room_id: int):
    room, role = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id))
    if role == INTERVIEWER:
        return redirect("rooms:interviewer", room_id=room.pk)
    return _live_page(render(request, "rooms/candidate.html", _page_context(room, role)))


@require_http_methods(["GET", "POST"])
def room_join(request, token: str):
    link = selectors.link_get(token=token)
    if request.method == "POST":
        links = dict(request.session.get(SESSION_LINKS, {}))
        links[str(link.room_id)] = link.token
        request.session[SESSION_LINKS] = links
        _session_key(request)
        services.room_join(link=link, user=request.user)
        live.room_announce(room_id=link.room_id, what=live.STATE)
        return redirect("rooms:candidate", room_id=link.room_id)
    return render(request, "rooms/join.html", {"link": link, "room": link.room, "keep_days": settings.ROOMS_KEEP_DAYS})


@require_GET
def room_state(request, room_id: int):
    """The polling fallback: the participant's live region as the socket would send it."""
    room, role = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id))
    template = live.TEMPLATES[role]
    response = render(
        request, f"{template}#state", {"state": selectors.room_state(room=room, role=role), "room": room, "role": role}
    )
    response["X-Room-Role"] = role  # peers swapped roles: the page reloads as its new role, as over the socket
    return response


@require_GET
def room_panel(request, room_id: int):
    """The region that changes only with the question: the candidate's editor, the interviewer's scorecard."""
    room, role = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id))
    return render(request, f"{live.TEMPLATES[role]}#panel", _page_context(room, role))


def _scorecard_form(state):
    return ScorecardForm(instance=state.scorecard) if state.item is not None else None


@require_POST
def room_message(request, room_id: int):
    """The polling fallback's way in: the same message a socket would carry, as a form post."""
    data = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    try:
        changed = live.room_message(room_id=room_id, viewer=_viewer(request, room_id), data=data)
    except PermissionDenied as refused:
        return JsonResponse({"error": str(refused)}, status=403)
    except ValidationError as problem:
        return JsonResponse({"error": " ".join(problem.messages)}, status=400)
    return JsonResponse({"changed": changed})


@require_POST
def room_run_create(request, room_id: int):
    room, _ = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id), roles=(CANDIDATE,))
    item = selectors.current_item(room=room)
    problems = []
    if item is None or room.is_ended or str(item.pk) != request.POST.get("item"):
        problems = ["The interviewer has moved on or ended the room; your code is kept. Reload the page."]
    else:
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = None
        try:
            services.room_run_create(
                item=item,
                user=request.user,
                session_key=_session_key(request),
                code=request.POST.get("code", ""),
                client_ip=request.META.get("REMOTE_ADDR", ""),
                check=request.POST.get("action") == "check",
                token=token,
            )
        except Busy as busy:
            label = "Paused" if isinstance(busy, Paused) else "Busy"
            problems = [f"{label}: {busy.reason}. Try again in {busy.retry_after} s; your code is kept."]
        except ValidationError as problem:
            problems = problem.messages
    if problems:
        return render(request, "rooms/candidate.html#run-problem", {"problems": problems}, status=400 if item else 409)
    live.room_announce(room_id=room.pk, what=live.STATE)
    return HttpResponse(status=204)


@require_GET
def room_run_detail(request, room_id: int, run_id: int):
    room, role = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id))
    run = selectors.room_run_get(room=room, run_id=run_id)
    return render(request, "rooms/candidate.html#run", {"run": run, "room": room})


@require_POST
def round_pick(request, room_id: int):
    """Peers, after the swap: the new interviewer picks the second set."""
    room, _ = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id), roles=(INTERVIEWER,))
    form = RoundForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            rounds.round_pick(room=room, pick=form.pick())
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            live.room_announce(room_id=room.pk, what=live.STATE)
            return redirect("rooms:interviewer", room_id=room.pk)
    context = {**_page_context(room, INTERVIEWER), "round_form": form}
    return _live_page(render(request, "rooms/interviewer.html", context, status=400))


@require_POST
def link_new(request, room_id: int):
    room, _ = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id), roles=(INTERVIEWER,))
    form = LinkForm(request.POST)
    if room.is_ended or room.round == 2 or not form.is_valid():
        raise Http404("This room takes no new candidate link (it has ended, or the peers swapped roles).")
    services.link_create(room=room, hours=form.cleaned_data["link_hours"])
    live.room_announce(room_id=room.pk, what=live.STATE)
    return redirect("rooms:interviewer", room_id=room.pk)


@require_POST
def link_revoke(request, room_id: int):
    room, _ = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id), roles=(INTERVIEWER,))
    services.link_revoke(room=room)
    live.room_announce(room_id=room.pk, what=live.STATE)
    return redirect("rooms:interviewer", room_id=room.pk)


def _interviewer_item(request, room_id: int, item_id: int):
    room, _ = selectors.room_get_for(room_id=room_id, viewer=_viewer(request, room_id), roles=(INTERVIEWER,))
    item = room.items.filter(pk=item_id, round=room.round).select_related("question", "snippet").first()
    if item is None:
        raise Http404("No such question in this room's round.")
    return room, item


@require_POST
def scorecard_save(request, room_id: int, item_id: int):
    room, item = _interviewer_item(request, room_id, item_id)
    form = ScorecardForm(request.POST)
    saved = form.is_valid()
    if saved:
        services.scorecard_save(item=item, data=form.cleaned_data)
    context = {"room": room, "item": item, "scorecard_form": form, "saved": saved}
    return render(request, "rooms/interviewer.html#scorecard", context, status=200 if saved else 400)


@require_POST
def feedback_save(request, room_id: int, item_id: int):
    room, item = _interviewer_item(request, room_id, item_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(
            request, "rooms/interviewer.html#feedback", {"room": room, "item": item, "feedback_form": form}, status=400
        )
    services.feedback_share(item=item, text=form.cleaned_data["shared_feedback"])
    item.shared_feedback = form.cleaned_data["shared_feedback"].strip()
    live.room_announce(room_id=room.pk, what=live.STATE)
    return render(request, "rooms/interviewer.html#feedback", {"room": room, "item": item, "saved": True})


def socket_placeholder(request, room_id: int):
    return HttpResponse(
        "This is the room's WebSocket; it is served by the live (ASGI) service.", status=426, content_type="text/plain"
    )
