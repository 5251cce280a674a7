"""Warming a Go toolchain: its standard library built once into a shared, read-only build cache,
and what a direct build needs beside it (import configs, the tools and the linker's environment
as `go build -n` shows them, and go_compile_link built by this Go). Idempotent; a second worker
waits on a lock instead of building twice."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shlex
import shutil
import tempfile
from pathlib import Path

from ... import config
from ...isolation import Mount, Outcome, Step
from ...pool import execute
from .toolchains import (
    BUILD_FLAGS, PACKAGE_FLAGS, SANDBOX_GOCACHE, SANDBOX_GOROOT, Toolchain, cache_dir, ensure_dir, go_dir, go_env,
    program_files, warm_packages,
)

# What the warm-up prepares for the direct build; a new value makes warm() prepare it again.
DIRECT_BUILD = "direct-5"
DRIVER_SOURCE = Path(__file__).with_name("go_compile_link.go")
DIRECT_FILES = ("plan.json", "importcfg.compile", "importcfg.link", "archives.json", "go_compile_link")


def packages_to_warm(toolchain: Toolchain) -> list[str]:
    return [package for package in warm_packages() if toolchain.has_package(package)]


@functools.lru_cache(maxsize=None)
def _driver_digest() -> str:
    return hashlib.sha256(DRIVER_SOURCE.read_bytes()).hexdigest()


def _warm_key(toolchain: Toolchain) -> str:
    parts = [toolchain.version, "index", *PACKAGE_FLAGS, *packages_to_warm(toolchain), DIRECT_BUILD, _driver_digest()]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def warm_marker(toolchain: Toolchain) -> Path:
    """Written last by the warm-up: the std archives and the direct build's files are complete."""
    return cache_dir(toolchain.goroot) / f".warm-{_warm_key(toolchain)}"


def direct_dir(toolchain: Toolchain) -> Path:
    return cache_dir(toolchain.goroot) / f"direct-{_warm_key(toolchain)}"


def warm(toolchain: Toolchain) -> None:
    packages = packages_to_warm(toolchain)
    marker = warm_marker(toolchain)
    if marker.exists():
        return
    config.ensure_state_dir()
    ensure_dir(marker.parent)
    with open(go_dir() / "warm.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second worker waits instead of building twice
        if marker.exists():
            return
        # `go list std` fills the package index for every std package: with a
        # read-only cache, go reports an unindexed package as "not in std".
        for argv in (["list", "-e", "std"], ["build", *PACKAGE_FLAGS, *packages]):
            warm_step(toolchain, argv)
        _prepare_direct_build(toolchain, packages, direct_dir(toolchain))
        marker.write_text(" ".join(packages))


def direct_plan(toolchain: Toolchain) -> dict:
    """The warm-up's plan for a direct build. A cache warmed by an older sandbox, found damaged or
    missing a file of the plan is warmed again first: seconds when std is still built.
    Raises OSError, ValueError or RuntimeError when it cannot be had."""
    directory = direct_dir(toolchain)
    if not all((directory / name).is_file() for name in DIRECT_FILES):
        warm_marker(toolchain).unlink(missing_ok=True)
    warm(toolchain)
    return json.loads((directory / "plan.json").read_text())


def _prepare_direct_build(toolchain: Toolchain, packages: list[str], target: Path) -> None:
    exports = warm_step(toolchain, [
        "list", *PACKAGE_FLAGS, "-export", "-deps",
        "-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", *packages]).stdout.decode()
    if not exports.strip():
        raise RuntimeError(f"warming the {toolchain.title} cache: go list -export named no archive")
    with tempfile.TemporaryDirectory(dir=ensure_dir(go_dir())) as scratch:
        work = Path(scratch)
        work.chmod(0o755)
        for name, content in program_files(b"package main\n\nfunc main() {}\n", toolchain).items():
            (work / name).write_bytes(content)
            (work / name).chmod(0o644)
        shutil.copyfile(DRIVER_SOURCE, work / DRIVER_SOURCE.name)
        planned = warm_step(toolchain, ["build", "-n", *BUILD_FLAGS, "-o", "/box/prog", "main.go"], work)
        plan = _plan_from_dry_run(planned.stderr.decode())
        staged = work / "direct"
        staged.mkdir(mode=0o755)
        sandbox_dir = f"{SANDBOX_GOCACHE}/{target.name}"
        warm_step(toolchain, ["build", *BUILD_FLAGS, "-o", "/box/direct/go_compile_link", DRIVER_SOURCE.name], work)
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


def warm_step(toolchain: Toolchain, argv: list[str], workdir: Path | None = None) -> Outcome:
    """A trusted go command with a writable cache, as the worker's own user."""
    old_umask = os.umask(0o022)  # the cache must stay readable by the sandbox user
    try:
        outcome = execute(Step(
            argv=[f"{SANDBOX_GOROOT}/bin/go", *argv],
            mounts=toolchain.mounts("rw") + ([Mount("rw", str(workdir), "/box")] if workdir else []),
            env=go_env(),
            cwd="/box" if workdir else "/tmp",
            **config.WARM_BUDGET, address_space_fallback=False, drop_privileges=False,
        ))
    finally:
        os.umask(old_umask)
    if outcome.setup_error or outcome.exit_code != 0:
        detail = outcome.setup_error or outcome.stderr.decode(errors="replace")
        raise RuntimeError(f"warming the {toolchain.title} cache failed: {detail[-2000:]}")
    return outcome


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


def cache_damage(toolchain: Toolchain) -> str:
    """What is missing or changed among the archives the import configs name ('' if nothing)."""
    cache = cache_dir(toolchain.goroot)
    try:
        archives = json.loads((direct_dir(toolchain) / "archives.json").read_text())
    except (OSError, ValueError) as exc:
        return f"its list of archives is unreadable: {exc}"
    for relative, size in archives.items():
        try:
            if (cache / relative).stat().st_size != size:
                return f"{relative} changed size"
        except FileNotFoundError:
            return f"{relative} is missing"
    return ""
