from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("practice/", views.practice_index, name="index"),
    path("practice/start/", views.practice_start, name="start"),
    path("practice/<int:session_id>/", views.practice_detail, name="detail"),
    path("practice/<int:session_id>/answer/", views.practice_action, {"action": "answer"}, name="answer"),
    path("practice/<int:session_id>/rate/", views.practice_action, {"action": "rate"}, name="rate"),
    path("practice/<int:session_id>/skip/", views.practice_action, {"action": "skip"}, name="skip"),
    path("practice/<int:session_id>/finish/", views.practice_action, {"action": "finish"}, name="finish"),
    path("practice/<int:session_id>/next/", views.practice_action, {"action": "next"}, name="next"),
    path("practice/<int:session_id>/pause/", views.practice_action, {"action": "pause"}, name="pause"),
    path("practice/<int:session_id>/resume/", views.practice_action, {"action": "resume"}, name="resume"),
    path("practice/<int:session_id>/missed/", views.practice_missed, name="missed"),
]
