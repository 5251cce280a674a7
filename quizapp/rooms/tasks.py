"""The rooms' expiry schedule (Celery beat, CELERY_BEAT_SCHEDULE["expire-rooms"]): idempotent, any worker."""

import logging

from celery import shared_task

from quizapp import task_names

from .services import rooms_expire

log = logging.getLogger(__name__)


@shared_task(name=task_names.ROOMS_EXPIRE, ignore_result=True)
def rooms_expire_task() -> int:
    deleted = rooms_expire()
    if deleted:
        log.info("deleted %d expired interview-room rows", deleted)
    return deleted
