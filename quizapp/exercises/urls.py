from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("exercises/", views.exercise_list, name="list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="detail"),
    path("exercises/<slug:slug>/draft/", views.draft_save, name="draft"),
    path("exercises/<slug:slug>/solution/", views.solution_show, name="solution"),
]
