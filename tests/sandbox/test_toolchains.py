"""A language may offer several toolchains; Go has today's (the default) and Go 1.21."""

import pytest

import sandbox
from sandbox import RunRequest, SourceRejected, Verdict
from sandbox.languages import go

from .helpers import run_go

LOOP_CLOSURES = """package main

import "fmt"

func main() {
	var prints []func()
	for i := 0; i < 3; i++ {
		prints = append(prints, func() { fmt.Print(i) })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
}
"""


def test_go_offers_the_default_toolchain_first_and_go_1_21():
    ids = go.Go().toolchain_ids()
    assert ids[0] == go.Go().toolchain().id and ids[0] != "go1.21"
    assert "go1.21" in ids


def test_loop_variables_are_shared_on_go_1_21_and_per_iteration_on_the_default():
    old = run_go(LOOP_CLOSURES, toolchain="go1.21")
    new = run_go(LOOP_CLOSURES)
    assert (old.verdict, old.stdout, old.toolchain_version[:7]) == (Verdict.OK, "333\n", "go1.21.")
    assert (new.verdict, new.stdout) == (Verdict.OK, "012\n")
    assert not new.toolchain_version.startswith("go1.21")


def test_go_1_21_builds_with_its_own_language_version():
    result = run_go("package main\n\nfunc main() {\n\tfor i := range 3 {\n\t\tprintln(i)\n\t}\n}\n",
                    toolchain="go1.21")
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "range" in result.compile_output


def test_an_unknown_toolchain_is_refused_before_anything_runs():
    with pytest.raises(SourceRejected, match="unknown go toolchain 'go1.9'; available: .*go1.21"):
        sandbox.run(RunRequest(language="go", source="package main\nfunc main() {}\n", toolchain="go1.9"))


def test_cache_key_differs_per_toolchain():
    default = sandbox.cache_key(RunRequest("go", LOOP_CLOSURES))
    assert default != sandbox.cache_key(RunRequest("go", LOOP_CLOSURES, toolchain="go1.21"))
    assert default == sandbox.cache_key(RunRequest("go", LOOP_CLOSURES, toolchain=go.Go().toolchain().id))
