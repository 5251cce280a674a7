"""The language registry. A language is one module in this package that defines a `Language`
subclass and calls `register()`; `sandbox.languages` imports every module of the package."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from ..isolation import Outcome, Step
from ..models import RunRequest


class CompileFailed(Exception):
    def __init__(self, output: str, time_s: float = 0.0, internal: bool = False, message: str = "",
                 limit: str = "", limit_value: float = 0):
        super().__init__(message or output)
        self.output = output
        self.time_s = time_s
        self.internal = internal  # the toolchain or sandbox broke, not the learner
        self.message = message
        self.limit = limit  # the build_* field of Limits that stopped the build, if one did
        self.limit_value = limit_value


@dataclass(frozen=True)
class SelfTest:
    """A known program and the verdict this language's sandbox must give it (the canary's checks)."""

    name: str
    source: str
    verdict: str
    expected_output: Optional[str] = None
    memory_bytes: Optional[int] = None


@dataclass
class Prepared:
    """What `prepare` hands back: the run step plus facts about the build."""

    step: Step
    compile_output: str = ""
    compile_time_s: float = 0.0
    binary_cached: bool = False


@dataclass
class Formatted:
    """What a formatter made of a program: the new source, or why it could not (a syntax error)."""

    source: str = ""
    error: str = ""


class Language:
    name: str = ""
    title: str = ""  # shown to people: "Go"
    file_name: str = ""  # the source file in the sandbox; its suffix also names the language on the command line
    editor_mode: str = ""  # the editor bundle's mode (static/vendor/codemirror knows "go" and "python")
    indent: str = "    "  # one indentation step in the editor
    hello_world: str = ""  # the editor's starter program when a learner switches to this language
    crash_word: str = ""  # what the language calls an uncaught failure: "panic", "exception"
    # Does compile success need a separate step (so a "compile_error" checker can stop early)?
    separate_build: bool = False
    # Toolchains besides the default one, by id, with the pip requirement that installs each
    # (scripts/install_toolchains.sh); content may give a different expected outcome per toolchain.
    extra_toolchains: dict[str, str] = {}
    # Known programs whose verdicts prove this language's sandbox works (see sandbox.canary).
    self_tests: tuple[SelfTest, ...] = ()

    formats: bool = False  # has a standard formatter (Go: gofmt); Python's standard library has none

    def format(self, source: bytes, limits) -> Formatted:
        """Format a program in the sandbox (the formatter parses untrusted code)."""
        raise NotImplementedError(f"{self.name} has no formatter")

    def toolchain_ids(self) -> list[str]:
        """The toolchains a request may name (RunRequest.toolchain); the first is the default."""
        return [self.name]

    def toolchain_title(self, toolchain_id: str = "") -> str:
        return self.title

    def toolchain_version(self, toolchain_id: str = "") -> str:
        raise NotImplementedError

    def warm(self) -> None:
        """Prebuild whatever makes the first request fast. Idempotent."""

    def prepare(self, request: RunRequest, source: bytes, rundir: os.PathLike) -> Prepared:
        """Build if needed (raising CompileFailed) and describe the run step."""
        raise NotImplementedError

    def compile_error_from_run(self, outcome: Outcome) -> Optional[str]:
        """For interpreted languages: a syntax error detected when the run started."""
        return None

    def error_message(self, stderr: str) -> str:
        """The panic / uncaught exception text, '' if none."""
        return ""

    def out_of_memory(self, stderr: str) -> bool:
        """The runtime reported running out of memory (rlimit mode, or before the OOM killer)."""
        return False

    def file_too_large(self, stderr: str) -> bool:
        """The program failed on a write past its file size limit (both runtimes ignore SIGXFSZ, so
        the write fails with EFBIG and the program reports it)."""
        return False


_REGISTRY: dict[str, Language] = {}
_ALIASES: dict[str, str] = {}


def register(language: Language, *aliases: str) -> Language:
    _REGISTRY[language.name] = language
    for alias in aliases:
        _ALIASES[alias] = language.name
    return language


def get(name: str) -> Language:
    key = _ALIASES.get(name.lower(), name.lower())
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown language {name!r}; available: {', '.join(sorted(_REGISTRY))}") from None


def names() -> list[str]:
    return sorted(_REGISTRY)


def all_languages() -> list[Language]:
    return [_REGISTRY[name] for name in names()]


def canonical_name(name: str) -> str | None:
    """The registered name for a name or alias ("golang" -> "go"); None when unknown."""
    key = _ALIASES.get(name.lower(), name.lower())
    return key if key in _REGISTRY else None


def aliases() -> dict[str, str]:
    """Every name a language answers to, mapped to its registered name."""
    return {**{name: name for name in _REGISTRY}, **_ALIASES}


def for_file(path: str) -> Language | None:
    suffix = path.rpartition(".")[2]
    return next((language for language in all_languages() if language.file_name.endswith(f".{suffix}")), None)
