"""Settings shared by every environment; deploy-specific values come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("QUIZAPP_VAR_DIR", BASE_DIR / "var"))
CONTENT_DIR = Path(os.environ.get("QUIZAPP_CONTENT_DIR", BASE_DIR / "content"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "axes",
    "django_htmx",
    "template_partials",
    "quizapp.catalog",
    "quizapp.runs",
    "quizapp.accounts",
    "quizapp.review",
    "quizapp.notes",
    "quizapp.practice",
    "quizapp.exercises",
    "quizapp.search",
    "quizapp.learning",
    "quizapp.rooms",
    "quizapp.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizapp.urls"
WSGI_APPLICATION = "quizapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django 6 ships {% partialdef %} as a builtin; the backport gets the same here.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web process and the workers write concurrently: WAL lets readers and one writer proceed,
    # and synchronous=NORMAL is durable across a crash of the process (WAL is fsynced at checkpoints).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "quizapp.accounts.login_throttling.throttled_username"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "learning:dashboard"
LOGOUT_REDIRECT_URL = "catalog:home"

# Password-reset mail; local.py prints it to the console instead.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Go Interview Trainer <noreply@localhost>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery closes the database connections around every task unless told to reuse them, and a new
# PostgreSQL connection costs a run about 5 ms. They are kept as in the web (CONN_MAX_AGE) and
# checked before each task instead (quizapp.runs.tasks.database_ready).
CELERY_DB_REUSE_MAX = 10**9
# Runs: the sandbox task has its own queue; it is idempotent, so it is acked late and a killed
# worker's message goes back to the queue. visibility_timeout must exceed the hard time limit.
RUNS_SOFT_TIME_LIMIT_S = int(os.environ.get("RUNS_SOFT_TIME_LIMIT_S", 50))
RUNS_HARD_TIME_LIMIT_S = int(os.environ.get("RUNS_HARD_TIME_LIMIT_S", 60))
# The reaper goes to the queue the workers consume (docker-compose.yml: `-Q sandbox`), never to a
# queue nobody reads; it expires rather than piling up while no worker is there.
RUNS_REAP_EVERY_S = float(os.environ.get("RUNS_REAP_EVERY_S", 10))
CELERY_TASK_ROUTES = {
    "quizapp.runs.tasks.submission_run": {"queue": "sandbox"},
    "quizapp.runs.tasks.source_format_task": {"queue": "sandbox"},
    "quizapp.runs.tasks.submissions_reap_task": {"queue": "sandbox"},
    "quizapp.catalog.tasks.compile_notes_task": {"queue": "sandbox"},
    "quizapp.catalog.tasks.snippet_verify_task": {"queue": "sandbox"},
    "quizapp.rooms.tasks.rooms_expire_task": {"queue": "sandbox"},
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("RUNS_VISIBILITY_TIMEOUT_S", RUNS_HARD_TIME_LIMIT_S * 3)),
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
CELERY_BEAT_SCHEDULE = {
    "reap-submissions": {
        "task": "quizapp.runs.tasks.submissions_reap_task",
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
RUNS_REDIS_PREFIX = os.environ.get("RUNS_REDIS_PREFIX", "quizapp:") + os.environ.get("CELERY_KEY_PREFIX", "")
RUNS_RATE_LIMIT = (int(os.environ.get("RUNS_RATE_LIMIT", 10)), 10)  # runs per window of N seconds
RUNS_ANONYMOUS_IP_RATE_LIMIT = (int(os.environ.get("RUNS_ANONYMOUS_IP_RATE_LIMIT", 30)), 10)
RUNS_MAX_QUEUED = int(os.environ.get("RUNS_MAX_QUEUED", 200))
RUNS_MAX_ATTEMPTS = 2
RUNS_QUEUED_DEADLINE_S = int(os.environ.get("RUNS_QUEUED_DEADLINE_S", 300))
RUNS_CACHE_TTL_S = 7 * 24 * 3600
# /healthz is not ready when the oldest queued run has waited longer than this: runs are not served.
RUNS_HEALTHY_QUEUE_AGE_S = int(os.environ.get("RUNS_HEALTHY_QUEUE_AGE_S", 60))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Only our own scripts and styles: no inline script, no eval (htmx 4 needs neither).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_REQUIRE_TOKEN = env_bool("METRICS_REQUIRE_TOKEN", False)  # production.py: on
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_BYTES", 256 * 1024))

from .rooms import *  # noqa: E402,F403  (settings by concern)

CELERY_BEAT_SCHEDULE["expire-rooms"] = {"task": "quizapp.rooms.tasks.rooms_expire_task", "schedule": ROOMS_EXPIRE_EVERY_S}  # noqa: F405
