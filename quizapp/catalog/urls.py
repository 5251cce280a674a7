from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("parts/<int:part_id>/", views.part_detail, name="part"),
    path("q/<slug:series>/<int:number>/", views.question_detail, name="question"),
    path("q/<slug:series>/<int:number>/predict/", views.question_predict, name="predict"),
    path("q/<slug:series>/<int:number>/draft/", views.question_draft, name="draft"),
]
