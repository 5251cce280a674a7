"""compose-check's step for the interview rooms' live path, run inside the `live` container:
a room with an interviewer and an anonymous candidate (signed sessions, as browsers hold them), both
connected to the live service's WebSocket through its real server (uvicorn on :8001); the candidate's
typing must reach the interviewer, a stranger must be refused; then the room is deleted.

    docker compose exec -T live python deploy/live_check.py
"""

import asyncio
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings.production")

import django  # noqa: E402

django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import InvalidStatus  # noqa: E402

from quizapp.catalog.models import Snippet  # noqa: E402
from quizapp.rooms import services  # noqa: E402
from quizapp.rooms.selectors import SESSION_LINKS  # noqa: E402

URL = os.environ.get("LIVE_CHECK_URL", "ws://127.0.0.1:8001")


def set_up():
    snippet = Snippet.objects.filter(kind=Snippet.Kind.TRICKY, question__isnull=False, is_draft=False).first()
    if snippet is None:
        raise SystemExit("no tricky snippet in the catalog: the web service imports the content on start")
    user = get_user_model().objects.create_user(f"live-check-{uuid.uuid4().hex[:8]}", password=uuid.uuid4().hex)
    room = services.room_create(
        owner=user,
        title="live check",
        duration_minutes=5,
        pick=services.Pick(question_refs=[(snippet.question.series, snippet.question.number)]),
    )
    link = room.links.get()
    services.room_join(link=link, user=None)
    interviewer, candidate = SessionStore(), SessionStore()
    interviewer.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    candidate[SESSION_LINKS] = {str(room.pk): link.token}
    interviewer.create()
    candidate.create()
    return user, room, interviewer.session_key, candidate.session_key


def headers(session_key=None):
    found = {"Origin": "http://127.0.0.1"}
    if session_key:
        found["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    return found


async def check(room, interviewer_key, candidate_key) -> float:
    url = f"{URL}/ws/rooms/{room.pk}/"
    item = await sync_to_async(lambda: room.items.get().pk)()
    async with (
        connect(url, additional_headers=headers(interviewer_key), open_timeout=10) as interviewer,
        connect(url, additional_headers=headers(candidate_key), open_timeout=10) as candidate,
    ):
        for socket in (interviewer, candidate):
            assert json.loads(await asyncio.wait_for(socket.recv(), 10))["target"] == "#room-state"
        started = time.perf_counter()
        await candidate.send(
            json.dumps({"action": "sync", "item": item, "code": "// live-check typing", "outcome": "prints"})
        )
        while True:
            frame = json.loads(await asyncio.wait_for(interviewer.recv(), 10))
            if frame.get("target") == "#mirror" and "live-check typing" in frame["content"]:
                return time.perf_counter() - started


async def stranger_refused(room) -> bool:
    try:
        async with connect(f"{URL}/ws/rooms/{room.pk}/", additional_headers=headers(), open_timeout=10):
            return False
    except InvalidStatus as refused:
        return refused.response.status_code == 403


def main() -> int:
    user, room, interviewer_key, candidate_key = set_up()
    try:
        for attempt in range(30):  # the service may still be starting
            try:
                seconds = asyncio.run(check(room, interviewer_key, candidate_key))
                break
            except OSError:
                time.sleep(2)
        else:
            print(f"the live service at {URL} did not answer")
            return 1
        refused = asyncio.run(stranger_refused(room))
        print(f"typing reached the interviewer in {seconds * 1000:.0f} ms; a stranger was refused: {refused}")
        return 0 if refused else 1
    finally:
        room.delete()
        user.delete()


if __name__ == "__main__":
    raise SystemExit(main())
