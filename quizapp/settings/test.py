import os
import uuid

from .base import *

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The end-to-end run tests start a real Celery worker in another process: it needs the test
# database in a file (not :memory:) and its own broker keys so parallel test runs never share queues.
CELERY_KEY_PREFIX = os.environ.setdefault("CELERY_KEY_PREFIX", f"quizapp-test-{uuid.uuid4().hex[:10]}:")
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": CELERY_KEY_PREFIX}
RUNS_REDIS_PREFIX = f"quizapp:{CELERY_KEY_PREFIX}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": f"/tmp/quizapp-test-{os.getpid()}.sqlite3"}
    # Not SQLITE_OPTIONS' IMMEDIATE transactions: a test's own transaction would then hold the write
    # lock from its first statement, and a worker process writing beside it would wait for the test.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Every test client comes from 127.0.0.1, and on SQLite a rolled-back test's user ids come back in the
# next test while its Redis counters live on: tests of the limits lower them themselves.
RUNS_ANONYMOUS_IP_RATE_LIMIT = (10_000, 10)
RUNS_RATE_LIMIT = (10_000, 10)
# Interview rooms: the channel layer on the same Redis, with this session's own prefix.
CHANNEL_LAYERS = {
    "default": {
        **CHANNEL_LAYERS["default"],
        "CONFIG": {**CHANNEL_LAYERS["default"]["CONFIG"], "prefix": f"rooms-{CELERY_KEY_PREFIX}"},
    }
}
