import pytest

import sandbox
import sandbox.languages


@pytest.fixture(scope="session", autouse=True)
def warmed():
    sandbox.warm()  # prebuilds the Go std cache once (idempotent, shared via flock)


@pytest.fixture(params=sandbox.languages.get("go").toolchain_ids())
def go_toolchain(request):
    """Each installed Go (today go1.27 and go1.21): isolation must not depend on the toolchain."""
    return request.param


@pytest.fixture(autouse=True)
def children_snapshot():
    from .helpers import remember_children

    remember_children()
