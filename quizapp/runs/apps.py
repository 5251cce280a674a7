from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "quizapp.runs"
    label = "runs"
    verbose_name = "Runs"

    def ready(self):
        from . import canary, heartbeat  # noqa: F401  (connects the Celery worker signals)
