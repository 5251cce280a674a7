from django.core.management.base import BaseCommand

from quizapp.worker.reaper import submissions_reap


class Command(BaseCommand):
    help = "Requeue or fail (INTERNAL_ERROR) stranded runs; resend queued runs whose message the broker lost."

    def handle(self, *args, **options):
        report = submissions_reap()
        self.stdout.write(f"requeued {report.requeued}, failed {report.failed}, resent {report.resent}")
