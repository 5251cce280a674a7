"""The small C helpers, built by warm() with the machine's C compiler.

- the launcher joins the cgroup, sets rlimits and drops the uid before exec'ing bwrap, without
  running Python in the forked child (a preexec_fn forces a full fork of the worker and dirties
  its pages); without it, isolation falls back to a preexec_fn;
- the init is the sandbox's pid 1 and the only source of a run's exit status (see init.c); it is
  required: without it no run starts, and the run says why.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional

from . import config

SOURCE = Path(__file__).with_name("launcher.c")
INIT_SOURCE = Path(__file__).with_name("init.c")
STATIC = ("-static",)


def _binary_path(source: Path, flags: tuple[str, ...]) -> Path:
    digest = hashlib.sha256(source.read_bytes() + repr(flags).encode()).hexdigest()[:16]
    return config.state_dir() / f"{source.stem}-{digest}"


def _compile(source: Path, *flags: str) -> Optional[Path]:
    target = _binary_path(source, flags)
    if target.exists():
        return target
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        return None
    config.ensure_state_dir()
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    result = subprocess.run(
        [compiler, "-O2", "-Wall", *flags, "-o", str(partial), str(source)], capture_output=True, text=True
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        return None
    partial.chmod(0o755)
    os.replace(partial, target)
    return target


def build() -> Optional[Path]:
    """Compile the launcher and the init once (idempotent); None when the launcher cannot be built."""
    _compile(INIT_SOURCE, *STATIC)
    # Static as well where it links: no dynamic loader on every sandbox's start (a quarter of its time).
    target = _compile(SOURCE, *STATIC) or _compile(SOURCE)
    path.cache_clear()
    return target


@functools.lru_cache(maxsize=1)
def path() -> Optional[str]:
    if config.current().launcher == "off":
        return None
    built = [target for target in (_binary_path(SOURCE, STATIC), _binary_path(SOURCE, ())) if target.exists()]
    return str(built[0]) if built else None


def init_path() -> str:
    """The built init, or RuntimeError saying how to get one."""
    explicit = config.current().init
    target = Path(explicit) if explicit else _binary_path(INIT_SOURCE, STATIC)
    if not target.exists():
        raise RuntimeError(
            f"the sandbox init {target} is missing: run `python -m sandbox warm` on a machine with a C compiler "
            "and static libc (gcc, libc6-dev)"
        )
    return str(target)


def argv(launcher: str, *, join_files: list[str], limits: list[tuple[int, tuple[int, int]]],
         moves: dict[int, int], drop_to: Optional[tuple[int, int]],
         tmp: Optional[tuple[str, int, int]] = None) -> list[str]:
    """tmp: (mountpoint, bytes, inodes) of the /tmp the launcher mounts for the sandbox."""
    args = [launcher]
    for source, target in moves.items():
        args += ["-d", f"{source}:{target}"]
    for join_file in join_files:
        args += ["-c", join_file]
    for resource, (soft, hard) in limits:
        args += ["-r", f"{resource}:{_unsigned(soft)}:{_unsigned(hard)}"]
    if tmp is not None:
        args += ["-t", f"{tmp[0]}:{tmp[1]}:{tmp[2]}"]
    if drop_to is not None:
        args += ["-u", f"{drop_to[0]}:{drop_to[1]}"]
    return args + ["--"]


def _unsigned(value: int) -> int:
    return value if value >= 0 else 2**64 - 1  # RLIM_INFINITY
