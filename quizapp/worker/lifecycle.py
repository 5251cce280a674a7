"""Everything a worker does around its tasks, wired to Celery's signals here and nowhere else, in
the order a worker lives them: the main process starts (toolchains warmed), pool processes start
(what a dead one left is tidied), the worker is ready (heartbeat, sandbox canary, content notes),
each task starts (its database connection checked), and the worker shuts down."""

import logging
import select

from celery.signals import task_prerun, worker_init, worker_process_init, worker_ready, worker_shutdown
from django.db import connections

import sandbox
from quizapp.catalog.worker_jobs import compile_notes_queue

from . import heartbeat, sandbox_watch

log = logging.getLogger(__name__)


def warm_toolchains(**_) -> None:
    try:
        sandbox.warm()
        log.info("sandbox toolchains warm: %s", sandbox.toolchain_versions())
    except Exception:  # noqa: BLE001 - a cold cache only makes the first Go run slow
        log.exception("could not warm the sandbox toolchains")


def tidy_sandboxes(**_) -> None:
    """A pool process replacing one that died (a hard time limit) clears what that one's sandboxes left."""
    try:
        sandbox.tidy()
    except Exception:  # noqa: BLE001 - leftovers cost disk and kernel memory, not correctness
        log.exception("could not tidy the sandbox state")


def worker_started(sender=None, **_) -> None:
    heartbeat.start()
    sandbox_watch.start(sender.app, sender.hostname)
    compile_notes_queue()


def database_ready(**_) -> None:
    """What Django does before each request: a connection that failed or outlived CONN_MAX_AGE is
    replaced, and so is one the server closed while the worker waited (a restart), which a health
    query would find with one more round trip per run and its socket shows without one."""
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
        if conn.connection is not None and _closed_by_server(conn.connection):
            conn.close()


def _closed_by_server(raw) -> bool:
    """An idle PostgreSQL connection has nothing to read unless the server said goodbye and closed it."""
    if not hasattr(raw, "fileno"):
        return False  # SQLite: a file, no server to lose
    try:
        return bool(select.select([raw.fileno()], [], [], 0)[0])
    except Exception:  # noqa: BLE001 - closed on our side already, or no longer a socket
        return True


def worker_stopping(**_) -> None:
    sandbox_watch.stop()
    heartbeat.stop()


def connect() -> None:
    """Called once when Django starts (quizapp.worker.apps); the signals fire only in a worker."""
    worker_init.connect(warm_toolchains, weak=False)
    worker_process_init.connect(tidy_sandboxes, weak=False)
    worker_ready.connect(worker_started, weak=False)
    task_prerun.connect(database_ready, weak=False)
    worker_shutdown.connect(worker_stopping, weak=False)
