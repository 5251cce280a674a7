"""The run pipeline: Redis, Celery and the runs' limits, each knob once."""

import os

from quizapp import task_names
from sandbox.models import Limits
from sandbox.slots import WAIT_FOR_FREE_S

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery closes the database connections around every task unless told to reuse them, and a new
# PostgreSQL connection costs a run about 5 ms. They are kept as in the web (CONN_MAX_AGE) and
# checked before each task instead (quizapp.worker.lifecycle.database_ready).
CELERY_DB_REUSE_MAX = 10**9
# Runs: the sandbox task has its own queue; it is idempotent, so it is acked late and a killed
# worker's message goes back to the queue. visibility_timeout must exceed the hard time limit.
# The longest a run may spend in the sandbox: waiting for a free sandbox uid, a Go build and the
# program's run, twice (a run that ends INTERNAL_ERROR is run once more); the task's soft limit adds
# room for the cache and the record.
RUNS_SANDBOX_WORST_S = 2 * (WAIT_FOR_FREE_S + Limits().build_wall_time_s + Limits().wall_time_s)
RUNS_SOFT_TIME_LIMIT_S = int(os.environ.get("RUNS_SOFT_TIME_LIMIT_S", RUNS_SANDBOX_WORST_S + 10))
RUNS_HARD_TIME_LIMIT_S = int(os.environ.get("RUNS_HARD_TIME_LIMIT_S", RUNS_SOFT_TIME_LIMIT_S + 10))
# Formatting runs the language's formatter once, with the build step's limits.
RUNS_FORMAT_SOFT_TIME_LIMIT_S = int(Limits().build_wall_time_s + 5)
RUNS_FORMAT_HARD_TIME_LIMIT_S = RUNS_FORMAT_SOFT_TIME_LIMIT_S + 10
# The reaper goes to the queue the workers consume (docker-compose.yml: `-Q sandbox`), never to a
# queue nobody reads; it expires rather than piling up while no worker is there.
RUNS_REAP_EVERY_S = float(os.environ.get("RUNS_REAP_EVERY_S", 10))
CELERY_IMPORTS = ("quizapp.worker.tasks", "quizapp.worker.content_tasks")  # every module that defines a task
CELERY_TASK_ROUTES = task_names.ROUTES
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("RUNS_VISIBILITY_TIMEOUT_S", RUNS_HARD_TIME_LIMIT_S * 3)),
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
CELERY_BEAT_SCHEDULE = {
    "reap-submissions": {
        "task": task_names.SUBMISSIONS_REAP,
        "schedule": RUNS_REAP_EVERY_S,
        "options": {"expires": RUNS_REAP_EVERY_S},
    },
}
# Every worker process beats; a run whose worker stopped beating for RUNS_HEARTBEAT_TTL_S is requeued.
RUNS_HEARTBEAT_EVERY_S = float(os.environ.get("RUNS_HEARTBEAT_EVERY_S", 3))
RUNS_HEARTBEAT_TTL_S = int(os.environ.get("RUNS_HEARTBEAT_TTL_S", 10))
# Each worker runs the sandbox canary at start and this often (0: never); while it fails the worker
# takes no runs. Its state in Redis expires after RUNS_CANARY_TTL_S without a new check.
RUNS_CANARY_EVERY_S = float(os.environ.get("RUNS_CANARY_EVERY_S", 180))
RUNS_CANARY_TTL_S = int(os.environ.get("RUNS_CANARY_TTL_S", 3 * RUNS_CANARY_EVERY_S + 60))
# A queued run whose message the broker no longer holds after this long is sent again.
RUNS_RESEND_GRACE_S = float(os.environ.get("RUNS_RESEND_GRACE_S", 10))
# A finished run's verdict is written again for this long while the database does not answer.
RUNS_RECORD_RETRY_S = float(os.environ.get("RUNS_RECORD_RETRY_S", 30))
# Which function executes a run (quizapp.worker.execution): the sandbox; tests without one use a fake.
RUNS_EXECUTOR = "quizapp.worker.execution.sandbox_execute"
RUNS_REDIS_PREFIX = os.environ.get("RUNS_REDIS_PREFIX", "quizapp:") + os.environ.get("CELERY_KEY_PREFIX", "")
RUNS_RATE_LIMIT = (int(os.environ.get("RUNS_RATE_LIMIT", 10)), 10)  # runs per window of N seconds
RUNS_ANONYMOUS_IP_RATE_LIMIT = (int(os.environ.get("RUNS_ANONYMOUS_IP_RATE_LIMIT", 30)), 10)
RUNS_MAX_QUEUED = int(os.environ.get("RUNS_MAX_QUEUED", 200))
RUNS_MAX_ATTEMPTS = 2
RUNS_QUEUED_DEADLINE_S = int(os.environ.get("RUNS_QUEUED_DEADLINE_S", 300))
RUNS_CACHE_TTL_S = 7 * 24 * 3600
# /healthz is not ready when the oldest queued run has waited longer than this: runs are not served.
RUNS_HEALTHY_QUEUE_AGE_S = int(os.environ.get("RUNS_HEALTHY_QUEUE_AGE_S", 60))
# A run not finished this long after it was sent is late: its page says so and offers to run it again.
RUNS_PAGE_DEADLINE_S = int(os.environ.get("RUNS_PAGE_DEADLINE_S", 60))
# Format is a queued job like a run and the page asks for its answer; one not started within this
# expires in the broker, and the page says so. Formats have their own counters with the runs' limits.
RUNS_FORMAT_DEADLINE_S = int(os.environ.get("RUNS_FORMAT_DEADLINE_S", 20))
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses). None by default:
# every limit per address then counts the connecting address (see README, Production).
TRUSTED_PROXIES = frozenset(filter(None, os.environ.get("TRUSTED_PROXIES", "").replace(" ", "").split(",")))
