from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "quizapp.runs"
    label = "runs"
    verbose_name = "Runs"
