from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "quizapp.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import heartbeat  # noqa: F401  (connects the Celery worker signals)
