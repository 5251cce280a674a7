"""Run untrusted Go and Python snippets in bubblewrap sandboxes. No Django imports."""

from .api import cache_key, format_source, run, run_retrying, tidy, toolchain_versions, validate, warm
from .models import CheckerSpec, Failure, Limits, RunRequest, RunResult, SourceRejected, Verdict

__all__ = [
    "CheckerSpec",
    "Failure",
    "Limits",
    "RunRequest",
    "RunResult",
    "SourceRejected",
    "Verdict",
    "cache_key",
    "format_source",
    "run",
    "run_retrying",
    "tidy",
    "toolchain_versions",
    "validate",
    "warm",
]
