"""A stand-in for the sandbox behind quizapp.worker.execution, for tests that need no sandbox:
the `fake_sandbox` fixture points RUNS_EXECUTOR at `execute` and says what it answers."""

from collections.abc import Callable

import sandbox


class FakeSandbox:
    def __init__(self):
        self.requests: list[sandbox.RunRequest] = []
        self.answer: Callable[[sandbox.RunRequest], sandbox.RunResult] = (
            lambda request: sandbox.RunResult(verdict=sandbox.Verdict.OK, language=request.language))

    def returns(self, **fields) -> None:
        """Every run ends with a result made of these fields (verdict as a Verdict or its name)."""
        verdict = sandbox.Verdict(fields.pop("verdict", "OK"))
        self.answer = lambda request: sandbox.RunResult(verdict=verdict, language=request.language, **fields)

    def __call__(self, request: sandbox.RunRequest) -> sandbox.RunResult:
        self.requests.append(request)
        return self.answer(request)


current = FakeSandbox()


def execute(request: sandbox.RunRequest) -> sandbox.RunResult:
    return current(request)
