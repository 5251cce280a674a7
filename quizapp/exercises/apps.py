from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "quizapp.exercises"
    label = "exercises"
    verbose_name = "Exercises"
