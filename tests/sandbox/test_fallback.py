"""Without a writable cgroup the sandbox still bounds memory (rlimits) and says so."""

import pytest

from sandbox import Limits, Verdict, cgroups, pool

from .helpers import run_py


@pytest.fixture
def no_cgroups(monkeypatch):
    # A worker without cgroups has no pool (RLIMIT_NPROC counts every process of the sandbox
    # user): this suite's sandboxes waiting in the pool would spend the runs' budget here.
    current = pool.current()
    if current is not None:
        current.clear()
    monkeypatch.setenv("SANDBOX_CGROUP", "none")
    cgroups.backend.cache_clear()
    yield
    monkeypatch.undo()
    cgroups.backend.cache_clear()


def test_rlimit_fallback_reports_itself(no_cgroups):
    result = run_py("print('hi')")
    assert result.verdict == Verdict.OK, (result.message, result.stderr)
    assert result.memory_enforcement == "rlimit"


def test_rlimit_fallback_memory_limit(no_cgroups):
    result = run_py("x = bytearray(200 << 20)", limits=Limits(memory_bytes=64 << 20))
    assert result.verdict == Verdict.MEMORY_LIMIT
    assert result.memory_enforcement == "rlimit"


def test_rlimit_fallback_cpu_limit(no_cgroups):
    result = run_py("while True:\n    pass", limits=Limits(cpu_time_s=0.5))
    assert result.verdict == Verdict.TIME_LIMIT


def test_cgroup_mode_is_detected_here():
    assert cgroups.backend().kind in ("cgroup_v1", "cgroup_v2", "rlimit")


def test_without_cgroups_no_sandbox_waits_in_the_pool(no_cgroups):
    """RLIMIT_NPROC counts every process of the sandbox user: waiting sandboxes would spend the runs' budget."""
    assert run_py("print('hi')").verdict == Verdict.OK
    current = pool.current()
    current.quiesce()
    assert all(sandbox.launch.backend.kind != "rlimit" for sandbox in current.idle_sandboxes())
