from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("quizapp.catalog.urls")),
    path("", include("quizapp.learning.urls")),
    path("", include("quizapp.runs.urls")),
    path("", include("quizapp.ops.urls")),
]
