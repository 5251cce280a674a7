from django.conf import settings
from django.core.management.base import BaseCommand

from quizapp.catalog.rendering import pygments_css


class Command(BaseCommand):
    help = "Regenerate static/css/pygments.css from the pygments styles in rendering.py."

    def handle(self, *args, **options):
        target = settings.BASE_DIR / "static" / "css" / "pygments.css"
        target.write_text(pygments_css())
        self.stdout.write(f"wrote {target}")
