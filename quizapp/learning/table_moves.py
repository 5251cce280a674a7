"""Migration helper for the split of this app: a moved model keeps its table, content type and permissions."""

from django.db import migrations


def content_types_move(*, models: list[str], to_app: str) -> migrations.RunPython:
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label=to_app, model=model).exists():
                ContentType.objects.filter(app_label="learning", model=model).update(app_label=to_app)

    def move_back(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label="learning", model=model).exists():
                ContentType.objects.filter(app_label=to_app, model=model).update(app_label="learning")

    return migrations.RunPython(move, move_back)
