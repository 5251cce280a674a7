from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("me/export.json", views.export_json, name="export_json"),
    path("me/export.csv", views.export_csv, name="export_csv"),
]
