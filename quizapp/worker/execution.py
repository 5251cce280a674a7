"""The seam between a run and the sandbox: `execute(request)` returns the sandbox's result.

Which function executes is the setting RUNS_EXECUTOR (a dotted path): the sandbox in every real
process, a fake in the tests that need none (tests/support/fake_sandbox.py)."""

from django.conf import settings
from django.utils.module_loading import import_string

import sandbox


def execute(request: sandbox.RunRequest) -> sandbox.RunResult:
    return import_string(settings.RUNS_EXECUTOR)(request)


def sandbox_execute(request: sandbox.RunRequest) -> sandbox.RunResult:
    """A run in the sandbox; INTERNAL_ERROR is ours, not the learner's, so it gets one more try."""
    return sandbox.run_retrying(request)
