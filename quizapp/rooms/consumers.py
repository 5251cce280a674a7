"""One WebSocket per participant's page. Every message in and every change out is authorised
against the room's state at that moment, never only at connect."""

import json

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError

from .live import MIRROR, NotAParticipant, group_name, mirror_message, room_message, state_message
from .models import Room
from .selectors import INTERVIEWER, Viewer, room_role

REFUSED = 4403  # application close code: not (or no longer) a participant


class RoomConsumer(JsonWebsocketConsumer):
    def connect(self):
        self.room_id = int(self.scope["url_route"]["kwargs"]["room_id"])
        room, role = self._room_and_role()
        if role is None:
            self.close(code=REFUSED)
            return
        self.group = group_name(self.room_id)
        async_to_sync(self.channel_layer.group_add)(self.group, self.channel_name)
        self.accept()
        self.send_json(state_message(room=room, role=role))  # a reconnect finds the room as it is now

    def disconnect(self, code):
        if hasattr(self, "group"):
            async_to_sync(self.channel_layer.group_discard)(self.group, self.channel_name)

    def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            self.send_json({"error": "A message is a JSON object with an action."})
            return
        try:
            room_message(room_id=self.room_id, viewer=self._viewer(), data=content)
        except NotAParticipant as refused:
            self.send_json({"error": str(refused)})
            self.close(code=REFUSED)
        except PermissionDenied as refused:
            self.send_json({"error": str(refused)})
        except ValidationError as problem:
            self.send_json({"error": " ".join(problem.messages)})

    def room_changed(self, event):
        room, role = self._room_and_role()
        if role is None:
            self.send_json({"error": "Your link to this room was revoked or has expired."})
            self.close(code=REFUSED)
            return
        if event["what"] == MIRROR:
            message = mirror_message(room=room, item_id=event["item"]) if role == INTERVIEWER else None
        else:
            message = state_message(room=room, role=role)
        if message is not None:
            self.send_json(message)

    def _viewer(self) -> Viewer:
        return Viewer.of(user=self.scope.get("user"), session=self.scope.get("session"), room_id=self.room_id)

    def _room_and_role(self):
        room = Room.objects.filter(pk=self.room_id).first()
        return room, (room_role(room=room, viewer=self._viewer()) if room is not None else None)

    @classmethod
    def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None
