from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "quizapp.review"
    label = "review"
    verbose_name = "Spaced review"
