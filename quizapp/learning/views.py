import csv
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizapp.catalog.models import Difficulty
from quizapp.catalog.selectors import topic_get

from . import export, selectors
from .charts import review_chart


@login_required
@require_GET
def dashboard(request):
    stats = selectors.dashboard_stats(user=request.user)
    context = {"stats": stats, "chart": review_chart(days=stats.days), "practice_token": uuid.uuid4().hex[:40]}
    return render(request, "learning/dashboard.html", context)


@login_required
@require_GET
def export_json(request):
    response = JsonResponse(
        export.export_data(user=request.user, base_url=_site_url(request)), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="progress.json"'
    return response


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
@require_GET
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="progress.csv"'
    writer = csv.writer(response)
    writer.writerow(export.EXPORT_CSV_HEADER)
    writer.writerows(export.export_csv_rows(user=request.user, base_url=_site_url(request)))
    return response


DIFFICULTIES = {str(level.value): level for level in Difficulty}  # ?difficulty=1 -> Difficulty.EASY


@require_GET
def topic_index(request):
    return render(request, "learning/topics.html", {"topics": selectors.topic_mastery(user=request.user)})


@require_GET
def topic_detail(request, language: str, topic: str):
    found = topic_get(language=language, slug=topic)
    difficulty = DIFFICULTIES.get(request.GET.get("difficulty", ""))
    snippets = selectors.topic_page_snippets(user=request.user, topic=found, difficulty=difficulty)
    return render(
        request,
        "learning/topic.html",
        {"topic": found, "snippets": snippets, "difficulty": difficulty, "difficulties": DIFFICULTIES},
    )
