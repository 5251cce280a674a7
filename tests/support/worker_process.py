"""Start and stop a real Celery worker process (tests and bench/pipeline.py use it)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings


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


class CeleryWorker:
    def __init__(self, *, env: dict[str, str], concurrency: int = 2, name: str = "worker", beat: bool = False):
        self.env = env
        self.concurrency = concurrency
        self.name = name
        self.beat = beat
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.mkdtemp(prefix="quizapp-worker-")) / "worker.log"

    def start(self, timeout: float = 120.0) -> "CeleryWorker":  # warming every Go toolchain is slow on a busy machine
        command = [
            sys.executable, "-m", "celery", "-A", "quizapp", "worker", "-Q", "sandbox,celery",
            "--concurrency", str(self.concurrency), "--loglevel", "INFO", "-n", f"{self.name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ] + (["--beat", "--schedule", str(self.log_path.with_name("beat-schedule"))] if self.beat else [])
        log = self.log_path.open("ab")
        start_offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            command, env=self.env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            if b" ready." in self.log_path.read_bytes()[start_offset:]:
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the Celery worker was not ready within {timeout:.0f} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash or the OOM killer would."""
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
