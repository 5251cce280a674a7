from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("review/", views.review, name="queue"),
    path("review/<int:question_id>/rate/", views.review_rate, name="rate"),
    path("review/<int:question_id>/predict/", views.review_predict, name="predict"),
    path("predict/", views.prediction_create, name="question_predict"),
    path("q/<slug:series>/<int:number>/predict/", views.question_predict, name="predict_question"),
    path("review/undo/<int:log_id>/", views.review_undo, name="undo"),
    path("progress/<int:question_id>/rate/", views.question_rate, name="question_rate"),
]
