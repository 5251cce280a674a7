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


def test_go_cache_is_per_goroot(tmp_path, monkeypatch):
    """A Go cache warmed for another checkout's GOROOT looks complete but cannot build: never share it."""
    from sandbox.languages.go import toolchains as go

    real = go.cache_dir()
    other_root = tmp_path / "goroot"
    (other_root / "src").mkdir(parents=True)
    (other_root / "VERSION").write_text("go1.27.3\n")
    monkeypatch.setattr(go, "goroot", lambda: str(other_root))
    go._goroot_identity.cache_clear()
    try:
        assert go.cache_dir() != real
    finally:
        monkeypatch.undo()
        go._goroot_identity.cache_clear()
    assert go.cache_dir() == real
