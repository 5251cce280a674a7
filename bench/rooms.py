"""Keystroke -> interviewer's screen through the rooms' live path, with concurrent rooms.

    .venv/bin/python bench/rooms.py [--rooms 10] [--keystrokes 50] [--every-ms 100] [--json]

Starts the real ASGI service (uvicorn quizapp.asgi:application) on a free port against a fresh SQLite
database and the Redis on 127.0.0.1:6379 (the Channels layer, with the bench's own prefix). Each room
has an interviewer and a candidate, each a WebSocket client with its own signed session, as a browser
would be. The candidate sends what the page sends for each change of the editor (the whole code, at
most every --every-ms, as rooms.js does); the clock runs from the send to the moment the interviewer's
socket receives the mirror frame carrying that keystroke: the message's authorisation, the write of the
timeline step, the group message through Redis and the render for the interviewer are all inside it.
Goal (issue 26): p95 <= 300 ms with 10 concurrent rooms. Every figure comes with the load average (a
warning above 0.5: the figures are then not comparable); --json prints them as one JSON object.
"""

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database
from tests.support.live_service import live_service_start

MARK = re.compile(r"// k(\d+)\b")
CODE = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def set_up(rooms: int) -> list[dict]:
    """Users, rooms with one snippet each, and a signed session per participant."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from quizapp.catalog.models import Part, Question, Snippet
    from quizapp.rooms import services
    from quizapp.rooms.selectors import SESSION_LINKS

    call_command("migrate", verbosity=0)
    part = Part.objects.create(title="Bench", source_file="bench.md")
    question = Question.objects.create(part=part, number=1, title="What does it print?", answer="hi")
    Snippet.objects.create(
        slug="bench", question=question, title="bench", starter_code=CODE, solution_code=CODE, expected_output="hi\n"
    )
    found = []
    for index in range(rooms):
        user = get_user_model().objects.create_user(f"interviewer{index}", password=uuid.uuid4().hex)
        room = services.room_create(
            owner=user, title=f"Bench {index}", duration_minutes=60, pick=services.Pick(question_refs=[("go", 1)])
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
        found.append(
            {
                "room": room.pk,
                "item": room.items.get().pk,
                "interviewer": interviewer.session_key,
                "candidate": candidate.session_key,
            }
        )
    return found


def start_server(port: int) -> subprocess.Popen:
    try:
        return live_service_start(port, {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})
    except RuntimeError as problem:
        raise SystemExit(str(problem)) from None


async def one_room(port: int, room: dict, keystrokes: int, every_s: float) -> list[float]:
    from websockets.asyncio.client import connect

    url = f"ws://127.0.0.1:{port}/ws/rooms/{room['room']}/"

    def headers(session):
        return {"Cookie": f"sessionid={session}", "Origin": "http://127.0.0.1"}

    sent: dict[int, float] = {}
    latencies: list[float] = []
    async with (
        connect(url, additional_headers=headers(room["interviewer"])) as interviewer,
        connect(url, additional_headers=headers(room["candidate"])) as candidate,
    ):
        for socket_ in (interviewer, candidate):
            json.loads(await socket_.recv())  # the room's state on connect

        async def watch():
            while len(latencies) < keystrokes:
                frame = json.loads(await interviewer.recv())
                if frame.get("target") != "#mirror":
                    continue
                found = MARK.search(frame["content"])
                if found and int(found[1]) in sent:
                    latencies.append(time.perf_counter() - sent.pop(int(found[1])))

        watcher = asyncio.create_task(watch())
        for n in range(keystrokes):
            sent[n] = time.perf_counter()
            await candidate.send(
                json.dumps(
                    {
                        "action": "sync",
                        "item": room["item"],
                        "code": f"{CODE}// k{n}\n",
                        "outcome": "prints",
                        "answer": "",
                    }
                )
            )
            await asyncio.sleep(every_s)
        await asyncio.wait_for(watcher, timeout=30)
    return latencies


async def run_all(port: int, rooms: list[dict], keystrokes: int, every_s: float) -> list[list[float]]:
    return await asyncio.gather(*(one_room(port, room, keystrokes, every_s) for room in rooms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=10)
    parser.add_argument("--keystrokes", type=int, default=50, help="changes each candidate sends")
    parser.add_argument("--every-ms", type=float, default=100, help="the page sends a change at most this often")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    workdir = fresh_database("bench-rooms-")
    os.environ["CELERY_KEY_PREFIX"] = f"bench-rooms-{uuid.uuid4().hex[:8]}:"
    rooms = set_up(args.rooms)
    port = free_port()
    server = start_server(port)
    try:
        per_room = asyncio.run(run_all(port, rooms, args.keystrokes, args.every_ms / 1000))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:  # uvicorn waits for open sockets to close; the figures are in
            server.kill()
            server.wait()
    latencies = [value for room in per_room for value in room]
    load = os.getloadavg()[0]
    result = {
        "rooms": args.rooms,
        "keystrokes_per_room": args.keystrokes,
        "every_ms": args.every_ms,
        "samples": len(latencies),
        "min_ms": round(min(latencies) * 1000, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "goal_p95_ms": 300,
        "load_average": round(load, 2),
        "database": "sqlite",
        "workdir": str(workdir),
    }
    if args.json:
        print(json.dumps(result))
        return
    if load > 0.5:
        print(f"warning: load average {load:.2f}: the figures are not comparable", file=sys.stderr)
    print(f"keystroke -> interviewer screen, {args.rooms} rooms x {args.keystrokes} changes every {args.every_ms:g} ms")
    print(
        f"  min {result['min_ms']} ms · p50 {result['p50_ms']} ms · p95 {result['p95_ms']} ms"
        f" · max {result['max_ms']} ms (goal p95 <= 300 ms) · load {load:.2f}"
    )


if __name__ == "__main__":
    main()
