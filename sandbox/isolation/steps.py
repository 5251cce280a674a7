"""A sandboxed step (command, mounts, budget) and how it ended (an Outcome, decoded from what our
init reported on its status pipe)."""

from __future__ import annotations

import dataclasses
import os
import signal
from dataclasses import dataclass, field
from typing import Optional

from .. import config
from ..models import Limits
from .refusals import explain_host_refusal

STDERR_FLOOD_BYTES = 16 << 20


@dataclass
class Mount:
    kind: str  # "ro" | "rw" | "symlink"
    source: str
    dest: str


@dataclass
class Step:
    """One sandboxed command and its resource budget."""

    argv: list[str]
    mounts: list[Mount]
    env: dict[str, str]
    cwd: str = "/tmp"
    stdin: bytes = b""
    cpu_time_s: float = Limits.cpu_time_s
    wall_time_s: float = Limits.wall_time_s
    memory_bytes: int = Limits.memory_bytes
    processes: int = Limits.processes
    output_bytes: int = Limits.output_bytes
    file_size_bytes: int = Limits.file_size_bytes
    tmpfs_bytes: int = Limits.tmpfs_bytes
    open_files: int = Limits.open_files
    # Python can be bounded by address space where no cgroup exists; Go cannot (it reserves ~700 MiB).
    address_space_fallback: bool = True
    # Trusted steps (warming the cache) run as the worker's own user.
    drop_privileges: bool = True
    # A pipe the program's trusted first stage (Python's compile check) reports on and closes
    # before any learner code runs; its write end's number is appended to argv.
    report_channel: bool = False
    # Files the program finds in /box, put there when its run starts: bytes are written, a Path
    # (a built binary) is linked. With none, there is no /box of the sandbox's own.
    box_files: dict = field(default_factory=dict)
    # /box is read-only unless the step writes its results there (a build): then each file named
    # in box_results is moved, after the run, to the path given for it.
    box_writable: bool = False
    box_results: dict = field(default_factory=dict)
    # Who waits for the run's start signal: "init" (before starting the program) or "program"
    # (an interpreter that loads first, then waits on the descriptor appended to argv after the
    # report channel's; it must write READY on the report channel before waiting).
    started_by: str = "init"
    # May be started ahead of its run (sandbox.pool): nothing in it belongs to one run but
    # stdin and box_files.
    poolable: bool = False

    def shape(self) -> "Step":
        """This step without what belongs to one run: equal shapes make interchangeable sandboxes."""
        return dataclasses.replace(self, stdin=b"", box_files={name: b"" for name in sorted(self.box_files)},
                                   box_results={})

    @classmethod
    def for_run(cls, limits, **fields) -> "Step":
        """A program's run step, budgeted by the request's run limits (not the build limits)."""
        return cls(**config.budget("run", limits), **fields)


@dataclass
class Outcome:
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    stdout: bytes = b""
    stderr: bytes = b""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    wall_time_s: float = 0.0
    cpu_time_s: float = 0.0
    peak_memory_bytes: int = 0
    wall_exceeded: bool = False
    cpu_exceeded: bool = False
    output_exceeded: bool = False
    oom_killed: bool = False
    pids_limit_hit: bool = False
    enforcement: str = ""
    setup_error: Optional[str] = None  # the sandbox failed, not the program
    killed_externally: bool = False  # the sandbox died from outside, not by a limit of ours
    report: bytes = b""  # what the trusted first stage wrote on the report channel (after READY)
    sandbox_pid: Optional[int] = None  # the host pid of the sandbox's init: no two runs share one
    cgroup: str = ""  # the run's own cgroup
    pooled: bool = False  # started ahead of its run
    notes: list[str] = field(default_factory=list)


SANDBOX_INIT = "/.init"
# The numbers the sandbox's descriptors have inside it, whatever they were in the worker.
FIXED_FDS = {"seccomp": 3, "json": 4, "init": 5, "report": 6, "start": 7}
BOX = "/box"
READY = b"ready\n"  # a program that waits for its start signal itself says so first
READY_TIMEOUT_S = 10.0  # how long a sandbox may take to be set up and waiting for its run


def decode_status(outcome: Outcome, step: Step, returncode: int, killed: bool, report: str,
                  ready: bool = False) -> None:
    """ready: the sandbox was set up and waiting when its run began, so the run's own time ran out
    if a limit stopped it before the init could say it started the program."""
    lines = [line.split() for line in report.splitlines() if line.strip()]
    words = {line[0]: line[1:] for line in lines}
    if "started" not in words:
        if killed and ready:
            outcome.signal = signal.SIGKILL
        elif killed and outcome.wall_exceeded:
            outcome.setup_error = f"the sandbox did not start within the wall time limit ({step.wall_time_s:g} s)"
        elif killed:
            outcome.setup_error = "the sandbox was stopped before the program started"
        else:
            detail = outcome.stderr.decode(errors="replace").strip()
            how = f"killed by signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
            ended = f"bwrap ended with {how} before the program started"
            outcome.setup_error = f"{detail} ({how})" if detail else ended
            hint = explain_host_refusal(detail)
            if hint:
                outcome.setup_error += f". {hint[0].upper()}{hint[1:]}"
        return
    if "exec-failed" in words:
        code = int(words["exec-failed"][0])
        outcome.setup_error = f"cannot start {step.argv[0]} in the sandbox: {os.strerror(code)}"
        return
    if "exited" in words:
        outcome.exit_code = int(words["exited"][0])
    elif "signaled" in words:
        outcome.signal = int(words["signaled"][0])
    elif killed:
        outcome.signal = signal.SIGKILL  # a limit of ours stopped it
    else:
        outcome.killed_externally = True
        how = f"signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
        outcome.notes.append(f"the sandbox ended ({how}) without its init reporting the program's end")
