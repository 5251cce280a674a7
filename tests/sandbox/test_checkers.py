"""Each checker: match and mismatch, first as pure functions, then end to end."""

import pytest

from sandbox import CheckerSpec, Verdict
from sandbox.checkers import compare

from .helpers import go_main, run_go, run_py

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
def test_checker_functions(kind, arg, actual, expected, matches):
    matched, diff = compare(CheckerSpec(kind, arg), actual, expected)
    assert matched is matches
    assert bool(diff) is not matches


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
