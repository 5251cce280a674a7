"""Content work for the sandbox workers: the 'as written, it does not compile' notes."""

import logging

from celery import shared_task
from celery.signals import worker_ready

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def compile_notes_task() -> None:
    from .verification_services import compile_notes_record

    recorded = compile_notes_record()
    if recorded:
        log.info("stored %d 'as written' compiler notes", recorded)


@shared_task(ignore_result=True)
def snippet_verify_task(snippet_id: int) -> None:
    from .verification_services import snippet_verify_record

    snippet_verify_record(snippet_id=snippet_id, saved_at=None)


def compile_notes_queue() -> None:
    """Queue the notes if any is missing; without a broker the next worker start queues them."""
    from .verification_services import snippets_missing_compile_note

    if not snippets_missing_compile_note():
        return
    try:
        compile_notes_task.delay()
    except Exception as error:  # noqa: BLE001 - the import must not fail because the broker is down
        log.warning("compile notes not queued (%s); a worker queues them when it starts", error)


@worker_ready.connect
def compile_notes_on_start(**_) -> None:
    compile_notes_queue()
