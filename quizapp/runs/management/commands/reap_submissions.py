from django.core.management.base import BaseCommand

from quizapp.runs.services import submissions_reap


class Command(BaseCommand):
    help = "Requeue or fail (INTERNAL_ERROR) submissions stuck queued or running past their limits."

    def handle(self, *args, **options):
        report = submissions_reap()
        self.stdout.write(f"requeued {report.requeued}, failed {report.failed}")
