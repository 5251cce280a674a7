"""The Go build and its caches: bounded on disk (finding 1), every standard package prebuilt and a
failed build remembered (finding 2)."""

import uuid

from sandbox import Limits, Verdict
from sandbox.languages import go

from .helpers import assert_host_untouched, go_main, run_go


def unique_program(payload=""):
    return go_main(f'\tfmt.Println("{uuid.uuid4().hex}"){payload}', ["fmt"])


def cached_binaries():
    return {path.name: path.stat().st_size for path in go.BINARIES.directory.iterdir()}


def test_large_binaries_run_but_are_not_kept(monkeypatch):
    monkeypatch.setenv("SANDBOX_GO_CACHEABLE_BYTES", str(4 << 20))
    big = ("package main\nimport \"fmt\"\nvar table = [8 << 20]byte{1, 2, 3}\n"
           "func main() { fmt.Println(len(table), table[1]) }\n")
    big = big.replace("func main", f"// {uuid.uuid4().hex}\nfunc main")
    before = cached_binaries()
    first = run_go(big)
    assert first.verdict == Verdict.OK, first
    assert first.stdout == "8388608 2\n"
    assert set(cached_binaries()) <= set(before)
    again = run_go(big)
    assert again.verdict == Verdict.OK and not again.binary_cached
    assert_host_untouched()


def test_binary_cache_keeps_the_recently_used_within_its_size(monkeypatch):
    sources = [unique_program() for _ in range(3)]
    first = run_go(sources[0])
    size = cached_binaries()[go.Go().binary_key(sources[0].encode())]
    monkeypatch.setenv("SANDBOX_GO_CACHE_BYTES", str(int(size * 2.5)))
    assert first.verdict == Verdict.OK
    run_go(sources[1])
    assert run_go(sources[0]).binary_cached  # used again: now the most recent
    run_go(sources[2])
    kept = cached_binaries()
    assert sum(kept.values()) <= size * 2.5
    keys = [go.Go().binary_key(source.encode()) for source in sources]
    assert keys[0] in kept and keys[2] in kept and keys[1] not in kept


def test_net_http_and_httptest_build_quickly_and_run_on_a_warmed_worker():
    source = """package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

func main() {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello from httptest")
	}))
	defer server.Close()
	response, err := http.Get(server.URL)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(response.Body)
	fmt.Println(string(body))
}
"""
    result = run_go(source.replace("func main", f"// {uuid.uuid4().hex}\nfunc main"),
                    expected_output="hello from httptest\n")
    assert result.verdict == Verdict.ACCEPTED, result
    # Nothing of std is compiled again: only this package and the link (tens of seconds when cold).
    assert result.compile_time_s < 10, result.compile_time_s
    assert_host_untouched()


def test_a_build_that_exceeded_its_limits_is_not_built_again():
    lines = ['const s0 = "xxxxxxxxxxxxxxxx"'] + [f"const s{i} = s{i-1} + s{i-1}" for i in range(1, 40)]
    source = f"package main\n// {uuid.uuid4().hex}\n" + "\n".join(lines) + "\nfunc main() { println(len(s39)) }\n"
    limits = Limits(build_cpu_time_s=5, build_wall_time_s=60, build_memory_bytes=256 << 20)
    first = run_go(source, limits=limits)
    assert first.verdict == Verdict.COMPILE_ERROR, first
    second = run_go(source, limits=limits)
    assert second.verdict == Verdict.COMPILE_ERROR
    assert (second.message, second.compile_output) == (first.message, first.compile_output)
    assert second.compile_time_s == 0.0  # answered from the record, no build ran
    assert_host_untouched()


def test_no_sandbox_starts_while_a_binary_is_being_written(tmp_path):
    """A sandbox forked while a binary is written would hold it open for writing until its exec:
    the run that then executes the binary would fail with ETXTBSY ("Text file busy")."""
    import threading

    from sandbox.isolation import Launch
    from sandbox.prepared import PreparedSandbox
    from sandbox.reaping import holding_starts

    from .test_pool import _step

    launch = Launch.of(_step("python", "pass"))
    started = threading.Event()
    holder = []

    def start():
        holder.append(PreparedSandbox(launch))
        started.set()

    with holding_starts():
        thread = threading.Thread(target=start)
        thread.start()
        assert not started.wait(0.5)  # the fork waits for the write to end
    assert started.wait(10)
    thread.join()
    holder[0].discard()
