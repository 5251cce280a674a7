"""The production topology for fault tests: the worker and beat started with the commands of
docker-compose.yml (read from the file, so the tests cannot drift from what ships), against a Redis
the test owns. Only timeouts come from the environment, so a test can shorten them."""

import sys
import time
from pathlib import Path

from django.conf import settings
from ruamel.yaml import YAML

from .processes import ServiceProcess, wait_until

COMPOSE = settings.BASE_DIR / "docker-compose.yml"


def compose_command(service: str) -> list[str]:
    return list(YAML(typ="safe").load(COMPOSE.read_text())["services"][service]["command"])


def compose_worker_queues() -> set[str]:
    command = compose_command("worker")
    return set(command[command.index("-Q") + 1].split(","))


def local_command(service: str, workdir: Path) -> list[str]:
    """The compose command, run by this interpreter; beat's schedule file goes to the test's folder."""
    command = compose_command(service)
    assert command[0] == "celery", command
    command = [sys.executable, "-m", "celery", *command[1:]]
    if "--schedule" in command:
        command[command.index("--schedule") + 1] = str(workdir / f"{service}-schedule")
    return command


class Service(ServiceProcess):
    """One compose service (worker or beat) as a local process group."""

    READY = {"worker": " ready.", "beat": "beat: Starting"}

    def __init__(self, service: str, *, env: dict[str, str], workdir: Path):
        super().__init__(name=service, command=local_command(service, workdir), env=env,
                         log_path=workdir / f"{service}.log", ready_marker=self.READY[service])
        self.service = service

    def start(self, timeout: float = 60.0) -> "Service":
        super().start(timeout)
        return self


def queue_runs(count: int, label: str, sleep_s: float = 0.0) -> list[int]:
    from quizapp.runs import submissions

    ids = []
    for index in range(count):
        code = f"import time\ntime.sleep({sleep_s})\nprint('{label}', {index})\n"
        submission = submissions.submission_create(
            user=None, session_key=f"{label}-{index}", snippet=None, code=code, language="python"
        )
        ids.append(submission.pk)
    return ids


def wait_until_final(ids: list[int], timeout: float = 90.0) -> float:
    from quizapp.runs.models import Submission

    active = Submission.objects.filter(pk__in=ids).exclude(status=Submission.Status.DONE)
    started = time.monotonic()
    try:
        wait_until(lambda: not active.exists(), timeout, f"runs {ids} final", interval=0.1)
        return time.monotonic() - started
    except AssertionError:
        states = sorted(Submission.objects.filter(pk__in=ids).values_list("pk", "status", "claimed_by"))
        raise AssertionError(f"runs not final within {timeout:.0f} s: {states}") from None
