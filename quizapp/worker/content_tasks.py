"""Content work for the sandbox workers: the 'as written, it does not compile' notes, and the
verification of a snippet staff saved in the admin."""

import logging

from celery import shared_task

from quizapp import task_names
from quizapp.catalog.verification_services import compile_notes_record, snippet_verify_record

log = logging.getLogger(__name__)


@shared_task(name=task_names.COMPILE_NOTES, ignore_result=True)
def compile_notes() -> None:
    recorded = compile_notes_record()
    if recorded:
        log.info("stored %d 'as written' compiler notes", recorded)


@shared_task(name=task_names.SNIPPET_VERIFY, ignore_result=True)
def snippet_verify(snippet_id: int) -> None:
    snippet_verify_record(snippet_id=snippet_id, saved_at=None)
