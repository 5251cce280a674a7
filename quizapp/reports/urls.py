from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_create, name="create"),
    path("reports/mine/", views.reports_mine, name="mine"),
]
