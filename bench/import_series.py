"""Parse + import a synthetic 52-part, 1,045-question series into a fresh SQLite database.

    .venv/bin/python bench/import_series.py [--repeat 3]

Baseline, measured in the same run: reading the same files and splitting them into lines
(the least any importer must do). Target: parse + first import <= 3 s on 2 cores.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    workdir = fresh_database("bench-import-")

    import django

    django.setup()
    from django.core.management import call_command

    from bench.series import write_series
    from quizapp.catalog.models import Question
    from quizapp.catalog.services import content_import
    from quizapp.content import parse_paths

    series_dir = workdir / "series"
    write_series(series_dir)
    files = sorted(series_dir.iterdir())

    def read_lines():
        return sum(len(path.read_bytes().decode("utf-8").splitlines()) for path in files)

    baseline = [timed(read_lines)[0] for _ in range(arguments.repeat)]
    parses = [timed(lambda: parse_paths([series_dir]))[0] for _ in range(arguments.repeat)]
    result = parse_paths([series_dir])
    assert not result.errors, result.errors[:3]

    first_imports, reimports = [], []
    for _ in range(arguments.repeat):
        call_command("flush", interactive=False, verbosity=0) if first_imports else call_command(
            "migrate", verbosity=0
        )
        seconds, report = timed(lambda: content_import(paths=[series_dir]))
        first_imports.append(seconds)
        assert len(report.created) == 1045, report.summary()
        seconds, report = timed(lambda: content_import(paths=[series_dir]))
        reimports.append(seconds)
        assert not report.changed_anything, report.summary()
    assert Question.objects.count() == 1045

    base = statistics.median(baseline)

    def row(label, samples):
        median = statistics.median(samples)
        print(
            f"{label:<34} median {median * 1000:8.1f} ms  (min {min(samples) * 1000:.1f} – max "
            f"{max(samples) * 1000:.1f})  {median / base:8.1f}x baseline"
        )

    print(f"series: {len(files)} documents, {len(result.questions)} questions; repeat={arguments.repeat}")
    row("baseline: read + split lines", baseline)
    row("parse (parse_paths)", parses)
    row("first import (parse + write)", first_imports)
    row("re-import, nothing changed", reimports)
    total = statistics.median(first_imports)  # content_import parses the documents itself
    print(f"parse + first import: {total:.2f} s (target <= 3 s): {'OK' if total <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
