import pytest

import sandbox


@pytest.fixture(scope="session", autouse=True)
def warmed():
    sandbox.warm()  # prebuilds the Go std cache once (idempotent, shared via flock)
