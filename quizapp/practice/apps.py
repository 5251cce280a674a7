from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "quizapp.practice"
    label = "practice"
    verbose_name = "Practice sessions"
