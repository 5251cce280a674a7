"""The interview rooms' live path as the compose stack runs it (uvicorn serving quizapp.asgi), started
on a free port for a test or a benchmark: one command line for both."""

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def live_service_start(port: int, env: dict, log_level: str = "warning", timeout_s: float = 60) -> subprocess.Popen:
    """uvicorn on 127.0.0.1:port, once it accepts connections; RuntimeError if it exits or never does."""
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "quizapp.asgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--ws", "websockets-sansio", "--timeout-graceful-shutdown", "3", "--log-level", log_level],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("uvicorn exited; see its output above") from None
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"uvicorn did not start within {timeout_s:.0f} s")
