"""Submit -> final verdict through the real web view, Redis, a Celery worker and the sandbox.

    .venv/bin/python bench/pipeline.py [--python 40] [--go 10] [--hits 30] [--burst 500 --users 50] [--json]

Baseline, measured in the same run: the bare sandbox (`sandbox.run`) on the same kind of programs.
Each submission is POSTed through Django's full request handler (middleware, the `runs:create`
view, `submission_create`), goes to Redis after commit, and is run by a real
`celery worker -Q sandbox,celery --concurrency 2`; the clock stops when the worker records the
final verdict (the row's finished_at).
Each run's time is split into hops: the web view until it hands the message to Celery (the bench
listens to `before_task_publish`), the broker (that moment until the task starts in a worker
process), the worker before the sandbox (the statement that starts the run, the cache look-up),
the sandbox, and the verdict's write; the worker's share comes from the one timing line it logs
per run (quizapp.worker.tasks), so measuring adds no database write.
Goals (issue 25, ratios to a bare `python3 -I -S -c pass` start timed beside each Python run):
Python p50 <= 2 x and p95 <= 4 x, new Go program p50 <= 14 x; cache hit <= 15 ms (issue 14); the
burst (USERS users x BURST/USERS runs each, retrying after every 429) >= 35 % of the runs/s of
bare processes started 2 at a time, and ends with every row final.
Uses the Redis on 127.0.0.1:6379 when it answers, else a project-owned one; its own key prefix.
Every figure comes with min/median/p95 and the load average (a warning above 0.5: the figures
are then not comparable); --json prints the same figures as one JSON object (schema in
BENCHMARKS.md) instead of the table.
"""

import argparse
import atexit
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database

GO_TEMPLATE = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("run %s")\n}\n'
PY_TEMPLATE = "print('run %s')\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


def bare_processes_per_s(python: str, total: int, processes: int = 2) -> float:
    """Bare `python3 -I -S -c print(1)` starts, `processes` at a time: the burst's baseline."""
    def starts(count):
        for _ in range(count):
            subprocess.run([python, "-I", "-S", "-c", "print(1)"], check=True, capture_output=True)

    started = time.perf_counter()
    threads = [threading.Thread(target=starts, args=(total // processes,)) for _ in range(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (total // processes * processes) / (time.perf_counter() - started)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def spread(values) -> str:
    """min / median / p95 in milliseconds."""
    return f"{ms(min(values))} / {ms(statistics.median(values))} / {ms(percentile(values, 0.95))}"


TIMINGS = re.compile(rb"submission (\d+) timings at=([\d.]+) ((?:\w+=[\d.]+ ?)*) ms")
# hop -> how it is computed from one run's figures (bench clock and the worker's timing line)
HOPS = {
    "web_before_send": lambda run: (run["published"] - run["posted"]) * 1000,
    "broker": lambda run: (run["at"] - run["published"]) * 1000,
    "worker_before_sandbox": lambda run: run["start"] + run["cache_get"],
    "sandbox": lambda run: run.get("sandbox"),
    "record": lambda run: run["record"],
    "after_record": lambda run: run["cache_put"],
}


def worker_timings(log_path: Path) -> dict[int, dict]:
    """Submission id -> the worker's timing line: start (epoch s) and each lap (ms)."""
    found = {}
    for match in TIMINGS.finditer(log_path.read_bytes()):
        laps = dict(pair.split(b"=") for pair in match.group(3).split())
        found[int(match.group(1))] = {"at": float(match.group(2)), **{k.decode(): float(v) for k, v in laps.items()}}
    return found


def hop_medians(runs: list[dict]) -> dict[str, float | None]:
    medians = {}
    for hop, compute in HOPS.items():
        values = [value for value in map(compute, runs) if value is not None]
        medians[hop] = round(statistics.median(values), 1) if values else None
    return medians


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


QUIET_LOAD = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=int, default=40)
    parser.add_argument("--go", type=int, default=10)
    parser.add_argument("--hits", type=int, default=30)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    arguments = parser.parse_args()

    def say(*parts, **options):  # with --json, stdout carries only the JSON object
        print(*parts, file=sys.stderr if arguments.json else sys.stdout, **options)

    load_at_start = load_average()

    workdir = fresh_database("bench-pipeline-", arguments.database_url)
    os.environ.setdefault("CELERY_KEY_PREFIX", f"quizapp-bench-{uuid.uuid4().hex[:8]}:")

    from quizapp.ops.embedded_redis import EmbeddedRedis, redis_answers

    embedded = None
    if not redis_answers(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")):
        embedded = EmbeddedRedis(workdir / "redis", appendonly=False)
        os.environ["REDIS_URL"] = embedded.start()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from celery.signals import before_task_publish

    import sandbox
    from sandbox.languages.python import python_binary
    from quizapp.task_names import SUBMISSION_RUN as RUN_TASK
    from quizapp.runs.models import Submission
    from tests.support.worker_process import CeleryWorker, database_url

    if arguments.database_url and "sqlite" not in arguments.database_url:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)  # never touch a real database
    else:
        call_command("migrate", verbosity=0)
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict), "REDIS_URL": settings.REDIS_URL}
    worker = CeleryWorker(env=env, concurrency=2, name="bench").start(timeout=60)
    atexit.register(worker.stop)  # also when a phase fails: a stray worker would hold the database
    say(f"database {connection.vendor}, redis {settings.REDIS_URL}, worker log {worker.log_path}")

    def submit(client, code, language):
        data = {"code": code, "language": language, "token": str(uuid.uuid4())}
        return client.post("/runs/", data, **HTMX)

    def wait_final(submission_id, timeout=60.0):
        # A slow poll, so the bench does not compete with the worker for the 2 cores; the latency
        # comes from the row's own finished_at, not from when this loop notices it.
        deadline = time.monotonic() + timeout
        query = Submission.objects.filter(pk=submission_id, status=Submission.Status.DONE)
        while not query.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"submission {submission_id} not final after {timeout} s")
            time.sleep(0.01)

    published = {}  # submission id -> when the web handed its message to Celery (time.time())

    @before_task_publish.connect(weak=False)
    def _published(headers=None, body=None, **_):
        if headers and headers.get("task") == RUN_TASK:
            published[body[0][0]] = time.time()

    web_times, runs = [], []

    def timed_run(client, code, language):
        started, wall_started = time.perf_counter(), time.time()
        response = submit(client, code, language)
        web_times.append(time.perf_counter() - started)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        submission_id = Submission.objects.latest("id").pk
        wait_final(submission_id)
        submission = Submission.objects.get(pk=submission_id)
        runs.append({"id": submission_id, "posted": wall_started, "published": published[submission_id]})
        return submission.finished_at.timestamp() - wall_started, submission

    def with_worker_timings(phase_runs, timeout=10.0):
        """The phase's runs, each with its worker timing line (logged just after the verdict's write)."""
        deadline = time.monotonic() + timeout
        while True:
            timings = worker_timings(worker.log_path)
            if all(run["id"] in timings for run in phase_runs) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return [{**run, **timings[run["id"]]} for run in phase_runs if run["id"] in timings]

    def bare_start():
        """A bare `python3 -I -S -c pass` start: what issue 25's goals are ratios to. Timed once the
        worker has refilled its pool after the run before (its refill would slow this start down)."""
        time.sleep(0.1)
        started = time.perf_counter()
        subprocess.run([python_binary(), "-I", "-S", "-c", "pass"], check=True)
        return time.perf_counter() - started

    def bare(code, language):
        started = time.perf_counter()
        result = sandbox.run(sandbox.RunRequest(language=language, source=code))
        assert result.verdict == sandbox.Verdict.OK, result.message
        return time.perf_counter() - started

    settings.RUNS_RATE_LIMIT = (10**6, 10)  # the latency phase is one visitor running many programs
    client = Client(SERVER_NAME="localhost")
    for language, template in (("python", PY_TEMPLATE), ("go", GO_TEMPLATE)):  # connections, imports, caches
        timed_run(client, template % uuid.uuid4(), language)
        bare(template % uuid.uuid4(), language)

    rows, starts = [], []
    for label, language, template, count in (
        ("Python, new program", "python", PY_TEMPLATE, arguments.python),
        ("Go, new program", "go", GO_TEMPLATE, arguments.go),
    ):
        pipeline, baseline = [], []
        web_times.clear()
        runs.clear()
        for _ in range(count):
            elapsed, submission = timed_run(client, template % uuid.uuid4(), language)
            assert submission.verdict == "OK" and not submission.cached, (submission.verdict, submission.message)
            pipeline.append(elapsed)
            baseline.append(bare(template % uuid.uuid4(), language))
            starts.append(bare_start())
        rows.append((label, pipeline, baseline, list(web_times), hop_medians(with_worker_timings(runs))))

    hit_code = PY_TEMPLATE % "cached"
    timed_run(client, hit_code, "python")
    hits = []
    web_times.clear()
    runs.clear()
    for _ in range(arguments.hits):
        elapsed, submission = timed_run(client, hit_code, "python")
        assert submission.cached
        hits.append(elapsed)
    rows.append(("Cache hit (Python)", hits, None, list(web_times), hop_medians(with_worker_timings(runs))))

    say(f"\n{'':24} {'n':>4} {'min / p50 / p95 ms':>24} {'bare min / p50 / p95 ms':>24} {'overhead p50':>13}")
    for label, pipeline, baseline, _, _ in rows:
        p50 = statistics.median(pipeline)
        bare50 = statistics.median(baseline) if baseline else None
        say(
            f"{label:24} {len(pipeline):>4} {spread(pipeline):>24} "
            f"{spread(baseline) if baseline else '-':>24} {ms(p50 - bare50) if bare50 else '-':>13}"
        )
    say("\nhops, p50 ms (the first five add up to submit -> verdict; the record and what follows it do not)")
    say(f"{'':24} {'web POST':>9} " + " ".join(f"{hop.replace('_', ' '):>{max(9, len(hop))}}" for hop in HOPS))
    for label, _, _, web, hops in rows:
        say(f"{label:24} {ms(statistics.median(web)):>9} " + " ".join(
            f"{'-' if hops[hop] is None else hops[hop]:>{max(9, len(hop))}}" for hop in HOPS))
    python, go, hit = (row[1] for row in rows)
    start = statistics.median(starts)
    say(f"\nbare `python3 -I -S -c pass` start (issue 25's unit): {spread(starts)} ms")
    checks = {
        "Python p50 <= 2 x a bare Python start": statistics.median(python) <= 2 * start,
        "Python p95 <= 4 x a bare Python start": percentile(python, 0.95) <= 4 * start,
        "Go new program p50 <= 14 x a bare Python start": statistics.median(go) <= 14 * start,
        "cache hit p50 <= 15 ms": statistics.median(hit) <= 0.015,
    }

    settings.RUNS_RATE_LIMIT = (10, 10)  # the burst meets the real limits: 10 runs / 10 s each, queue cap
    per_user = arguments.burst // arguments.users
    rejected = Counter()
    failures = []
    burst_tag = uuid.uuid4().hex[:8]

    def user(index):
        from django.db import connection as thread_connection

        visitor = Client(SERVER_NAME="localhost")
        try:
            for n in range(per_user):
                code = PY_TEMPLATE % f"{burst_tag} {index}-{n}"
                while True:
                    response = submit(visitor, code, "python")
                    if response.status_code != 429:
                        break
                    rejected[index] += 1
                    time.sleep(min(int(response["Retry-After"]), 2))
                if response.status_code != 200:
                    failures.append((index, n, response.status_code))
        finally:
            thread_connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(index,)) for index in range(arguments.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted_at = time.perf_counter() - started
    burst = Submission.objects.filter(code__contains=burst_tag)
    deadline = time.monotonic() + 300
    while burst.exclude(status=Submission.Status.DONE).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    total = burst.count()
    final = burst.filter(status=Submission.Status.DONE).count()
    verdicts = Counter(burst.values_list("verdict", flat=True))
    say(
        f"\nburst: {arguments.users} users x {per_user} runs, 2 worker processes: {total} submissions, "
        f"{final} final, verdicts {dict(verdicts)}, {sum(rejected.values())} HTTP 429 retried, "
        f"{len(failures)} other errors; all accepted by the web in {accepted_at:.1f} s, "
        f"all final in {elapsed:.1f} s = {final / elapsed:.0f} runs/s"
    )
    checks[f"burst: {arguments.burst} submitted, none lost, all final"] = (
        total == arguments.burst and final == total and not failures
    )
    worker.stop()
    bare_rate = bare_processes_per_s(python_binary(), arguments.burst)
    say(f"bare processes, 2 at a time: {bare_rate:.0f} runs/s; the burst is {final / elapsed / bare_rate:.0%} of it")
    checks["burst >= 35 % of bare processes"] = final / elapsed >= 0.35 * bare_rate
    load_at_end = load_average()
    if embedded:
        embedded.stop()
    python_bare = rows[0][2]
    figures = {
        "python_p50_ms": round(statistics.median(python) * 1000, 1),
        "python_p95_ms": round(percentile(python, 0.95) * 1000, 1),
        "python_min_ms": round(min(python) * 1000, 1),
        "go_p50_ms": round(statistics.median(go) * 1000, 1),
        "go_p95_ms": round(percentile(go, 0.95) * 1000, 1),
        "cache_hit_p50_ms": round(statistics.median(hit) * 1000, 1),
        "bare_python_p50_ms": round(statistics.median(python_bare) * 1000, 1),
        "bare_go_p50_ms": round(statistics.median(rows[1][2]) * 1000, 1),
        "burst_runs": total,
        "burst_runs_per_s": round(final / elapsed, 1),
        "burst_lost": arguments.burst - final,
        "bare_start_p50_ms": round(start * 1000, 1),
        "bare_processes_per_s": round(bare_rate, 1),
        "python_p50_ratio": round(statistics.median(python) / start, 2),
        "python_p95_ratio": round(percentile(python, 0.95) / start, 2),
        "go_p50_ratio": round(statistics.median(go) / start, 2),
        "burst_share_of_bare": round(final / elapsed / bare_rate, 3),
        "load_avg": max(load_at_start, load_at_end),
        "load_avg_start": load_at_start,
        "load_avg_end": load_at_end,
        "database": connection.vendor,
        "web_p50_ms": round(statistics.median(rows[0][3]) * 1000, 1),
        **{f"{hop}_p50_ms": value for hop, value in rows[0][4].items()},
        "hops_p50_ms": {key: {"web": round(statistics.median(row[3]) * 1000, 1), **row[4]}
                        for key, row in zip(("python", "go", "cache_hit"), rows)},
    }
    say(f"\nload average {load_at_start} at the start, {load_at_end} at the end")
    if figures["load_avg"] > QUIET_LOAD:
        say(f"WARNING: load average above {QUIET_LOAD}: other work shares the CPU; these figures are not comparable")
    say()
    for name, ok in checks.items():
        say(f"{'PASS' if ok else 'FAIL'}  {name}")
    if arguments.json:
        print(json.dumps(figures, indent=2))
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
