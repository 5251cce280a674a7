"""One harness for the processes tests start (a Celery worker, the compose topology's worker and
beat), and one way to wait for a condition."""

import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings


def wait_until(condition, timeout: float, what: str, interval: float = 0.05):
    """condition()'s first truthy value; fails, naming `what`, after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL that points another process at the same database as this connection."""
    engine, name = settings_dict["ENGINE"], str(settings_dict["NAME"])
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{name}"


class ServiceProcess:
    """A process in a session of its own, logging to a file, ready when its log says `ready_marker`."""

    def __init__(self, *, name: str, command: list[str], env: dict[str, str], log_path: Path, ready_marker: str):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_path
        self.ready_marker = ready_marker.encode()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> "ServiceProcess":  # warming every Go toolchain is slow when busy
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, env=self.env, cwd=settings.BASE_DIR, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until(lambda: self._ready(offset), timeout, f"{self.name} ready")
        except AssertionError:
            self.stop()
            raise RuntimeError(f"{self.name} was not ready within {timeout:.0f} s:\n{self.log()[-3000:]}") from None
        return self

    def _ready(self, offset: int) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
        return self.ready_marker in self.log_path.read_bytes()[offset:]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group, as when a container dies or the OOM killer strikes."""
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
