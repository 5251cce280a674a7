from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "quizapp.ops"
    label = "ops"
    verbose_name = "Operations"
