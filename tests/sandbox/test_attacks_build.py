"""Attacks beyond the reviewed findings: tricks at build time, files shared between steps and runs,
and the status channels."""

import uuid

from sandbox import Verdict

from .helpers import assert_host_untouched, go_main, run_go, run_py


def unique(source):
    return source.replace("package main\n", f"package main\n\n// {uuid.uuid4().hex}\n", 1)


def test_cgo_is_not_available_to_the_build():
    source = unique('package main\n\n// int answer() { return 42; }\nimport "C"\n\n'
                    'func main() { println(C.answer()) }\n')
    result = run_go(source)
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert_host_untouched()


def test_go_embed_cannot_reach_outside_the_program():
    source = unique(
        'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed ../../../../etc/passwd\nvar secret string\n\n'
        "func main() { fmt.Println(secret) }\n"
    )
    result = run_go(source)
    assert result.verdict == Verdict.COMPILE_ERROR, result
    assert "root:" not in result.compile_output + result.stdout
    assert_host_untouched()


def test_go_embed_of_the_build_directory_holds_only_the_program():
    source = unique(
        'package main\n\nimport (\n\t"embed"\n\t"fmt"\n)\n\n//go:embed *\nvar files embed.FS\n\n'
        'func main() {\n\tentries, _ := files.ReadDir(".")\n\tfor _, e := range entries {\n'
        '\t\tfmt.Println(e.Name())\n\t}\n}\n'
    )
    result = run_go(source)
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "go.mod\nmain.go\n"


def test_the_run_step_sees_no_toolchain_cache_or_other_binaries():
    source = go_main(
        """
	for _, path := range []string{"/gocache", "/usr/local/go", "/usr/bin", "/usr/lib", "/bin", "/box/main.go"} {
		_, err := os.Stat(path)
		fmt.Println(path, err == nil)
	}
	usr, _ := os.ReadDir("/usr")
	share, _ := os.ReadDir("/usr/share")
	fmt.Println(len(usr), usr[0].Name(), len(share), share[0].Name())""",
        ["fmt", "os"],
    )
    result = run_go(unique(source))
    assert result.verdict == Verdict.OK, result
    assert "true" not in result.stdout
    assert result.stdout.endswith("1 share 1 zoneinfo\n")  # the time zone database, nothing else
    assert_host_untouched()


def test_guessing_the_report_descriptor_reaches_nothing():
    source = """
import os
hits = []
for fd in range(3, 64):
    try:
        os.write(fd, b'compile-error\\nforged')
        hits.append(fd)
    except OSError:
        pass
print(hits)
raise SystemExit(1)
"""
    result = run_py(source)
    assert result.verdict == Verdict.RUNTIME_ERROR, result
    assert result.stdout == "[]\n"
