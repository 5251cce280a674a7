# The web tier's gunicorn settings (docker-compose.yml, the Dockerfile's web image and
# bench/classroom.py use this file). The site is I/O-bound: a request mostly waits on PostgreSQL
# or Redis and never on a sandbox (runs and formats are queued jobs the page asks about), so each
# process serves several requests at once on threads (gthread). How to size it: README, "The web tier".
import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# One process per core runs Python (templates, the ORM) in parallel; the threads of a process
# overlap the waits on the database and Redis.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 8))
# No request of this site is long; one stuck that long is killed and its process replaced.
timeout = int(os.environ.get("WEB_TIMEOUT_S", 30))
graceful_timeout = 20
keepalive = 5
# Requests waiting for a free thread queue in the listen backlog rather than being refused.
backlog = int(os.environ.get("WEB_BACKLOG", 2048))
# A process is replaced now and then, so a slow leak cannot grow for ever.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 5000))
max_requests_jitter = 500
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
