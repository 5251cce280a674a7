"""Each checker: match and mismatch, first as pure functions, then end to end."""

import pytest

from sandbox import CheckerSpec, Limits, Verdict, languages, pool
from sandbox.checkers import CHECKERS, Facts, compare
from sandbox.isolation import Outcome

from .helpers import go_main, run, run_go, run_py

CASES = [
    # kind, arg, actual, expected, matches
    ("exact", None, "a\nb\n", "a\nb\n", True),
    ("exact", None, "a\nb", "a\nb\n", False),
    ("trailing_ws", None, "a  \nb\n\n\n", "a\nb", True),
    ("trailing_ws", None, " a\nb", "a\nb", False),
    ("whitespace", None, "1   2\n3\t4", "1 2 3 4\n", True),
    ("whitespace", None, "1 2 3", "1 2 3 4", False),
    ("unordered_lines", None, "b\na\nc\n", "a\nb\nc", True),
    ("unordered_lines", None, "b\na\na\n", "a\nb\nc", False),
    ("regex", r"took \d+ms", "took 42ms\n", "", True),
    ("regex", r"took \d+ms", "took fast\n", "", False),
    ("regex", None, "id=17\n", r"id=\d+", True),
]


@pytest.mark.parametrize("kind,arg,actual,expected,matches", CASES)
@pytest.mark.unit
def test_checker_functions(kind, arg, actual, expected, matches):
    matched, diff = compare(CheckerSpec(kind, arg), actual, expected)
    assert matched is matches
    assert bool(diff) is not matches


@pytest.mark.unit
def test_unknown_checker_kind_is_refused():
    with pytest.raises(ValueError):
        CheckerSpec("fuzzy")


def test_exact_end_to_end():
    assert run_py("print('x')", expected_output="x\n", checker=CheckerSpec("exact")).verdict == Verdict.ACCEPTED
    assert run_py("print('x ')", expected_output="x\n", checker=CheckerSpec("exact")).verdict == Verdict.WRONG_ANSWER


def test_trailing_ws_is_the_default():
    assert run_py("print('x   ')", expected_output="x").verdict == Verdict.ACCEPTED
    assert run_py("print('  x')", expected_output="x").verdict == Verdict.WRONG_ANSWER


def test_whitespace_end_to_end():
    spec = CheckerSpec("whitespace")
    assert run_py("print(1, 2)\nprint(3)", expected_output="1 2 3", checker=spec).verdict == Verdict.ACCEPTED
    assert run_py("print(1, 2)", expected_output="1 2 3", checker=spec).verdict == Verdict.WRONG_ANSWER


def test_unordered_lines_with_go_map_iteration():
    source = go_main(
        '\tm := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}\n\tfor k, v := range m {\n\t\tfmt.Println(k, v)\n\t}',
        ["fmt"],
    )
    spec = CheckerSpec("unordered_lines")
    assert run_go(source, expected_output="a 1\nb 2\nc 3\nd 4\n", checker=spec).verdict == Verdict.ACCEPTED
    result = run_go(source, expected_output="a 1\nb 2\nc 3\nd 5\n", checker=spec)
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "d 5" in result.diff


def test_regex_end_to_end():
    spec = CheckerSpec("regex", r"\d+ items")
    assert run_py("print('12 items')", checker=spec, expected_output="").verdict == Verdict.ACCEPTED
    assert run_py("print('many items')", checker=spec, expected_output="").verdict == Verdict.WRONG_ANSWER


def test_compile_error_checker_go():
    bad = "package main\nfunc main() { var s string = 1 }\n"
    spec = CheckerSpec("compile_error", "cannot use 1")
    assert run_go(bad, checker=spec).verdict == Verdict.ACCEPTED
    assert run_go(bad, checker=CheckerSpec("compile_error", "undefined")).verdict == Verdict.WRONG_ANSWER
    compiles = run_go(go_main("\tprintln(1)"), checker=spec)
    assert compiles.verdict == Verdict.WRONG_ANSWER
    assert "compiled" in compiles.message


def test_compile_error_checker_python():
    spec = CheckerSpec("compile_error", "SyntaxError")
    assert run_py("print('x'", checker=spec).verdict == Verdict.ACCEPTED
    assert run_py("print('x')", checker=spec).verdict == Verdict.WRONG_ANSWER


def test_panic_checker_go():
    source = go_main("\tvar m map[string]int\n\tm[\"a\"] = 1")
    assert run_go(source, checker=CheckerSpec("panic", "assignment to entry in nil map")).verdict == Verdict.ACCEPTED
    assert run_go(source, checker=CheckerSpec("panic", "index out of range")).verdict == Verdict.WRONG_ANSWER
    clean = run_go(go_main("\tprintln(1)"), checker=CheckerSpec("panic", "x"))
    assert clean.verdict == Verdict.WRONG_ANSWER


def test_panic_checker_python():
    spec = CheckerSpec("panic", "KeyError: 'missing'")
    assert run_py("{}['missing']", checker=spec).verdict == Verdict.ACCEPTED
    assert run_py("[][1]", checker=spec).verdict == Verdict.WRONG_ANSWER
    assert run_py("print(1)", checker=spec).verdict == Verdict.WRONG_ANSWER


# --- every verdict x every checker x every language ---------------------------------------

PROGRAMS = {  # scenario: (python, go body, go imports)
    "prints hello": ("print('hello')", '\tfmt.Println("hello")', ["fmt"]),
    "prints other": ("print('other')", '\tfmt.Println("other")', ["fmt"]),
    "does not compile": ("print('x'", "\tx := 1", []),
    "crashes": ("raise ValueError('boom')", '\tpanic("boom")', []),
    "exits 3": ("import sys\nsys.exit(3)", "\tos.Exit(3)", ["os"]),
    "spins": ("while True:\n    pass", "\tfor {\n\t}", []),
    "eats memory": ("x = bytearray(256 << 20)\nprint(len(x))",
                    "\tx := make([]byte, 256<<20)\n\tfor i := range x {\n\t\tx[i] = 1\n\t}\n\tfmt.Println(len(x))",
                    ["fmt"]),
    "floods output": ("while True:\n    print('y' * 100)", '\tfor {\n\t\tfmt.Println("yyyyyyyyyy")\n\t}', ["fmt"]),
    "sandbox breaks": ("print('hello')", '\tfmt.Println("hello")', ["fmt"]),
}
ARGS = {"regex": "hel+o", "compile_error": None, "panic": None}
OUTPUT_CHECKERS = ("exact", "trailing_ws", "whitespace", "unordered_lines", "regex")
SAME_FOR_EVERY_CHECKER = {"spins": Verdict.TIME_LIMIT, "eats memory": Verdict.MEMORY_LIMIT,
                          "floods output": Verdict.OUTPUT_LIMIT, "sandbox breaks": Verdict.INTERNAL_ERROR}
BY_CHECKER = {  # scenario: (verdict of an output checker, of compile_error, of panic)
    "prints hello": (Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER),
    "prints other": (Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER),
    "does not compile": (Verdict.COMPILE_ERROR, Verdict.ACCEPTED, Verdict.COMPILE_ERROR),
    "crashes": (Verdict.RUNTIME_ERROR, Verdict.WRONG_ANSWER, Verdict.ACCEPTED),
    "exits 3": (Verdict.RUNTIME_ERROR, Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER),
}


def expected_verdict(scenario, kind, language="python"):
    if kind == "compile_error" and languages.get(language).separate_build and scenario != "does not compile":
        return Verdict.WRONG_ANSWER  # it compiled: the answer, without running it
    if scenario in SAME_FOR_EVERY_CHECKER:
        return SAME_FOR_EVERY_CHECKER[scenario]
    output, compile_error, panic = BY_CHECKER[scenario]
    return {"compile_error": compile_error, "panic": panic}.get(kind, output)


@pytest.mark.unit
def test_the_table_names_every_verdict_but_ok():
    named = {expected_verdict(s, k) for s in PROGRAMS for k in CHECKERS}
    assert named | {Verdict.OK} == set(Verdict)


@pytest.mark.parametrize("language", ["python", "go"])
@pytest.mark.parametrize("kind", list(CHECKERS))
@pytest.mark.parametrize("scenario", list(PROGRAMS))
def test_every_verdict_for_every_checker_and_language(scenario, kind, language, monkeypatch):
    python, body, imports = PROGRAMS[scenario]
    source = python if language == "python" else go_main(body, imports)
    if scenario == "sandbox breaks":
        monkeypatch.setattr(pool, "execute", lambda step: Outcome(setup_error="injected: no sandbox"))
    expected_output = "hello\n" if CHECKERS[kind].compares_output else None
    result = run(language, source, checker=CheckerSpec(kind, ARGS.get(kind)), expected_output=expected_output,
                 limits=Limits(cpu_time_s=0.5, memory_bytes=128 << 20, output_bytes=4096))
    assert result.verdict == expected_verdict(scenario, kind, language), result


def test_a_clean_run_without_expected_output_is_ok_for_every_output_checker():
    for kind in OUTPUT_CHECKERS:
        assert run_py("print('hello')", checker=CheckerSpec(kind, ARGS.get(kind))).verdict == Verdict.OK


@pytest.mark.unit
def test_checkers_judge_facts_without_a_sandbox():
    assert CHECKERS["compile_error"].judge(Facts(), None).accepted is False
    assert CHECKERS["compile_error"].judge(Facts(compile_output="x: undefined: y"), "undefined").accepted
    assert not CHECKERS["compile_error"].judge(Facts(compile_output="x: undefined: y"), "mismatched").accepted
    assert CHECKERS["panic"].judge(Facts(failed=True, error_message="panic: boom"), "boom").accepted
    assert not CHECKERS["panic"].judge(Facts(failed=True, stderr="exit status 3"), None).accepted
    judged = CHECKERS["exact"].judge(Facts(stdout="a\n", expected_output="b\n"), None)
    assert not judged.accepted and "-b" in judged.diff and "+a" in judged.diff
