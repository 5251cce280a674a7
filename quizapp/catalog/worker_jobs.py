"""Content jobs the catalog hands to the sandbox workers, sent by task name (quizapp.task_names):
the web never imports the worker's code."""

import logging

from celery import current_app

from quizapp import task_names

from .verification_services import snippets_missing_compile_note

log = logging.getLogger(__name__)


def compile_notes_queue() -> None:
    """Queue the 'as written, it does not compile' notes if any is missing; without a broker the next
    worker start queues them."""
    if not snippets_missing_compile_note():
        return
    try:
        current_app.send_task(task_names.COMPILE_NOTES)
    except Exception as error:  # noqa: BLE001 - the import must not fail because the broker is down
        log.warning("compile notes not queued (%s); a worker queues them when it starts", error)


def snippet_verify_queue(snippet_id: int) -> None:
    current_app.send_task(task_names.SNIPPET_VERIFY, args=(snippet_id,))
