from sandbox import Verdict

from .helpers import assert_host_untouched, go_main, run_go, run_py


def test_python_hello():
    result = run_py("print('hello')")
    assert result.verdict == Verdict.OK
    assert result.stdout == "hello\n"
    assert result.toolchain_version.startswith("Python 3")
    assert_host_untouched()


def test_go_hello():
    result = run_go(go_main('fmt.Println("hello")', ["fmt"]))
    assert result.verdict == Verdict.OK, result
    assert result.stdout == "hello\n"
    assert result.toolchain_version.startswith("go1.")
