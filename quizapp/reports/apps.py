from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "quizapp.reports"
    label = "reports"
    verbose_name = "Problem reports"
