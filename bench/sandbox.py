"""Sandbox speed against a bare process, measured in the same run on the same machine.

    .venv/bin/python bench/sandbox.py [--repeat 30]

Goals: python -I -S -c pass <= +5 ms over bare; new Go program build + run <= 250 ms;
cached Go binary run <= 15 ms; >= 50 Python runs/s with 2 worker processes.
"""

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sandbox  # noqa: E402
from sandbox import RunRequest, Verdict, config  # noqa: E402
from sandbox.languages import go as go_language  # noqa: E402

GO_PROGRAM = 'package main\nimport "fmt"\nfunc main() {{ fmt.Println("hello {tag}") }}\n'


def measure(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def describe(samples):
    return f"median {statistics.median(samples):7.1f} ms  (min {min(samples):.1f} – max {max(samples):.1f})"


def checked(request):
    result = sandbox.run(request)
    assert result.verdict in (Verdict.OK, Verdict.ACCEPTED), result
    return result


def _python_worker(count):
    for _ in range(count):
        checked(RunRequest("python", "print(1)"))


def _bare_worker(count):
    for _ in range(count):
        subprocess.run([config.python_binary(), "-I", "-S", "-c", "print(1)"], check=True, capture_output=True)


def throughput(worker, total, processes=2):
    ctx = multiprocessing.get_context("fork")
    started = time.perf_counter()
    procs = [ctx.Process(target=worker, args=(total // processes,)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    repeat = args.repeat

    sandbox.warm()
    python = config.python_binary()
    print(f"python: {python}  go: {sandbox.toolchain_versions()['go']}  "
          f"isolation: {sandbox.run(RunRequest('python', 'pass')).memory_enforcement}")

    print("\n1. python -I -S -c pass")
    bare = measure(lambda: subprocess.run([python, "-I", "-S", "-c", "pass"], check=True), repeat)
    boxed = measure(lambda: checked(RunRequest("python", "pass")), repeat)
    print(f"   bare     {describe(bare)}")
    print(f"   sandbox  {describe(boxed)}")
    print(f"   overhead +{statistics.median(boxed) - statistics.median(bare):.1f} ms (goal <= +5 ms)")

    print("\n2. new Go program: build + run (unique source each time, std cache warm)")
    fresh = measure(lambda: checked(RunRequest("go", GO_PROGRAM.format(tag=uuid.uuid4().hex))), max(5, repeat // 3))
    print(f"   sandbox  {describe(fresh)}  (goal <= 250 ms)")

    print("\n3. cached Go binary run")
    source = GO_PROGRAM.format(tag="cached")
    first = checked(RunRequest("go", source))
    binary = go_language.binary_dir() / go_language.Go().binary_key(source.encode())
    bare_go = measure(lambda: subprocess.run([str(binary)], check=True, capture_output=True), repeat)
    cached = measure(lambda: checked(RunRequest("go", source)), repeat)
    assert first.verdict == Verdict.OK and sandbox.run(RunRequest("go", source)).binary_cached
    print(f"   bare     {describe(bare_go)}")
    print(f"   sandbox  {describe(cached)}  (goal <= 15 ms)")
    print(f"   overhead +{statistics.median(cached) - statistics.median(bare_go):.1f} ms")

    print("\n4. Python runs per second, 2 worker processes (print(1))")
    total = max(40, repeat * 4)
    bare_rate = throughput(_bare_worker, total)
    box_rate = throughput(_python_worker, total)
    print(f"   bare     {bare_rate:6.1f} runs/s")
    print(f"   sandbox  {box_rate:6.1f} runs/s  (goal >= 50/s; {box_rate / bare_rate:.0%} of bare)")


if __name__ == "__main__":
    main()
