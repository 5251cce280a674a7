"""The C launcher: cgroup join, rlimits and the uid drop before exec, without running Python in
the child (a preexec_fn forces a full fork of the worker and dirties its pages). Built by warm()
with the machine's C compiler; without one, isolation falls back to a preexec_fn."""

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


def _binary_path() -> Path:
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    return config.state_dir() / f"launcher-{digest}"


def build() -> Optional[Path]:
    """Compile the launcher once (idempotent); None when no C compiler is available."""
    target = _binary_path()
    if target.exists():
        return target
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        return None
    config.ensure_state_dir()
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    result = subprocess.run(
        [compiler, "-O2", "-Wall", "-o", str(partial), str(SOURCE)], capture_output=True, text=True
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        return None
    partial.chmod(0o755)
    os.replace(partial, target)
    path.cache_clear()
    return target


@functools.lru_cache(maxsize=1)
def path() -> Optional[str]:
    if os.environ.get("SANDBOX_LAUNCHER", "auto") == "off":
        return None
    target = _binary_path()
    return str(target) if target.exists() else None


def argv(*, join_files: list[str], limits: list[tuple[int, tuple[int, int]]], drop_to: Optional[tuple[int, int]]) -> list[str]:
    launcher = path()
    assert launcher is not None
    args = [launcher]
    for join_file in join_files:
        args += ["-c", join_file]
    for resource, (soft, hard) in limits:
        args += ["-r", f"{resource}:{_unsigned(soft)}:{_unsigned(hard)}"]
    if drop_to is not None:
        args += ["-u", f"{drop_to[0]}:{drop_to[1]}"]
    return args + ["--"]


def _unsigned(value: int) -> int:
    return value if value >= 0 else 2**64 - 1  # RLIM_INFINITY
