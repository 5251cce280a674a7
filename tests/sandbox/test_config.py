"""The sandbox's one configuration object: every SANDBOX_* knob read in sandbox/config.py only,
and the named limit profiles."""

import ast
from pathlib import Path

import pytest

from sandbox import Limits, config

pytestmark = pytest.mark.unit

PACKAGE = Path(config.__file__).parent


def environment_reads(path: Path) -> list[str]:
    """What a file reads of the environment: the variable's name ("?" when not a literal)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr == "getenv" or (node.func.attr == "get" and "environ" in ast.unparse(node.func))):
            found.append(node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else "?")
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ"):
            found.append(node.slice.value if isinstance(node.slice, ast.Constant) else "?")
    return found


def test_no_module_but_config_reads_the_environment():
    reads = {str(path.relative_to(PACKAGE.parent)): environment_reads(path) for path in sorted(PACKAGE.rglob("*.py"))
             if path.name != "config.py"}
    # CC (the C compiler warm() builds the helpers with) is the one read elsewhere: not a SANDBOX_ knob.
    assert {path: names for path, names in reads.items() if names} == {"sandbox/launcher.py": ["CC"]}


def test_every_knob_is_read_from_the_environment():
    env = {"SANDBOX_STATE_DIR": "/srv/state", "SANDBOX_UID": "1000", "SANDBOX_GID": "1001", "SANDBOX_UID_BASE": "5000",
           "SANDBOX_UID_COUNT": "8", "SANDBOX_UID_LOCK_DIR": "/srv/uids", "SANDBOX_BWRAP": "/opt/bwrap",
           "SANDBOX_TOOLCHAINS_DIR": "/opt/go", "SANDBOX_CGROUP": "v2", "SANDBOX_CGROUP_PARENT": "/sandbox",
           "SANDBOX_POOL_SIZE": "3", "SANDBOX_POOL_WAIT_S": "1.5", "SANDBOX_LAUNCHER": "off",
           "SANDBOX_INIT": "/opt/init", "SANDBOX_PYTHON": "/opt/python3", "SANDBOX_GOROOT": "/opt/goroot",
           "SANDBOX_GO_WARM": "common", "SANDBOX_GO_CACHE_BYTES": "100", "SANDBOX_GO_CACHEABLE_BYTES": "10",
           "SANDBOX_GO_FAILED_BUILDS": "7"}
    cfg = config.Config.from_env(env)
    assert (cfg.state_dir, cfg.uid, cfg.gid, cfg.uid_base, cfg.uid_count, cfg.uid_lock_dir) == (
        Path("/srv/state"), 1000, 1001, 5000, 8, Path("/srv/uids"))
    assert (cfg.bwrap, cfg.toolchains_dir, cfg.cgroup, cfg.cgroup_parent) == ("/opt/bwrap", Path("/opt/go"), "v2",
                                                                            "/sandbox")
    assert (cfg.pool_size, cfg.pool_wait_s, cfg.launcher, cfg.init, cfg.python) == (3, 1.5, "off", "/opt/init",
                                                                                   "/opt/python3")
    assert (cfg.goroot, cfg.go_warm, cfg.binary_cache_bytes, cfg.cacheable_binary_bytes, cfg.failed_builds_kept) == (
        "/opt/goroot", "common", 100, 10, 7)
    assert len(env) == len([name for name in env if name.startswith("SANDBOX_")]) == 20


def test_defaults_without_any_knob():
    cfg = config.Config.from_env({})
    assert (cfg.uid_base, cfg.uid_count, cfg.pool_size, cfg.cgroup) == (config.DEFAULT_UID_BASE, 4096, 2, "auto")
    assert config.uid_range_on(cfg)
    assert not config.uid_range_on(config.Config.from_env({"SANDBOX_UID_BASE": "0"}))


def test_named_limit_profiles():
    assert config.limits("run") == Limits()
    canary = config.limits("canary", memory_bytes=64 << 20)
    assert (canary.cpu_time_s, canary.wall_time_s, canary.memory_bytes) == (10, 30, 64 << 20)
    limits = Limits(cpu_time_s=1, build_cpu_time_s=9, output_bytes=10)
    assert config.budget("run", limits)["cpu_time_s"] == 1
    build = config.budget("build", limits)
    assert (build["cpu_time_s"], build["output_bytes"]) == (9, config.BUILD_OUTPUT_BYTES)
    assert set(build) == set(config.BUDGET_FIELDS)
    with pytest.raises(KeyError):
        config.budget("format", limits)


def test_the_parsed_configuration_is_keyed_on_every_knob_from_env_reads():
    """config.current() parses once per set of ENV_NAMES values: a knob read but left out of them
    would keep its first value for the life of the process."""
    import inspect
    import re

    read = set(re.findall(r'read\("(SANDBOX_[A-Z_]+)"\)', inspect.getsource(config.Config.from_env)))
    assert read == set(config.ENV_NAMES)


def test_a_changed_knob_is_seen_on_the_next_call(monkeypatch):
    monkeypatch.setenv("SANDBOX_POOL_SIZE", "3")
    assert config.current().pool_size == 3
    monkeypatch.setenv("SANDBOX_POOL_SIZE", "0")
    assert config.current().pool_size == 0
