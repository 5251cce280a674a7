"""The one place a snippet (its canonical program, or a learner's attempt at it) becomes a sandbox run request."""

from sandbox import CheckerSpec, RunRequest, checkers

from .models import Snippet


def snippet_program(snippet: Snippet, *, code: str | None = None) -> str:
    """The code (the canonical solution unless given), followed by the hidden harness if any."""
    code = snippet.solution_code if code is None else code
    if snippet.harness:
        return code.rstrip("\n") + "\n\n" + snippet.harness
    return code


def snippet_run_request(*, snippet: Snippet, code: str | None = None, toolchain: str = ""):
    """A run judged against the snippet's expected outcome on that toolchain ("" is the language's default)."""
    expected, checker, checker_arg = snippet.expected_on(toolchain)
    return RunRequest(
        language=snippet.language, source=snippet_program(snippet, code=code), stdin=snippet.stdin,
        toolchain=toolchain, expected_output=expected if checkers.CHECKERS[checker].compares_output else None,
        checker=CheckerSpec(kind=checker, arg=checker_arg or None),
    )
