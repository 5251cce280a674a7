"""Per-run cgroups: memory + pids (+ cpu accounting), on cgroup v2, v1, or none.

The sandbox process joins its cgroup from the forked child before exec (writing
its own pid), so every descendant is accounted from the first instruction.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import secrets
import signal
import time
from pathlib import Path
from typing import Optional

from . import config

CGROUP_ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


def _read(path: Path) -> str:
    try:
        with open(path, "rb", buffering=0) as handle:
            return handle.readall().decode(errors="replace")
    except OSError:
        return ""


def _read_int(path: Path) -> Optional[int]:
    return _int(_read(path).strip())


def _int(text: str) -> Optional[int]:
    return int(text) if text.isascii() and text.removeprefix("-").isdigit() else None


def _keyed(path: Path) -> dict[str, int]:
    pairs = (line.split() for line in _read(path).splitlines())
    return {parts[0]: value for parts in pairs if len(parts) == 2 and (value := _int(parts[1])) is not None}


def _own_paths() -> dict[str, str]:
    """Map controller name ('' for v2) -> this process's cgroup path."""
    paths = {}
    for line in _read(Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            paths[name] = path
    return paths


def _unique_name() -> str:
    return f"sandbox-{os.getpid()}-{next(_counter)}-{secrets.token_hex(3)}"


def _probe_writable(parent: Path) -> bool:
    probe = parent / _unique_name()
    try:
        probe.mkdir()
    except OSError:
        return False
    try:
        probe.rmdir()
    except OSError:
        pass
    return True


def _kill_procs(procs_file: Path) -> None:
    for _ in range(50):
        pids = [int(p) for p in _read(procs_file).split()]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.002)


def _rmdir(path: Path) -> None:
    for attempt in range(100):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                return
            time.sleep(0.002 * (attempt + 1))


class Cgroup:
    """One run's cgroup(s). Subclasses know their file names."""

    kind = "rlimit"
    name = ""
    counts_cpu = counts_memory = False  # whether cpu_time_s() and peak_memory_bytes() read the run's

    def join_files(self) -> list[str]:
        """Files the child writes its pid into before exec."""
        return []

    def cpu_time_s(self) -> Optional[float]:
        return None

    def peak_memory_bytes(self) -> Optional[int]:
        return None

    def oom_killed(self) -> bool:
        return False

    def pids_limit_hit(self) -> bool:
        return False

    def kill_all(self) -> None:
        pass

    def empty(self) -> bool:
        """No process of the run is left (True when there is no cgroup to tell)."""
        return True

    def drained(self) -> bool:
        """No task is charged to the run any more, exited ones not yet reaped included: those still
        count against their uid's RLIMIT_NPROC, and a uid is not handed on before they are gone."""
        return self.empty()

    def destroy(self) -> None:
        pass


class CgroupV1(Cgroup):
    kind = "cgroup_v1"
    counts_memory = True

    def __init__(self, dirs: dict[str, Path], memory_bytes: int, processes: int):
        self.dirs = dirs
        self.counts_cpu = "cpuacct" in dirs
        self.name = next(iter(dirs.values())).name
        for path in dirs.values():
            path.mkdir()
        mem = dirs["memory"]
        (mem / "memory.limit_in_bytes").write_text(str(memory_bytes))
        memsw = mem / "memory.memsw.limit_in_bytes"
        if memsw.exists():  # otherwise swap would let the program exceed the limit
            try:
                memsw.write_text(str(memory_bytes))
            except OSError:
                pass
        (dirs["pids"] / "pids.max").write_text(str(processes))

    def join_files(self) -> list[str]:
        return [str(path / "cgroup.procs") for path in self.dirs.values()]

    def cpu_time_s(self) -> Optional[float]:
        if "cpuacct" not in self.dirs:
            return None
        usage = _read_int(self.dirs["cpuacct"] / "cpuacct.usage")
        return None if usage is None else usage / 1e9

    def peak_memory_bytes(self) -> Optional[int]:
        return _read_int(self.dirs["memory"] / "memory.max_usage_in_bytes")

    def oom_killed(self) -> bool:
        control = _keyed(self.dirs["memory"] / "memory.oom_control")
        if "oom_kill" in control:
            return control["oom_kill"] > 0
        return (_read_int(self.dirs["memory"] / "memory.failcnt") or 0) > 0

    def pids_limit_hit(self) -> bool:
        return _keyed(self.dirs["pids"] / "pids.events").get("max", 0) > 0

    def kill_all(self) -> None:
        _kill_procs(self.dirs["pids"] / "cgroup.procs")
        _kill_procs(self.dirs["memory"] / "cgroup.procs")

    def empty(self) -> bool:
        return not _read(self.dirs["pids"] / "cgroup.procs").split()

    def drained(self) -> bool:
        return (_read_int(self.dirs["pids"] / "pids.current") or 0) == 0

    def destroy(self) -> None:
        self.kill_all()
        for path in self.dirs.values():
            _rmdir(path)


class CgroupV2(Cgroup):
    kind = "cgroup_v2"
    counts_cpu = counts_memory = True

    def __init__(self, path: Path, memory_bytes: int, processes: int):
        self.path = path
        self.name = path.name
        path.mkdir()
        (path / "memory.max").write_text(str(memory_bytes))
        swap = path / "memory.swap.max"
        if swap.exists():
            swap.write_text("0")
        (path / "pids.max").write_text(str(processes))

    def join_files(self) -> list[str]:
        return [str(self.path / "cgroup.procs")]

    def cpu_time_s(self) -> Optional[float]:
        usage = _keyed(self.path / "cpu.stat").get("usage_usec")
        return None if usage is None else usage / 1e6

    def peak_memory_bytes(self) -> Optional[int]:
        return _read_int(self.path / "memory.peak")

    def oom_killed(self) -> bool:
        return _keyed(self.path / "memory.events").get("oom_kill", 0) > 0

    def pids_limit_hit(self) -> bool:
        return _keyed(self.path / "pids.events").get("max", 0) > 0

    def empty(self) -> bool:
        return not _read(self.path / "cgroup.procs").split()

    def drained(self) -> bool:
        return (_read_int(self.path / "pids.current") or 0) == 0

    def kill_all(self) -> None:
        kill = self.path / "cgroup.kill"
        if kill.exists():
            try:
                kill.write_text("1")
            except OSError:
                pass
        _kill_procs(self.path / "cgroup.procs")

    def destroy(self) -> None:
        self.kill_all()
        _rmdir(self.path)


class Backend:
    kind = "rlimit"

    def create(self, memory_bytes: int, processes: int) -> Cgroup:
        return Cgroup()

    def parent_dirs(self) -> list[Path]:
        return []

    def remove_stale(self, alive) -> list[str]:
        """Remove the cgroups of worker processes that died, and what is left in them. A killed
        worker's prepared sandboxes die with it, except one caught half started: bwrap's inner
        process then waits forever for its dead outer half (seen when a worker dies within
        milliseconds of starting a sandbox). Each worker host has its own cgroup parent."""
        removed = []
        for parent in self.parent_dirs():
            for path in parent.glob("sandbox-*-*"):
                owner = path.name.split("-")[1]
                if owner.isdigit() and not alive(int(owner)):
                    _kill_procs(path / "cgroup.procs")
                    _rmdir(path)
                    if not path.exists():
                        removed.append(path.name)
        return removed


class V1Backend(Backend):
    kind = "cgroup_v1"

    def __init__(self, parents: dict[str, Path]):
        self.parents = parents

    def parent_dirs(self) -> list[Path]:
        return list(self.parents.values())

    def create(self, memory_bytes: int, processes: int) -> Cgroup:
        name = _unique_name()
        return CgroupV1({c: p / name for c, p in self.parents.items()}, memory_bytes, processes)


class V2Backend(Backend):
    kind = "cgroup_v2"

    def __init__(self, parent: Path):
        self.parent = parent

    def parent_dirs(self) -> list[Path]:
        return [self.parent]

    def create(self, memory_bytes: int, processes: int) -> Cgroup:
        return CgroupV2(self.parent / _unique_name(), memory_bytes, processes)


def _v2_backend() -> Optional[V2Backend]:
    for mount in (CGROUP_ROOT, CGROUP_ROOT / "unified"):
        if not (mount / "cgroup.controllers").exists():
            continue
        own = config.current().cgroup_parent or _own_paths().get("", "/")
        parent = mount / own.lstrip("/")
        available = _read(parent / "cgroup.controllers").split()
        if not {"memory", "pids"} <= set(available):
            continue
        enabled = set(_read(parent / "cgroup.subtree_control").split())
        if not {"memory", "pids"} <= enabled:
            try:
                # Fails with EBUSY if the parent holds processes (v2's no-internal-process
                # rule); then the operator must point SANDBOX_CGROUP_PARENT at a delegated leaf.
                (parent / "cgroup.subtree_control").write_text("+memory +pids")
            except OSError:
                continue
        if _probe_writable(parent):
            return V2Backend(parent)
    return None


def _v1_backend() -> Optional[V1Backend]:
    own = _own_paths()
    parents = {}
    for controller in ("memory", "pids", "cpuacct"):
        mount = CGROUP_ROOT / controller
        if not (mount / "cgroup.procs").exists():
            continue
        rel = config.current().cgroup_parent or own.get(controller, "/")
        for candidate in (mount / rel.lstrip("/"), mount):
            if _probe_writable(candidate):
                parents[controller] = candidate
                break
    if "memory" in parents and "pids" in parents:
        return V1Backend(parents)
    return None


@functools.lru_cache(maxsize=None)
def backend() -> Backend:
    mode = config.current().cgroup
    if mode in ("auto", "v2"):
        found = _v2_backend()
        if found:
            return found
    if mode in ("auto", "v1"):
        found = _v1_backend()
        if found:
            return found
    return Backend()
