"""The canary: known programs per language through this machine's own sandbox, each with the
verdict it must get (DMOJ's judge self-tests its executors the same way). A worker whose canary
fails must not take runs: every verdict it gave would blame the learner for the machine."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from . import api, config, languages, pool
from .models import RunRequest


@dataclass
class CanaryReport:
    ok: bool
    failures: list[str] = field(default_factory=list)
    checked: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        if self.ok:
            return f"{self.checked} known programs gave their verdicts in {self.seconds:.1f} s"
        return "; ".join(self.failures)


def run_canary(names: list[str] | None = None) -> CanaryReport:
    started = time.monotonic()
    api.tidy()  # the worker's main process adopts the sandboxes of a pool process that died
    nonce = uuid.uuid4().hex
    report = CanaryReport(ok=True)
    for name in names or languages.names():
        for test in languages.get(name).self_tests:
            limits = config.limits("canary")
            if test.memory_bytes:
                limits = config.limits("canary", memory_bytes=test.memory_bytes)
            source = test.source.replace("{nonce}", nonce)
            request = RunRequest(language=name, source=source, expected_output=test.expected_output, limits=limits)
            with pool.bypassed():  # new sandboxes must start: a pooled one would hide a host that broke since
                result = api.run(request)
            report.checked += 1
            if result.verdict.value != test.verdict:
                report.ok = False
                report.failures.append(
                    f"{name} {test.name}: expected {test.verdict}, got {result.verdict} ({result.message})")
    report.seconds = time.monotonic() - started
    return report
