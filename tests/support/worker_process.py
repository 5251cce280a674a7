"""A real Celery worker process (tests and bench/pipeline.py use it)."""

import sys
import tempfile
from pathlib import Path

from .processes import ServiceProcess, database_url  # noqa: F401 - database_url: the worker's tests import it here


class CeleryWorker(ServiceProcess):
    def __init__(self, *, env: dict[str, str], concurrency: int = 2, name: str = "worker", beat: bool = False):
        log_path = Path(tempfile.mkdtemp(prefix="quizapp-worker-")) / "worker.log"
        command = [
            sys.executable, "-m", "celery", "-A", "quizapp", "worker", "-Q", "sandbox,celery",
            "--concurrency", str(concurrency), "--loglevel", "INFO", "-n", f"{name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ] + (["--beat", "--schedule", str(log_path.with_name("beat-schedule"))] if beat else [])
        super().__init__(name=f"the Celery worker {name}", command=command, env=env, log_path=log_path,
                         ready_marker=" ready.")
