"""Building a learner's Go program in a bounded sandbox step of its own.

A new program is built by calling the compiler and the linker directly, as `go build` would
(`go build -x` shows the commands), with import configs the warm-up wrote. Of `go build`'s time
for a hello world, the go command's own work (loading packages, hashing std for the action graph,
rewriting build IDs) was about half; compiling the main package takes ~10 ms and linking it
~60 ms with -s -w (~110 ms without; most of it loading the std archives). One sandbox step runs
both (go_compile_link.go: the sandbox has no shell; a second step costs ~7-10 ms more). What the
direct build refuses, the same step hands to `go build`, so a learner reads the go command's words.
"""

from __future__ import annotations

import logging
import os
import re
import signal
from pathlib import Path
from typing import Callable

from ... import config
from ...isolation import Outcome, Step
from ...models import MiB
from ..base import CompileFailed
from . import warming
from .toolchains import BUILD_FLAGS, SANDBOX_GOROOT, Toolchain, go_env, program_files

log = logging.getLogger(__name__)

# Directives that only the go command applies (GODEBUG defaults, embedded files): such a program
# is built by `go build` alone.
GO_COMMAND_DIRECTIVES = (b"//go:debug", b"//go:embed")
# A build constraint (`//go:build`, or `// +build` before Go 1.17): `go build` of the package
# decides, for the toolchain the run names, whether the file is built at all ("build constraints
# exclude all Go files"). `go build main.go` would not: files named on its command line are built
# whatever their constraints say.
BUILD_CONSTRAINT = re.compile(rb"^[ \t]*//(go:build|[ \t]*\+build)", re.M)
DRIVER_FAILED = 125  # go_compile_link could not start a tool
DIRECT_BUILD_FAILED = "go_compile_link: the direct build failed; go build:"  # its first line, then go build's
NOT_MAIN = "main.go: not package main: a program starts with `package main`"

# How a build step is run: (toolchain, source, rundir, argv) -> Outcome (Go._build_step).
StepRunner = Callable[[Toolchain, bytes, Path, list[str]], Outcome]


def go_build_argv(source: bytes = b"") -> list[str]:
    target = "." if BUILD_CONSTRAINT.search(source) else "main.go"
    return [f"{SANDBOX_GOROOT}/bin/go", "build", *BUILD_FLAGS, "-o", "/box/prog", target]


def build(toolchain: Toolchain, source: bytes, rundir: Path, limits, run_step: StepRunner) -> tuple[str, float, Path]:
    """Build the program into rundir/prog: (compiler output, seconds, the binary), or CompileFailed."""
    direct = uses_direct_build(source)
    go_build = go_build_argv(source)
    argv = [*direct_argv(toolchain, _plan(toolchain)), "--", *go_build] if direct else go_build
    outcome = run_step(toolchain, source, rundir, argv)
    wall_time_s = outcome.wall_time_s
    output = _clean_compiler_output(outcome.stdout + outcome.stderr)
    fell_back = output.startswith(DIRECT_BUILD_FAILED)
    output = output.removeprefix(DIRECT_BUILD_FAILED).strip()
    if outcome.setup_error and not outcome.oom_killed:  # killed by its own memory limit: that limit's verdict
        raise CompileFailed(output, wall_time_s, internal=True,
                            message=f"the build sandbox failed: {outcome.setup_error}")
    exceeded, limit, limit_value = build_limit(outcome, limits)
    if exceeded:
        raise CompileFailed((output + "\n" + exceeded).strip(), wall_time_s, message=exceeded,
                            limit=limit, limit_value=limit_value)
    built = rundir / "prog"
    succeeded = outcome.exit_code == 0 and built.exists()
    if direct and (fell_back or not succeeded):
        _check_direct_build(toolchain, outcome, output, succeeded)
    if not succeeded:
        raise CompileFailed(output or f"go build exited with {outcome.exit_code}", wall_time_s,
                            message="the program does not compile")
    if not _is_executable(built):
        # `go build -o` writes a non-main package as an archive, which cannot run.
        raise CompileFailed(NOT_MAIN, wall_time_s, message="the program does not compile")
    return output, wall_time_s, built


def uses_direct_build(source: bytes) -> bool:
    return not any(directive in source for directive in GO_COMMAND_DIRECTIVES) and not BUILD_CONSTRAINT.search(source)


def build_step(toolchain: Toolchain, source: bytes, rundir: Path, argv: list[str], limits) -> Step:
    """The build's step: the program in a writable /box, the binary moved to rundir/prog afterwards."""
    return Step(
        argv=argv,
        mounts=toolchain.mounts("ro"),
        box_files=program_files(source, toolchain),
        box_writable=True,
        box_results={"prog": rundir / "prog"},
        poolable=True,
        env=go_env(),
        cwd="/box",
        address_space_fallback=False,
        **config.budget("build", limits),
    )


def _plan(toolchain: Toolchain) -> dict:
    try:
        return warming.direct_plan(toolchain)
    except (OSError, ValueError, RuntimeError) as exc:
        raise CompileFailed("", internal=True,
                            message=f"the {toolchain.title} build cache is not ready: {exc}") from exc


def direct_argv(toolchain: Toolchain, plan: dict) -> list[str]:
    """`go build`'s own compile and link commands (`go build -x`), minus build IDs, for go_compile_link."""
    compile_argv = [
        plan["compile"], "-o", "/tmp/main.a", "-trimpath", "/box=>.", "-p", "main",
        f"-lang=go{toolchain.language_version}", "-complete", "-goversion", toolchain.version,
        f"-c={min(4, os.cpu_count() or 1)}", "-nolocalimports", "-importcfg", plan["compile_importcfg"],
        "-pack", "./main.go",
    ]
    link_argv = [*plan["link_env"], plan["link"], "-o", "/box/prog", "-importcfg", plan["link_importcfg"],
                 "-buildmode=exe", "-s", "-w", "-extld=gcc", "/tmp/main.a"]
    return [plan["driver"], *compile_argv, "--", *link_argv]


def _check_direct_build(toolchain: Toolchain, outcome: Outcome, output: str, succeeded: bool) -> None:
    """The direct build failed. Usually the program's fault, and go build explained it; ours when an
    archive the import configs name is gone or changed (the output cannot tell: a //line directive
    makes any text look like a position). go build rebuilds what is missing, so a good program still
    builds; a failed one may have failed for our reason: INTERNAL_ERROR."""
    if outcome.exit_code == DRIVER_FAILED:
        damage = "go_compile_link could not start a tool"
    else:
        damage = warming.cache_damage(toolchain)
    if succeeded and not damage:
        log.warning("the direct %s build failed where go build succeeded", toolchain.title)
    if not damage:
        return
    warming.warm_marker(toolchain).unlink(missing_ok=True)  # the next build warms it again
    log.warning("the %s build cache is damaged (%s): the next build warms it again", toolchain.title, damage)
    if not succeeded:
        raise CompileFailed(output, outcome.wall_time_s, internal=True, message=(
            f"the {toolchain.title} build cache is damaged ({damage}): the next build prepares it again. "
            f"The build said: {output[-500:]}"))


def _is_executable(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def build_limit(outcome: Outcome, limits) -> tuple[str, str, float]:
    """The build limit that ended the build: (message, Limits field, its value), or ("", "", 0)."""
    if outcome.oom_killed:
        return (f"compilation exceeded the build memory limit ({limits.build_memory_bytes // MiB} MiB)",
                "build_memory_bytes", limits.build_memory_bytes)
    if outcome.cpu_exceeded:
        return (f"compilation exceeded the build CPU time limit ({limits.build_cpu_time_s:g} s)",
                "build_cpu_time_s", limits.build_cpu_time_s)
    if outcome.wall_exceeded:
        return (f"compilation exceeded the build wall time limit ({limits.build_wall_time_s:g} s)",
                "build_wall_time_s", limits.build_wall_time_s)
    if outcome.output_exceeded:
        room = config.budget("build", limits)["output_bytes"]
        return "the compiler's output exceeded its limit", "output_bytes", room
    if outcome.signal == signal.SIGXFSZ:
        return (f"the compiled binary exceeded the file size limit ({limits.build_file_size_bytes // MiB} MiB)",
                "build_file_size_bytes", limits.build_file_size_bytes)
    return "", "", 0


def _clean_compiler_output(raw: bytes) -> str:
    lines = raw.decode(errors="replace").splitlines()
    return "\n".join(line for line in lines if line.strip() not in ("# command-line-arguments", "# prog")).strip()
