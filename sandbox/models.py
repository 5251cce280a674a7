"""Request/result dataclasses shared by the sandbox and its callers.

Everything here is plain data so that `dataclasses.asdict()` -> `json.dumps()`
works and a Celery task can store results in a database row.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from typing import Any, Optional

from .checkers import CHECKERS, DEFAULT_CHECKER

KiB = 1024
MiB = 1024 * KiB


class Verdict(str, enum.Enum):
    OK = "OK"  # ran cleanly, no expected output to compare against
    ACCEPTED = "ACCEPTED"
    WRONG_ANSWER = "WRONG_ANSWER"
    COMPILE_ERROR = "COMPILE_ERROR"
    RUNTIME_ERROR = "RUNTIME_ERROR"
    TIME_LIMIT = "TIME_LIMIT"
    MEMORY_LIMIT = "MEMORY_LIMIT"
    OUTPUT_LIMIT = "OUTPUT_LIMIT"
    INTERNAL_ERROR = "INTERNAL_ERROR"

    def __str__(self) -> str:  # json/f-strings show "ACCEPTED", not "Verdict.ACCEPTED"
        return self.value


class Failure(str, enum.Enum):
    """How a run ended when it did not end cleanly: a fact about the program, whatever the checker
    made of it (a panic the checker expected is still a CRASH)."""

    NONE = ""  # ran to the end and exited 0 (or was never run: it compiled, and compiling was the question)
    COMPILE = "compile"  # did not compile (a Python syntax error included)
    CRASH = "crash"  # an uncaught panic / exception; RunResult.crash_word says the language's word for it
    EXIT_STATUS = "exit_status"  # a non-zero exit without a crash (sys.exit(3), os.Exit(1))
    SIGNAL = "signal"  # killed by a signal that is not one of the sandbox's limits (SIGSEGV, abort())
    LIMIT = "limit"  # a limit of the sandbox ended it; RunResult.limit names the Limits field
    INTERNAL = "internal"  # the service failed, not the program

    def __str__(self) -> str:
        return self.value


class SourceRejected(ValueError):
    """The request is refused before anything runs (too large, not UTF-8, ...)."""


@dataclass(frozen=True)
class Limits:
    # Run step.
    cpu_time_s: float = 2.0
    wall_time_s: float = 5.0
    memory_bytes: int = 256 * MiB
    processes: int = 64  # processes + threads (pids cgroup counts tasks)
    output_bytes: int = 64 * KiB  # per stream (stdout, stderr)
    file_size_bytes: int = 16 * MiB
    tmpfs_bytes: int = 32 * MiB
    open_files: int = 64
    source_bytes: int = 64 * KiB
    stdin_bytes: int = 1 * MiB
    # Build step (Go): the compiler legitimately needs much more.
    build_cpu_time_s: float = 20.0
    build_wall_time_s: float = 30.0
    build_memory_bytes: int = 1024 * MiB
    build_processes: int = 256
    build_file_size_bytes: int = 64 * MiB
    build_tmpfs_bytes: int = 256 * MiB
    build_open_files: int = 256

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Limits":
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class CheckerSpec:
    kind: str = DEFAULT_CHECKER
    arg: Optional[str] = None  # regex pattern / expected message fragment

    def __post_init__(self) -> None:
        if self.kind not in CHECKERS:
            raise ValueError(f"unknown checker kind {self.kind!r}; choose from {', '.join(CHECKERS)}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CheckerSpec":
        return cls(kind=data.get("kind", DEFAULT_CHECKER), arg=data.get("arg"))


@dataclass(frozen=True)
class RunRequest:
    language: str
    source: str
    stdin: str = ""
    limits: Limits = field(default_factory=Limits)
    expected_output: Optional[str] = None
    checker: CheckerSpec = field(default_factory=CheckerSpec)
    toolchain: str = ""  # one of the language's toolchain_ids(); "" is its default

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def stdin_bytes(self) -> bytes:
        """Byte for byte: bytes that are not UTF-8 travel as surrogate escapes."""
        return self.stdin.encode("utf-8", "surrogateescape")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunRequest":
        return cls(
            language=data["language"],
            source=data["source"],
            stdin=data.get("stdin", ""),
            toolchain=data.get("toolchain", ""),
            limits=Limits.from_dict(data.get("limits") or {}),
            expected_output=data.get("expected_output"),
            checker=CheckerSpec.from_dict(data.get("checker") or {}),
        )


@dataclass
class RunResult:
    verdict: Verdict
    language: str = ""
    message: str = ""  # one human sentence: why this verdict
    stdout: str = ""
    stderr: str = ""
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    compile_output: str = ""
    error_message: str = ""  # panic / uncaught exception text, if any
    diff: str = ""  # on WRONG_ANSWER
    wall_time_s: float = 0.0
    cpu_time_s: float = 0.0
    peak_memory_bytes: int = 0
    compile_time_s: float = 0.0
    binary_cached: bool = False
    toolchain_version: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    memory_enforcement: str = ""  # "cgroup_v1" | "cgroup_v2" | "rlimit"
    # With INTERNAL_ERROR: what failed on our side ("sandbox_start", "killed_externally",
    # "sandbox_error"); such a result says nothing about the program and is never cached.
    internal_cause: str = ""
    # Structured facts, so that no caller reads `message` to learn why: how the run ended, the
    # Limits field that ended it ("cpu_time_s", "build_memory_bytes", ...) with its value (seconds,
    # bytes or a count), and on a crash the language's own word for it ("panic", "exception").
    failure: Failure = Failure.NONE
    limit: str = ""
    limit_value: float = 0
    crash_word: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["verdict"] = self.verdict.value
        data["failure"] = Failure(self.failure).value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResult":
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["verdict"] = Verdict(values["verdict"])
        values["failure"] = Failure(values.get("failure") or "")
        return cls(**values)

    def ended_by(self, limit: str, value: float) -> None:
        """Record that the Limits field `limit` (with this value) ended the run."""
        self.failure = Failure.LIMIT
        self.limit = limit
        self.limit_value = value
