from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sqlite_search_schema(sender, using, **kwargs):
    from django.db import connections

    from .search import sqlite

    if connections[using].vendor == "sqlite":
        sqlite.schema_ensure(using=connections[using])


class CatalogConfig(AppConfig):
    name = "quizapp.catalog"
    label = "catalog"
    verbose_name = "Questions"

    def ready(self):
        post_migrate.connect(_sqlite_search_schema, sender=self)
