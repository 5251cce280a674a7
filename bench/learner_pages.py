"""Server time of the learner pages for one user with 1,000 questions and 1,000 reviews.

    .venv/bin/python bench/learner_pages.py [--repeat 30] [--reviews 1000] [--database-url postgres://…] [--json]

Each page's p95 server time is reported as a ratio to a bare `python3 -I -S -c pass` start measured
in the same run (issue 23: the dashboard, review, practice, exercise and question pages at most 8×).
With --database-url the database is flushed first: give it a database of its own.
"""

import argparse
import json
import random
import subprocess
import statistics
import sys
import time
import zoneinfo
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database

DAYS = 365
BARE_PYTHON = ["python3", "-I", "-S", "-c", "pass"]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bare_python_ms(repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(BARE_PYTHON, check=True)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reviews", type=int, default=1000, help="the learner's reviews, spread over a year")
    parser.add_argument(
        "--database-url", default=None, help="e.g. PostgreSQL; flushed first (default: a new SQLite file)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()

    workdir = fresh_database("bench-learner-", arguments.database_url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bench.series import write_series
    from quizapp.catalog.models import Question, Snippet
    from quizapp.catalog.services import content_import
    from quizapp.accounts.models import Profile
    from quizapp.notes.models import QuestionNote
    from quizapp.practice.services import practice_start
    from quizapp.review.models import Card, ReviewLog

    call_command("migrate", verbosity=0)
    if arguments.database_url:
        call_command("flush", interactive=False, verbosity=0)
    write_series(workdir / "series", parts=50, questions=1000, seed=1)
    report = content_import(paths=[workdir / "series"])
    assert not report.errors, report.errors[:3]
    questions = list(Question.objects.order_by("series", "number"))

    rng = random.Random(1)
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    now = timezone.now()
    user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password-1")
    Profile.objects.create(user=user, time_zone="Europe/Berlin", daily_new_limit=20)
    studied = questions[:900]
    cards = Card.objects.bulk_create(
        Card(
            user=user,
            question=question,
            state=Card.State.REVIEW if index % 5 else Card.State.LEARNING,
            step=None,
            stability=rng.uniform(1, 90),
            difficulty=rng.uniform(1, 10),
            reps=rng.randint(1, 20),
            due=now + timedelta(hours=rng.uniform(-240, 1440)),
            last_review=now - timedelta(days=rng.randint(0, 30)),
            created_at=now - timedelta(days=DAYS - index * DAYS // len(studied)),
        )
        for index, question in enumerate(studied)
    )
    days = sorted(rng.randrange(DAYS) for _ in range(arguments.reviews))
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            question_id=card.question_id,
            card=card,
            rating=rng.randint(1, 4),
            source="review",
            reviewed_at=now - timedelta(days=day),
            day=(now - timedelta(days=day)).astimezone(zone).date(),
            due_after=now,
            idempotency_key=f"bench-{index}",
        )
        for index, (day, card) in enumerate(zip(days, rng.choices(cards, k=arguments.reviews)))
    )
    QuestionNote.objects.bulk_create(
        QuestionNote(user=user, question=question, text=f"note {index}", bookmarked=index % 3 == 0)
        for index, question in enumerate(questions[:300])
    )
    for key in range(20):
        session = practice_start(
            user=user, parts=[], size=10, seconds_per_question=60, seconds_total=900, idempotency_key=f"p{key}"
        )
    exercise = Snippet.objects.create(
        slug="bench-exercise",
        kind=Snippet.Kind.EXERCISE,
        language="python",
        title="Sum the input",
        prompt="Print the sum.",
        prompt_html="<p>Print the sum.</p>",
        starter_code="import sys\n",
        solution_code="import sys\nprint(sum(map(int, sys.stdin.read().split())))\n",
        stdin="1 2\n",
        expected_output="3\n",
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    question = questions[450]
    pages = {
        "question page (baseline)": question.get_absolute_url(),
        "question page, answer shown": question.get_absolute_url() + "?answer=1",
        "review page": reverse("review:queue"),
        "review: reveal (htmx)": reverse("review:queue") + f"?answer=1&question={question.pk}",
        "dashboard": reverse("learning:dashboard"),
        "practice question": reverse("practice:detail", args=[session.pk]),
        "practice history": reverse("practice:index"),
        "exercise page": reverse("exercises:detail", args=[exercise.slug]),
    }
    headers = {"review: reveal (htmx)": {"HTTP_HX_REQUEST": "true"}}

    def measure(url, extra):
        samples = []
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            response = client.get(url, **extra)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return samples

    for url in pages.values():  # warm the template and connection caches
        client.get(url)
    python_start = bare_python_ms(arguments.repeat)
    start_p95 = p95(python_start)
    figures = {
        "database": connection_vendor(),
        "questions": len(questions),
        "cards": Card.objects.count(),
        "reviews": ReviewLog.objects.count(),
        "repeat": arguments.repeat,
        "bare_python_start_ms": {"median": statistics.median(python_start), "p95": start_p95},
        "pages": {},
    }
    for name, url in pages.items():
        samples = measure(url, headers.get(name, {}))
        figures["pages"][name] = {
            "median_ms": statistics.median(samples),
            "p95_ms": p95(samples),
            "p95_vs_python_start": p95(samples) / start_p95,
        }
    if arguments.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['questions']} questions, {figures['cards']} cards, {figures['reviews']} reviews on "
        f"{figures['database']}, {arguments.repeat} requests each; bare python start p95 {start_p95:.1f} ms"
    )
    for name, row in figures["pages"].items():
        print(
            f"  {name:30s} median {row['median_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  "
            f"×{row['p95_vs_python_start']:.2f} of a python start"
        )


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
