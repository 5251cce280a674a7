"""Interview rooms: the live path (Django Channels on the Redis we already run) and how long rooms live."""

import os

from quizapp import task_names

from .runs import CELERY_BEAT_SCHEDULE as RUNS_BEAT_SCHEDULE
from .runs import REDIS_URL
from .runs import CELERY_IMPORTS as RUNS_IMPORTS

ASGI_APPLICATION = "quizapp.asgi.application"
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # redis-py 8 times a read out after 5 s, exactly how long channels_redis blocks waiting for a
            # message (brpop_timeout): an idle connection then crashed its receive loop. Longer here.
            "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
            "prefix": os.environ.get("ROOMS_CHANNEL_PREFIX", "quizapp-rooms"),
            "expiry": 30,
            "capacity": 500,
        },
    }
}
# Where the page opens its WebSocket: empty means the page's own origin (a proxy sends /ws/ to the
# ASGI service); else the live service's origin, e.g. ws://127.0.0.1:8001 (added to the CSP).
ROOMS_LIVE_URL = os.environ.get("ROOMS_LIVE_URL", "").rstrip("/")
# A candidate link expires this many hours after it was made unless the interviewer says otherwise.
ROOMS_LINK_HOURS = int(os.environ.get("ROOMS_LINK_HOURS", 24))
# A room and everything recorded in it (timeline, runs, notes, scorecards) are deleted this many
# days after it was created; the beat task rooms_expire_task runs every ROOMS_EXPIRE_EVERY_S.
ROOMS_KEEP_DAYS = int(os.environ.get("ROOMS_KEEP_DAYS", 30))
ROOMS_EXPIRE_EVERY_S = float(os.environ.get("ROOMS_EXPIRE_EVERY_S", 3600))
# The page stops waiting for its socket after this long and polls instead.
ROOMS_POLL_MS = int(os.environ.get("ROOMS_POLL_MS", 1000))
CELERY_IMPORTS = (*RUNS_IMPORTS, "quizapp.rooms.tasks")
CELERY_BEAT_SCHEDULE = {
    **RUNS_BEAT_SCHEDULE,
    "expire-rooms": {
        "task": task_names.ROOMS_EXPIRE,
        "schedule": ROOMS_EXPIRE_EVERY_S,
        "options": {"expires": ROOMS_EXPIRE_EVERY_S},
    },
}
