from django.urls import path

from . import views

app_name = "notes"

urlpatterns = [
    path("notes/", views.mine, name="mine"),
    path("notes/<int:question_id>/", views.note_save, name="save"),
    path("notes/<int:question_id>/bookmark/", views.bookmark_set, name="bookmark"),
]
