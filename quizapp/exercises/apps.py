from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "quizapp.exercises"
    label = "exercises"
    verbose_name = "Exercises"

    def ready(self):
        from . import services  # noqa: F401  (a visitor's solution reveals follow them when they sign up or in)
