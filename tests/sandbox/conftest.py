import pytest

import sandbox
import sandbox.languages


@pytest.fixture(scope="session")
def warmed():
    sandbox.warm()  # prebuilds the Go std cache once (idempotent, shared via flock)


@pytest.fixture(autouse=True)
def warmed_unless_unit(request):
    """A test marked unit here (pure functions: checkers, the configuration, uid slots) needs no
    toolchain and no sandbox, so `pytest -m unit` stays fast; every other test gets warm caches."""
    if request.node.get_closest_marker("unit") is None:
        request.getfixturevalue("warmed")


@pytest.fixture(params=sandbox.languages.get("go").toolchain_ids())
def go_toolchain(request):
    """Each installed Go (today go1.27 and go1.21): isolation must not depend on the toolchain."""
    return request.param


@pytest.fixture(autouse=True)
def children_snapshot():
    from .helpers import remember_children

    remember_children()


@pytest.fixture(autouse=True)
def runs_in_pooled_sandboxes(monkeypatch):
    """Every attack here meets a sandbox the pool prepared ahead of its run (the service's path),
    not one started for it: a run waits for the pool thread to prepare one of its kind."""
    monkeypatch.setenv("SANDBOX_POOL_WAIT_S", "10")
