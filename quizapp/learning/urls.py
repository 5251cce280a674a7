from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:language>/<slug:topic>/", views.topic_detail, name="topic"),
    path("me/export.json", views.export_json, name="export_json"),
    path("me/export.csv", views.export_csv, name="export_csv"),
]
