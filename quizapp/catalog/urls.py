from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("parts/<int:part_id>/", views.part_detail, name="part"),
    path("q/<slug:series>/<int:number>/", views.question_detail, name="question"),
]
