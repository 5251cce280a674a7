import pytest

import sandbox


@pytest.fixture(scope="session", autouse=True)
def warmed():
    sandbox.warm()  # prebuilds the Go std cache once (idempotent, shared via flock)


@pytest.fixture(autouse=True)
def children_snapshot():
    from .helpers import remember_children

    remember_children()
