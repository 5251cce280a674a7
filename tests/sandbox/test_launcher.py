import os
import subprocess

import pytest

from sandbox import config, launcher

from .helpers import FORK_BOMB_ROOM, Limits, Verdict, assert_host_untouched, run_py

WHO_AM_I = ("import os, resource\n"
            "print(os.getuid(), os.getgid(), os.getgroups(), resource.getrlimit(resource.RLIMIT_NOFILE))")


@pytest.fixture
def launcher_off(monkeypatch):
    monkeypatch.setenv("SANDBOX_LAUNCHER", "off")
    launcher.path.cache_clear()
    yield
    monkeypatch.delenv("SANDBOX_LAUNCHER")
    launcher.path.cache_clear()


def assert_sandbox_identity(stdout):
    """A root worker starts each sandbox as a uid of the reserved range (gid the same number, no
    groups); any other worker as itself."""
    uid, gid, *rest = stdout.split()
    if os.geteuid() == 0:
        cfg = config.current()
        assert uid == gid and cfg.uid_base <= int(uid) < cfg.uid_base + cfg.uid_count, stdout
        assert rest[0] == "[]", stdout
    else:
        assert (int(uid), int(gid)) == (os.getuid(), os.getgid()), stdout


def test_warm_builds_the_launcher_and_the_init_without_a_dynamic_loader():
    """Each is started for every sandbox: static, neither waits on ld.so to map libc first."""
    assert launcher.path() is not None
    for binary in (launcher.path(), launcher.init_path()):
        with open(binary, "rb") as handle:
            assert b"/ld-linux" not in handle.read(), f"{binary} is dynamically linked"


def test_launcher_drops_privileges_and_sets_rlimits():
    result = run_py(WHO_AM_I, limits=Limits(open_files=33))
    assert result.verdict == Verdict.OK, result
    assert_sandbox_identity(result.stdout)
    assert "(33, 33)" in result.stdout


def test_without_the_launcher_the_python_child_setup_does_the_same(launcher_off):
    assert launcher.path() is None
    result = run_py(WHO_AM_I, limits=Limits(open_files=33))
    assert result.verdict == Verdict.OK, result
    assert_sandbox_identity(result.stdout)
    assert "(33, 33)" in result.stdout
    fork_bomb = run_py("import os\nwhile True:\n    os.fork()\n", limits=FORK_BOMB_ROOM)
    assert fork_bomb.verdict == Verdict.RUNTIME_ERROR, fork_bomb
    assert_host_untouched()


def test_launcher_refuses_bad_usage_with_a_message():
    result = subprocess.run([launcher.path(), "-r", "nonsense", "--", "/bin/true"], capture_output=True, text=True)
    assert result.returncode == 127
    assert "bad rlimit" in result.stderr


def test_launcher_fails_closed_when_it_cannot_join_the_cgroup(tmp_path):
    missing = tmp_path / "no-such-cgroup" / "cgroup.procs"
    result = subprocess.run([launcher.path(), "-c", str(missing), "--", "/bin/true"], capture_output=True, text=True)
    assert result.returncode == 127
    assert "cannot join cgroup" in result.stderr
