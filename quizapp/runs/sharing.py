"""Sharing a run: its owner makes a read-only link, as the Go Playground does."""

import secrets

from django.db import transaction

from .models import Submission


def submission_share(*, submission: Submission) -> str:
    """The run's share id, made (unguessable, 128 bits) the first time its owner asks; only a finished run."""
    if submission.share_id:
        return submission.share_id
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk, share_id__isnull=True, status=Submission.Status.DONE).update(
            share_id=secrets.token_urlsafe(16))
    submission.refresh_from_db(fields=["share_id"])
    return submission.share_id or ""
