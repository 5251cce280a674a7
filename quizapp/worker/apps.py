from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "quizapp.worker"
    label = "worker"
    verbose_name = "Worker"

    def ready(self):
        from . import lifecycle

        lifecycle.connect()
