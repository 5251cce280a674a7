from django.urls import path

from . import views

app_name = "runs"

urlpatterns = [
    path("runs/", views.run_create, name="create"),
    path("runs/<int:submission_id>/", views.run_detail, name="detail"),
    path("runs/compare/<uuid:batch>/", views.run_compare, name="compare"),
    path("runs/<int:submission_id>/share/", views.share_create, name="share"),
    path("s/<str:share_id>/", views.run_shared, name="shared"),
    path("s/<str:share_id>/edit/", views.run_shared_copy, name="shared_copy"),
    path("runs/format/", views.format_create, name="format"),
    path("runs/format/<str:request_id>/", views.format_answer, name="format_answer"),
]
