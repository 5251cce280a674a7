"""Starting a run: one statement moves a queued row to running for this worker process and reads
back the row, and whether its result may be shared. On a busy worker each statement costs a run
about a millisecond, so the start is one round trip, not three (claim, read, the catalog look-up).

A program's result may be shared only where a fresh run would be the same: not a program the
content marks nondeterministic (map order, scheduling, time, randomness), on its page or elsewhere.
"""

from django.db import connection
from django.utils import timezone

from quizapp.catalog.models import Snippet

from quizapp.runs.models import Submission


def _start_sql() -> str:
    quote = connection.ops.quote_name
    run, snippet = quote(Submission._meta.db_table), quote(Snippet._meta.db_table)
    columns = ", ".join(f"{run}.{quote(field.column)}" for field in Submission._meta.concrete_fields)
    return (
        f"UPDATE {run} SET status = %s, started_at = %s, attempts = attempts + 1, claimed_by = %s "
        f"WHERE id = %s AND status = %s "
        f"RETURNING {columns}, NOT EXISTS (SELECT 1 FROM {snippet} marked WHERE marked.nondeterministic "
        f"AND (marked.id = {run}.snippet_id "
        f"OR (marked.language = {run}.language AND marked.solution_code = {run}.code))) AS shareable"
    )


def submission_start(*, submission_id: int, claimer: str) -> Submission | None:
    """The run, now running and claimed by `claimer`, with `shareable` set; None when it was not
    queued (a duplicate message, or the reaper ended it)."""
    started_at = Submission._meta.get_field("started_at").get_db_prep_value(timezone.now(), connection)
    params = [Submission.Status.RUNNING, started_at, claimer, submission_id, Submission.Status.QUEUED]
    started = list(Submission.objects.raw(_start_sql(), params))
    if not started:
        return None
    submission = started[0]
    submission.shareable = bool(submission.shareable)
    return submission
