import time
from types import SimpleNamespace

import pytest

from quizapp.runs import ratelimit


@pytest.fixture
def session_key():
    return f"test-{time.monotonic_ns()}"


@pytest.fixture
def one_rate_window(monkeypatch):
    """The rate limiter's clock held in the middle of a 10 s window: its windows are fixed, so requests
    that a slow machine spreads across a window's end would be counted in two and let one more through."""
    middle = (int(time.time()) // 10) * 10 + 5.0
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: middle))
