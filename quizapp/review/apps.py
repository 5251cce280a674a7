from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "quizapp.review"
    label = "review"
    verbose_name = "Spaced review"

    def ready(self):
        from . import claim  # noqa: F401  (a visitor's predictions become reviews when they sign up or in)
