"""The Go build: the compiler and the linker called directly with the warm-up's import configs,
and `go build` for whatever the direct build refuses, so a learner reads the go command's words."""

import multiprocessing
import os
import shutil
import uuid

import pytest

from sandbox import Verdict
from sandbox.languages import go
from sandbox.languages.go import toolchains, warming

from .helpers import run_go


def unique(source):
    return f"{source}\n// {uuid.uuid4().hex}\n"


@pytest.fixture
def build_steps(monkeypatch):
    """The argv of every build step, recorded on the way to the real sandbox."""
    steps = []
    real = go.Go._build_step

    def recording(self, request, toolchain, source, rundir, argv):
        steps.append(argv)
        return real(self, request, toolchain, source, rundir, argv)

    monkeypatch.setattr(go.Go, "_build_step", recording)
    return steps


def tools(steps):
    return [os.path.basename(argv[0]) for argv in steps]


def test_a_program_is_compiled_and_linked_in_one_step_without_the_go_command(build_steps, go_toolchain):
    result = run_go(unique('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }'), toolchain=go_toolchain)
    assert (result.verdict, result.stdout, result.compile_output) == (Verdict.OK, "hi\n", "")
    assert tools(build_steps) == ["go_compile_link"]


def test_a_compile_error_is_worded_by_go_build_in_the_same_step(build_steps, go_toolchain):
    result = run_go(unique("package main\n\nfunc main() {\n\tx = 1\n}"), toolchain=go_toolchain)
    assert result.verdict == Verdict.COMPILE_ERROR
    assert result.compile_output == "./main.go:4:2: undefined: x"  # once: the compiler's own words are not shown
    assert tools(build_steps) == ["go_compile_link"]
    assert build_steps[0][-7:] == ["/usr/local/go/bin/go", "build", *go.BUILD_FLAGS, "-o", "/box/prog", "main.go"]


@pytest.mark.parametrize("source, words", [
    ('import "github.com/foo/bar"\n\nfunc main() { bar.X() }',
     "main.go:3:8: no required module provides package github.com/foo/bar; to add it:\n\tgo get github.com/foo/bar"),
    ('import "foo"\n\nfunc main() { foo.X() }', "main.go:3:8: package foo is not in std (/usr/local/go/src/foo)"),
    ('import "internal/cpu"\n\nfunc main() { _ = cpu.X86 }',
     "package command-line-arguments\n\tmain.go:3:8: use of internal package internal/cpu not allowed"),
    ('import "vendor/golang.org/x/net/dns/dnsmessage"\n\nfunc main() { _ = dnsmessage.TypeA }',
     "main.go:3:8: use of vendored package not allowed"),
    ('import "C"\n\nfunc main() {}', "go: no Go source files"),
])
def test_what_the_go_command_decides_reads_as_before(source, words, go_toolchain):
    result = run_go(unique("package main\n\n" + source), toolchain=go_toolchain)
    assert (result.verdict, result.compile_output) == (Verdict.COMPILE_ERROR, words)


def test_an_empty_file_and_a_line_directive_get_the_go_commands_words():
    result = run_go("")
    assert (result.verdict, result.compile_output) == (Verdict.COMPILE_ERROR,
                                                       "main.go:1:1: expected 'package', found 'EOF'")
    result = run_go(unique("package main\n\n//line other.go:100\nfunc main() {\n\tx = 1\n}"))
    assert (result.verdict, result.compile_output) == (Verdict.COMPILE_ERROR, "./other.go:101: undefined: x")


def test_a_package_other_than_main_is_a_compile_error_not_an_internal_one(go_toolchain):
    result = run_go(unique("package tools\n\nfunc main() { println(1) }"), toolchain=go_toolchain)
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "not package main" in result.compile_output


def test_go_debug_and_go_embed_are_built_by_the_go_command(build_steps):
    source = ('//go:debug panicnil=1\n\npackage main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n'
              '//go:embed go.mod\nvar mod string\n\n'
              'func main() {\n\tdefer func() { fmt.Println(recover(), len(mod) > 0) }()\n\tpanic(nil)\n}')
    result = run_go(unique(source))
    assert (result.verdict, result.stdout) == (Verdict.OK, "<nil> true\n")
    assert tools(build_steps) == ["go"]


def test_the_binary_looks_to_the_program_as_go_build_made_it(go_toolchain):
    source = ('package main\n\nimport (\n\t"fmt"\n\t"runtime"\n\t"runtime/debug"\n)\n\nfunc main() {\n'
              '\tinfo, _ := debug.ReadBuildInfo()\n\tfmt.Printf("%q %s\\n", runtime.GOROOT(), info.Path)\n'
              '\tfor _, setting := range info.Settings {\n\t\tfmt.Println(setting.Key, setting.Value)\n\t}\n'
              '\tpanic("where")\n}')
    result = run_go(unique(source), toolchain=go_toolchain)
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert result.stdout == ('"" command-line-arguments\n-buildmode exe\n-compiler gc\n-trimpath true\nCGO_ENABLED 0\n'
                             "GOARCH amd64\nGOOS linux\nGOAMD64 v1\n")
    assert "main.main()\n\t./main.go:15 +0x" in result.stderr


def test_a_damaged_cache_fails_a_build_as_ours_and_the_next_build_repairs_it():
    toolchain = go.Go().toolchain()
    config = (warming.direct_dir(toolchain) / "importcfg.compile").read_text()
    archive = next(line for line in config.splitlines() if line.startswith("packagefile container/ring="))
    path = toolchains.cache_dir(toolchain.goroot) / archive.split("=", 1)[1].removeprefix("/gocache/")
    program = ('package main\n\nimport (\n\t"container/ring"\n\t"fmt"\n)\n\n'
               'func main() { fmt.Println(ring.New(3).Len()%s) }')
    aside = path.with_name(path.name + ".aside")

    def damaged(source):
        os.rename(path, aside)
        try:
            return run_go(unique(source))
        finally:
            os.replace(aside, path)

    failed = damaged(program % " + undefinedName")
    assert failed.verdict == Verdict.INTERNAL_ERROR, failed
    assert "build cache is damaged" in failed.message and path.name in failed.message
    assert not warming.warm_marker(toolchain).exists()
    repaired = run_go(unique(program % ""))  # warms again first
    assert (repaired.verdict, repaired.stdout) == (Verdict.OK, "3\n")
    assert warming.warm_marker(toolchain).exists()
    built = damaged(program % "")  # go build compiles the missing package again
    assert (built.verdict, built.stdout) == (Verdict.OK, "3\n")
    assert not warming.warm_marker(toolchain).exists()


def test_a_lost_import_config_is_written_again_before_the_build(build_steps):
    config = warming.direct_dir(go.Go().toolchain()) / "importcfg.compile"
    config.unlink()
    result = run_go(unique('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("again") }'))
    assert (result.verdict, result.stdout) == (Verdict.OK, "again\n")
    assert config.is_file() and tools(build_steps) == ["go_compile_link"]


def test_a_cache_warmed_by_an_older_sandbox_is_prepared_again_before_building(monkeypatch):
    monkeypatch.setattr(warming, "DIRECT_BUILD", f"test-{uuid.uuid4().hex}")
    toolchain = go.Go().toolchain()
    assert not warming.warm_marker(toolchain).exists()
    try:
        result = run_go(unique('package main\n\nfunc main() { println("rewarmed") }'))
        assert (result.verdict, result.stderr) == (Verdict.OK, "rewarmed\n")
        assert warming.warm_marker(toolchain).exists()
    finally:
        warming.warm_marker(toolchain).unlink(missing_ok=True)
        shutil.rmtree(warming.direct_dir(toolchain), ignore_errors=True)


def _build_in_a_new_worker(results):
    result = run_go(unique('package main\n\nfunc main() { println("worker") }'))
    results.put((str(result.verdict), result.stderr))


def test_two_workers_warming_one_cache_both_build(monkeypatch):
    monkeypatch.setattr(warming, "DIRECT_BUILD", f"test-{uuid.uuid4().hex}")
    toolchain = go.Go().toolchain()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_build_in_a_new_worker, args=(results,)) for _ in range(2)]
    try:
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert outcomes == [("OK", "worker\n")] * 2
        assert sorted(path.name for path in warming.direct_dir(toolchain).iterdir()) == sorted(warming.DIRECT_FILES)
    finally:
        warming.warm_marker(toolchain).unlink(missing_ok=True)
        shutil.rmtree(warming.direct_dir(toolchain), ignore_errors=True)


@pytest.mark.parametrize("constraint", ["//go:build ignore", "//go:build windows", "// +build ignore",
                                        "//go:build go1.99"])
def test_a_file_its_build_constraints_exclude_does_not_compile(constraint, go_toolchain):
    source = unique(f'{constraint}\n\npackage main\n\nfunc main() {{ println("built anyway") }}\n')
    result = run_go(source, toolchain=go_toolchain)
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "build constraints exclude all Go files" in result.compile_output
    assert result.stderr == ""


def test_a_constraint_the_toolchain_satisfies_builds_and_runs(go_toolchain):
    source = unique('//go:build linux && amd64 && go1.21\n\npackage main\n\nfunc main() { println("linux") }\n')
    result = run_go(source, toolchain=go_toolchain)
    assert (result.verdict, result.stderr) == (Verdict.OK, "linux\n"), result
