"""The binaries a compiled language built, kept by a key of everything that decides the build
(toolchain, flags, source), and the builds that failed, so the same source is not built again and
again. Any compiled language uses it (as DMOJ's compiled executors share one cache in their family
class); each names its own directory under the state dir.

Entries are written whole (copy, then rename) so that workers sharing the state dir never see a
half-written binary; the least recently used go first when a directory is over its budget.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Optional

from . import config
from .reaping import holding_starts


class BinaryCache:
    def __init__(self, name: str):
        self.name = name  # the language's: state_dir/<name>/bin and state_dir/<name>/failed

    @property
    def directory(self) -> Path:
        return config.state_dir() / self.name / "bin"

    @property
    def failed_directory(self) -> Path:
        return config.state_dir() / self.name / "failed"

    def lookup(self, key: str) -> Optional[Path]:
        """The cached binary for this key (marked as just used), or None."""
        path = self.directory / key
        return path if _touch(path) else None

    def fits(self, built: Path) -> bool:
        """A binary larger than this runs once from its run directory and is not kept."""
        return built.stat().st_size <= config.current().cacheable_binary_bytes

    def install(self, built: Path, key: str) -> Path:
        """Copy (not move: the built file is owned by the sandbox user), then rename atomically."""
        binary = self.directory / key
        binary.parent.mkdir(parents=True, exist_ok=True)
        tmp = binary.parent / f".{binary.name}.{os.getpid()}.{time.monotonic_ns()}"
        with holding_starts():
            shutil.copyfile(built, tmp)
        tmp.chmod(0o755)
        os.replace(tmp, binary)
        _evict(binary.parent, keep_bytes=config.current().binary_cache_bytes)
        return binary

    def failure(self, key: str) -> Optional[dict]:
        """What a remembered failed build of this key said, or None."""
        record = self.failed_directory / key
        try:
            data = json.loads(record.read_text())
        except (FileNotFoundError, ValueError):
            return None
        _touch(record)
        return data

    def remember_failure(self, key: str, data: dict) -> None:
        record = self.failed_directory / key
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f".{record.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, record)
        _evict(record.parent, keep_files=config.current().failed_builds_kept)


def _touch(path: Path) -> bool:
    """Mark a cache entry as just used (its mtime orders eviction); False if it is not there."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    return True


def _evict(directory: Path, *, keep_bytes: int = 0, keep_files: int = 0) -> None:
    """Remove the least recently used entries until the directory fits (bytes or file count)."""
    entries = []
    for entry in os.scandir(directory):
        try:
            info = entry.stat()
        except FileNotFoundError:
            continue  # evicted by another worker meanwhile
        entries.append((info.st_mtime_ns, info.st_size, entry.path))
    entries.sort(reverse=True)
    total = 0
    for count, (_, size, path) in enumerate(entries, 1):
        total += size
        if (keep_bytes and total > keep_bytes) or (keep_files and count > keep_files):
            Path(path).unlink(missing_ok=True)
