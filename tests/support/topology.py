"""The production topology for fault tests: the worker and beat started with the commands of
docker-compose.yml (read from the file, so the tests cannot drift from what ships), against a Redis
the test owns. Only timeouts come from the environment, so a test can shorten them."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from ruamel.yaml import YAML

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


class Service:
    """One compose service (worker or beat) as a local process group."""

    READY = {"worker": " ready.", "beat": "beat: Starting"}

    def __init__(self, service: str, *, env: dict[str, str], workdir: Path):
        self.service = service
        self.env = env
        self.workdir = workdir
        self.log_path = workdir / f"{service}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> "Service":
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                local_command(self.service, self.workdir), env=self.env, cwd=settings.BASE_DIR,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.service} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            if self.READY[self.service].encode() in self.log_path.read_bytes()[offset:]:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.service} was not ready within {timeout:.0f} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group, as when the container dies or the OOM killer strikes."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 15.0) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        found, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            found.extend(children.get(pid, []))
            pending.extend(children.get(pid, []))
        return found


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


def wait_until(predicate, timeout: float, what: str) -> float:
    """Seconds until predicate() held; fails after timeout."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what} not within {timeout:.0f} s")
        time.sleep(0.1)
    return time.monotonic() - started


def wait_until_final(ids: list[int], timeout: float = 90.0) -> float:
    from quizapp.runs.models import Submission

    active = Submission.objects.filter(pk__in=ids).exclude(status=Submission.Status.DONE)
    try:
        return wait_until(lambda: not active.exists(), timeout, f"runs {ids} final")
    except AssertionError:
        states = sorted(Submission.objects.filter(pk__in=ids).values_list("pk", "status", "claimed_by"))
        raise AssertionError(f"runs not final within {timeout:.0f} s: {states}") from None
