"""The live path through the real ASGI application and the Redis channel layer. Each scenario runs in
one event loop (the application's); the ORM and the test clients are called through `db`."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator

from quizapp.asgi import application
from quizapp.rooms import services
from quizapp.rooms.models import CodeEvent, Room

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("channel_layer")]


def db(function, *args, **kwargs):
    return sync_to_async(function, thread_sensitive=True)(*args, **kwargs)


class Socket(ApplicationCommunicator):
    """A WebSocket client speaking ASGI to the application (channels.testing needs daphne, which we do not use)."""

    def __init__(self, room, client=None):
        headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
        if client is not None and "sessionid" in client.cookies:
            headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
        super().__init__(
            application,
            {
                "type": "websocket",
                "path": f"/ws/rooms/{room.pk}/",
                "headers": headers,
                "subprotocols": [],
                "query_string": b"",
                "client": ("127.0.0.1", 5000),
                "server": ("127.0.0.1", 80),
            },
        )

    async def connect(self, timeout=3):
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout)
        return answer["type"] == "websocket.accept", answer.get("code")

    async def send_json(self, data):
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def frame(self, timeout=3) -> dict:
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def frames_until(self, predicate, limit=10) -> list[dict]:
        """Frames received until one matches (the matching one last); fails if none comes in time."""
        seen = []
        for _ in range(limit):
            seen.append(await self.frame())
            if predicate(seen[-1]):
                return seen
        raise AssertionError(f"no matching frame in {seen}")

    async def close(self):
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(3)


def live(scenario):
    """Runs `scenario(interviewer_socket, candidate_socket)` with both connected, in one event loop."""

    def run(room, interviewer_client, candidate_client):
        async def main():
            sockets = Socket(room, interviewer_client), Socket(room, candidate_client)
            for socket in sockets:
                connected, _ = await socket.connect()
                assert connected
                assert (await socket.frame())["target"] == "#room-state"  # a (re)connect starts from the room as it is
            try:
                await scenario(*sockets)
            finally:
                for socket in sockets:
                    await socket.close()

        async_to_sync(main)()

    return run


def is_state(frame):
    return frame.get("target") == "#room-state"


def test_the_candidates_typing_reaches_the_interviewer_and_the_timeline(room, interviewer_client, candidate_client):
    item = room.items.get(position=0)

    async def scenario(interviewer, candidate):
        await candidate.send_json(
            {"action": "sync", "item": item.pk, "code": "package main // typed", "outcome": "panic"}
        )
        mirror = (await interviewer.frames_until(lambda frame: frame.get("target") == "#mirror"))[-1]
        assert "package main // typed" in mirror["content"] and "It panics" in mirror["content"]
        assert await candidate.receive_nothing(timeout=0.3)  # no echo to the one who typed

    live(scenario)(room, interviewer_client, candidate_client)
    assert CodeEvent.objects.get(item=item).code == "package main // typed"


def test_the_interviewers_moves_reach_both_and_a_candidate_cannot_make_them(room, interviewer_client, candidate_client):
    second = room.items.get(position=1)

    async def scenario(interviewer, candidate):
        await candidate.send_json({"action": "next"})
        assert "candidate cannot next" in (await candidate.frame())["error"]
        await interviewer.send_json({"action": "next"})
        for socket in (interviewer, candidate):
            assert (await socket.frames_until(is_state))[-1]["item"] == second.pk
        await interviewer.send_json({"action": "reveal", "what": "answer"})
        assert "A lightweight thread." in (await candidate.frames_until(is_state))[-1]["content"]

    live(scenario)(room, interviewer_client, candidate_client)
    assert Room.objects.get(pk=room.pk).position == 1


def test_no_frame_to_the_candidate_holds_notes_scorecards_or_the_answer_key(room, interviewer_client, candidate_client):
    item = room.items.get(position=0)
    interviewer_client.post(
        f"/rooms/{room.pk}/items/{item.pk}/scorecard/", {"notes": "SECRET-NOTE", "comment": "SECRET-COMMENT"}
    )

    async def scenario(interviewer, candidate):
        await db(
            interviewer_client.post, f"/rooms/{room.pk}/items/{item.pk}/feedback/", {"shared_feedback": "shared words"}
        )
        await candidate.send_json({"action": "sync", "item": item.pk, "code": "c", "outcome": "prints", "answer": "a"})
        await interviewer.send_json({"action": "reveal", "what": "explanation"})
        frames = await candidate.frames_until(lambda frame: "append shares the array" in frame.get("content", ""))
        text = json.dumps(frames)
        assert "shared words" in text
        assert "SECRET" not in text and "Answer key" not in text and "[1 4 3]" not in text
        interviewer_frames = await interviewer.frames_until(lambda frame: "append shares" in frame.get("content", ""))
        assert "SECRET" not in json.dumps(interviewer_frames)  # notes travel by HTTP only, to their author

    live(scenario)(room, interviewer_client, candidate_client)


def test_a_revoked_link_ends_the_candidates_connection_and_refuses_its_messages(
    room, interviewer_client, candidate_client
):
    item = room.items.get(position=0)

    async def scenario(interviewer, candidate):
        await db(services.link_revoke, room=room)
        await candidate.send_json({"action": "sync", "item": item.pk, "code": "after revoke"})
        assert "no longer a participant" in (await candidate.frame())["error"]
        assert await candidate.receive_output(3) == {"type": "websocket.close", "code": 4403}

    live(scenario)(room, interviewer_client, candidate_client)
    assert not CodeEvent.objects.filter(code="after revoke").exists()


@pytest.mark.parametrize("who", ["stranger", "guessed"])
def test_a_stranger_cannot_connect(room, client, other_user, who):
    if who == "stranger":
        client.force_login(other_user)
    else:
        session = client.session
        session["room_links"] = {str(room.pk): "guessed-" + "x" * 30}
        session.save()

    async def main():
        socket = Socket(room, client)
        answer = await socket.connect()
        await socket.close()  # the application ends inside this loop (cancelling it here can deadlock on the ORM)
        return answer

    assert async_to_sync(main)() == (False, 4403)


def test_an_idle_connection_outwaits_the_layers_blocking_read(settings):
    """redis-py's default read timeout (5 s) equals channels_redis's blocking pop (5 s): an idle
    socket's receive loop crashed with TimeoutError. The layer's own timeout must be longer."""
    from channels_redis.core import RedisChannelLayer

    host = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]
    assert host["socket_timeout"] > RedisChannelLayer.brpop_timeout
