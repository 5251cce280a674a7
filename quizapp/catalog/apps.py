from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "quizapp.catalog"
    label = "catalog"
    verbose_name = "Questions"
