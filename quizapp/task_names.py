"""The worker's tasks by name, and the queue each goes to. The web sends tasks by these names and
never imports the worker's code; tests/quizapp/worker/test_task_names.py checks that every name is a
task the worker registers and that its queue is one the compose worker reads."""

SANDBOX_QUEUE = "sandbox"

SUBMISSION_RUN = "quizapp.worker.tasks.submission_run"
SOURCE_FORMAT = "quizapp.worker.tasks.source_format"
SUBMISSIONS_REAP = "quizapp.worker.tasks.submissions_reap"
COMPILE_NOTES = "quizapp.worker.content_tasks.compile_notes"
SNIPPET_VERIFY = "quizapp.worker.content_tasks.snippet_verify"
ROOMS_EXPIRE = "quizapp.rooms.tasks.rooms_expire_task"

ALL = (SUBMISSION_RUN, SOURCE_FORMAT, SUBMISSIONS_REAP, COMPILE_NOTES, SNIPPET_VERIFY, ROOMS_EXPIRE)
ROUTES = {name: {"queue": SANDBOX_QUEUE} for name in ALL}
