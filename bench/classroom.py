"""A classroom: many learners at once on a real site, some of them hostile.

    .venv/bin/python bench/classroom.py [--learners 60] [--seconds 90] [--json]
    .venv/bin/python bench/classroom.py --url http://127.0.0.1:8480 ...      (a running stack)
    .venv/bin/python bench/classroom.py --find-capacity [--json]

Without --url it starts its own site as production runs it (gunicorn gthread with
deploy/gunicorn.conf.py, the production limits, DEBUG off) on a fresh database (SQLite, or
--database-url), the Redis on 127.0.0.1:6379 (or its own), and one Celery worker with 2 processes
(as bench/pipeline.py does), imports content/ and waits until /healthz is ok. The learners
(bench/classroom_learners.py, Locust, in a process of its own) are N honest learners at a
realistic pace (a page every ~10 s, a run every ~30 s: Check a deck snippet, or run an edit whose
output is known) and one hostile learner of each kind (fork bomb, output flood, memory bomb,
kernel quota hog, format flood) at the same time. Every honest verdict is checked against the
expected outcome. Meanwhile a bare `python3 -I -S -c pass` start is timed every 2 s (the baseline)
and the load average sampled.

Every learner has its own session and address: the bench's site trusts 127.0.0.1 as a reverse
proxy (TRUSTED_PROXIES) and each learner names its own address in X-Forwarded-For, so honest
learners are limited as real ones would be, each on their own; production trusts no proxy unless
told. Against --url, set TRUSTED_PROXIES on the web service to the address the bench connects
from, or every learner shares one address's limits.

--find-capacity runs steps of growing classes (--steps) and reports the largest with no wrong
verdict, nothing lost, no 5xx and a verdict p95 within 40 x the bare Python start
(capacity_learners). --json prints one object (schema in BENCHMARKS.md).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database

HOSTILE_KINDS = ["fork_bomb", "output_flood", "memory_bomb", "quota_hog", "format_flood"]
SEARCH_WORDS = ["slice", "map", "goroutine", "append", "defer", "interface", "channel", "closure", "string", "panic"]
CAPACITY_P95_BARE = 40


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else None


def rounded(value):
    return None if value is None else round(value, 1)


def wait_for(url: str, timeout: float, what: str, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=5).status == 200:
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s")


class Site:
    """The bench's own site: database, Redis, one Celery worker (2 processes), gunicorn."""

    def __init__(self, database_url: str | None, log):
        self.log = log
        self.workdir = fresh_database("bench-classroom-", database_url)
        os.environ.update(DJANGO_SETTINGS_MODULE="quizapp.settings.local", DEBUG="false", TRUSTED_PROXIES="127.0.0.1",
                          CELERY_KEY_PREFIX=f"quizapp-classroom-{uuid.uuid4().hex[:8]}:")
        from quizapp.ops.embedded_redis import EmbeddedRedis, free_port, redis_answers

        self.redis = None
        if not redis_answers(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")):
            self.redis = EmbeddedRedis(self.workdir / "redis", appendonly=False)
            os.environ["REDIS_URL"] = self.redis.start()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.worker = self.web = None

    def start(self) -> "Site":
        import django

        django.setup()
        from django.db import connection

        from tests.support.worker_process import CeleryWorker, database_url

        if "sqlite" not in os.environ["DATABASE_URL"]:
            connection.creation.create_test_db(verbosity=0, autoclobber=True)  # never a real database
        env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
        manage = [sys.executable, "manage.py"]
        if "sqlite" in env["DATABASE_URL"]:
            subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        self.log("importing content/")
        subprocess.run([*manage, "import_content"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        self.worker = CeleryWorker(env=env, concurrency=2, name="classroom").start(timeout=600)
        self.log(f"worker ready (log {self.worker.log_path})")
        web_env = {**env, "WEB_BIND": f"127.0.0.1:{self.port}", "WEB_ACCESS_LOG": str(self.workdir / "access.log")}
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "quizapp.wsgi:application", "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT, env=web_env, stdout=(self.workdir / "web.log").open("wb"), stderr=subprocess.STDOUT)
        wait_for(f"{self.url}/healthz", 120, "the site", self.web)
        self.log(f"site on {self.url} (logs in {self.workdir})")
        return self

    def stop(self) -> None:
        if self.web is not None and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(timeout=30)
        if self.worker is not None:
            self.worker.stop()
        if self.redis is not None:
            self.redis.stop()


def deck_questions() -> list[list]:
    """(series, number, language) of every deterministic deck snippet's question, from content/."""
    report = subprocess.run(
        [sys.executable, "manage.py", "check_content", "--json", *sorted(map(str, (ROOT / "content").glob("*.md")))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "quizapp.settings.test"},
    )
    snippets = json.loads(report.stdout)["snippets"]
    return [
        [s["series"], s["question"], s["language"]] for s in snippets if s["question"] and not s["nondeterministic"]
    ]


class Baseline(threading.Thread):
    """A bare `python3 -I -S -c pass` start every 2 s, and the load average, while the class runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.starts, self.loads, self.stopping = [], [], threading.Event()

    def run(self):
        while not self.stopping.wait(2.0):
            began = time.perf_counter()
            subprocess.run(["python3", "-I", "-S", "-c", "pass"], check=True)
            self.starts.append(time.perf_counter() - began)
            self.loads.append(os.getloadavg()[0])


def classroom(url: str, arguments, learners: int, questions) -> dict:
    plan = {
        "url": url,
        "learners": learners,
        "seconds": arguments.seconds,
        "hostile_kinds": HOSTILE_KINDS,
        "hostile_each": arguments.hostile_each,
        "page_every_s": arguments.page_every,
        "run_every_s": arguments.run_every,
        "spawn_rate": max(5.0, learners / 10),
        "grace_s": 90,
        "member_share": 0.2,
        "run_patience_s": 120,
        "questions": questions,
        "words": SEARCH_WORDS,
    }
    baseline = Baseline()
    baseline.start()
    began = time.monotonic()
    generator = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "classroom_learners.py")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=arguments.generator_log.open("ab"),
    )
    generator.stdin.write(json.dumps(plan).encode())
    generator.stdin.close()
    output = generator.stdout.read()
    _, status, usage = os.wait4(generator.pid, 0)
    wall = time.monotonic() - began
    baseline.stopping.set()
    baseline.join()
    if status != 0:
        raise RuntimeError(f"the learners' process failed ({status}); its log: {arguments.generator_log}")
    found = json.loads(output)
    runs = found["honest_runs"] + sum(found["hostile_runs"].values())
    return {
        "learners": learners,
        "seconds": arguments.seconds,
        "honest_runs": found["honest_runs"],
        "honest_wrong_verdicts": len(found["honest_wrong"]),
        "lost": found["lost"],
        "http_5xx": found["http_5xx"],
        "hostile_kinds": HOSTILE_KINDS,
        "hostile_runs": found["hostile_runs"],
        "page_p50_ms": rounded(percentile(found["pages_ms"], 0.5)),
        "page_p95_ms": rounded(percentile(found["pages_ms"], 0.95)),
        "verdict_p50_ms": rounded(percentile(found["verdicts_ms"], 0.5)),
        "verdict_p95_ms": rounded(percentile(found["verdicts_ms"], 0.95)),
        "runs_per_s": round(runs / arguments.seconds, 2),
        "bare_python_p50_ms": rounded(statistics.median(baseline.starts) * 1000) if baseline.starts else None,
        "load_avg": round(max(baseline.loads, default=os.getloadavg()[0]), 2),
        "generator_cpu_share": round((usage.ru_utime + usage.ru_stime) / (wall * os.cpu_count()), 3),
        "pages": len(found["pages_ms"]),
        "refused": found["refused"],
        "formats_refused": found["formats_refused"],
        "wrong_examples": found["honest_wrong"][:5],
        "errors": found["errors"],
        "unexpected": found["unexpected"],
    }


def fits(figures: dict) -> bool:
    bare = figures["bare_python_p50_ms"] or 0
    return (
        figures["honest_runs"]
        and not figures["honest_wrong_verdicts"]
        and not figures["lost"]
        and not figures["http_5xx"]
        and figures["verdict_p95_ms"] is not None
        and figures["verdict_p95_ms"] <= CAPACITY_P95_BARE * bare
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--hostile-each", type=int, default=1, help="hostile learners of each kind")
    parser.add_argument("--page-every", type=float, default=10.0, help="mean seconds between an honest learner's pages")
    parser.add_argument("--run-every", type=float, default=30.0, help="mean seconds between an honest learner's runs")
    parser.add_argument("--url", help="a running site (else the bench starts its own)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--find-capacity", action="store_true")
    parser.add_argument("--steps", default="25,50,100,200,300,400,500", help="class sizes --find-capacity tries")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    arguments = parser.parse_args()
    arguments.generator_log = Path(f"/tmp/bench-classroom-learners-{os.getpid()}.log")

    def say(*parts):
        print(*parts, file=sys.stderr if arguments.json else sys.stdout, flush=True)

    site = None if arguments.url else Site(arguments.database_url, say)
    try:
        url = arguments.url.rstrip("/") if arguments.url else site.start().url
        questions = deck_questions()
        if arguments.find_capacity:
            figures, steps = {}, []
            for size in map(int, arguments.steps.split(",")):
                step = classroom(url, arguments, size, questions)
                steps.append(step)
                say(
                    f"{size} learners: p95 {step['verdict_p95_ms']} ms (bare {step['bare_python_p50_ms']} ms), wrong "
                    f"{step['honest_wrong_verdicts']}, lost {step['lost']}, 5xx {step['http_5xx']}"
                )
                if not fits(step):
                    break
                figures = step
            figures = {**(figures or steps[0]), "capacity_learners": figures.get("learners", 0), "steps": steps}
        else:
            figures = classroom(url, arguments, arguments.learners, questions)
    finally:
        if site is not None:
            site.stop()
    if arguments.json:
        print(json.dumps(figures))
        return
    for name, value in figures.items():
        if name != "steps":
            say(f"{name:24} {value}")


if __name__ == "__main__":
    main()
