"""Server time of the learner pages for one user with 1,000 questions and a year of reviews.

    .venv/bin/python bench/learner_pages.py [--repeat 30]

Baseline, measured in the same run: the plain question page (same user, same database).
Target: the review page and the dashboard render in <= 50 ms.
"""

import argparse
import random
import statistics
import sys
import time
import zoneinfo
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import fresh_database

REVIEWS_PER_DAY = 20
DAYS = 365


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()

    workdir = fresh_database("bench-learner-")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bench.series import write_series
    from quizapp.catalog.models import Question
    from quizapp.catalog.services import content_import
    from quizapp.accounts.models import Profile
    from quizapp.notes.models import QuestionNote
    from quizapp.practice.services import practice_start
    from quizapp.review.models import Card, ReviewLog

    call_command("migrate", verbosity=0)
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
            user=user, question=question, state=Card.State.REVIEW if index % 5 else Card.State.LEARNING, step=None,
            stability=rng.uniform(1, 90), difficulty=rng.uniform(1, 10), reps=rng.randint(1, 20),
            due=now + timedelta(hours=rng.uniform(-240, 1440)), last_review=now - timedelta(days=rng.randint(0, 30)),
            created_at=now - timedelta(days=DAYS - index * DAYS // len(studied)),
        )
        for index, question in enumerate(studied)
    )
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
            idempotency_key=f"bench-{day}-{slot}",
        )
        for day in range(DAYS)
        if rng.random() < 0.85
        for slot, card in enumerate(rng.sample(cards, REVIEWS_PER_DAY))
    )
    QuestionNote.objects.bulk_create(
        QuestionNote(user=user, question=question, text=f"note {index}", bookmarked=index % 3 == 0)
        for index, question in enumerate(questions[:300])
    )
    for key in range(20):
        session = practice_start(
            user=user, parts=[], size=10, seconds_per_question=60, seconds_total=900, idempotency_key=f"p{key}"
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
    print(
        f"{len(questions)} questions, {Card.objects.count()} cards, {ReviewLog.objects.count()} reviews over {DAYS} days, "
        f"{arguments.repeat} requests each; server time in ms (median, min–max)"
    )
    baseline = None
    for name, url in pages.items():
        samples = measure(url, headers.get(name, {}))
        median = statistics.median(samples)
        baseline = baseline or median
        print(f"  {name:30s} {median:6.1f} ms  ({min(samples):.1f}–{max(samples):.1f})  ×{median / baseline:.2f}")


if __name__ == "__main__":
    main()
