"""Server time of the search page on the synthetic 1,045-question series.

    .venv/bin/python bench/search.py [--repeat 20] [--questions 1045] [--json]

Set DATABASE_URL to measure on PostgreSQL (a fresh database is made for the run; default: a new
SQLite file). Each query is requested `--repeat` times through Django's test client (the full view:
form, selector, template). Target: p95 <= 20 ms.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database

QUERIES = [
    "channel", "channel!", "circuit breaker", "worker pool", "graceful shutdown", "context cancellation",
    "sync.WaitGroup", "rate limiter", "backpressure", "goroutine leak", "tee",
    "gorutine", "singelflight", "circut breaker",  # typos: "did you mean"
    "",  # the parts
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--questions", type=int, default=1045)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    arguments = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL")
    workdir = fresh_database("bench-search-", database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from bench.series import write_series
    from quizapp.catalog.services import content_import

    databases = setup_databases(verbosity=0, interactive=False) if database_url else None
    try:
        if not database_url:
            call_command("migrate", verbosity=0)
        write_series(workdir / "series", questions=arguments.questions, seed=1)
        report = content_import(paths=[workdir / "series"])
        assert not report.errors, report.errors[:3]
        client = Client(HTTP_HOST="localhost")
        for query in QUERIES:  # warm templates and caches
            client.get("/search/", {"q": query})
        per_query, all_samples = {}, []
        for query in QUERIES:
            samples = []
            for _ in range(arguments.repeat):
                started = time.perf_counter()
                response = client.get("/search/", {"q": query})
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (query, response.status_code)
            per_query[query] = samples
            all_samples += samples
        result = {
            "database": connection.vendor,
            "questions": arguments.questions,
            "queries": len(QUERIES),
            "repeat": arguments.repeat,
            "load_average": os.getloadavg(),
            "server_ms": {
                "min": min(all_samples), "median": statistics.median(all_samples),
                "p95": percentile(all_samples, 0.95), "max": max(all_samples),
            },
            "per_query_median_ms": {query: statistics.median(samples) for query, samples in per_query.items()},
        }
    finally:
        if databases is not None:
            teardown_databases(databases, verbosity=0)
    if arguments.json:
        print(json.dumps(result, indent=2))
        return
    server = result["server_ms"]
    print(f"{result['database']}, {result['questions']} questions, {result['queries']} queries × {result['repeat']}, "
          f"load average {' '.join(f'{load:.2f}' for load in result['load_average'])}")
    print(f"  server time: min {server['min']:.1f} ms, median {server['median']:.1f} ms, "
          f"p95 {server['p95']:.1f} ms, max {server['max']:.1f} ms (target p95 <= 20 ms)")
    for query, median in result["per_query_median_ms"].items():
        print(f"    {query or '(empty: the parts)':24s} {median:6.1f} ms")


if __name__ == "__main__":
    main()
