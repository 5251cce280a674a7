import time

import pytest


@pytest.fixture
def session_key():
    return f"test-{time.monotonic_ns()}"
