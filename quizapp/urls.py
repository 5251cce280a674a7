from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("quizapp.catalog.urls")),
    path("", include("quizapp.runs.urls")),
    path("", include("quizapp.accounts.urls")),
    path("", include("quizapp.review.urls")),
    path("", include("quizapp.notes.urls")),
    path("", include("quizapp.practice.urls")),
    path("", include("quizapp.exercises.urls")),
    path("", include("quizapp.search.urls")),
    path("", include("quizapp.learning.urls")),
    path("", include("quizapp.reports.urls")),
    path("", include("quizapp.rooms.urls")),
    path("", include("quizapp.ops.urls")),
]

handler404 = "quizapp.ops.errors.page_not_found"
handler500 = "quizapp.ops.errors.server_error"
