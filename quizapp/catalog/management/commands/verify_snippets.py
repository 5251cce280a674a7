import time

from django.core.management.base import BaseCommand, CommandError

from quizapp.catalog.models import Snippet
from quizapp.catalog.verification_services import snippets_verify


class Command(BaseCommand):
    help = ("Run every snippet's canonical program (and its 'As written' code) in the sandbox; "
            "fail if any outcome disagrees with the expected one.")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these snippets (default: all)")
        parser.add_argument("--jobs", type=int, default=2, help="Programs run at once (default 2)")
        parser.add_argument("--no-warm", dest="warm", action="store_false",
                            help="Do not prebuild the toolchain caches first")

    def handle(self, *args, slugs, jobs, **options):
        snippets = Snippet.objects.order_by("slug")
        if slugs:
            snippets = snippets.filter(slug__in=slugs)
        snippets = list(snippets)
        if slugs and len(snippets) != len(set(slugs)):
            missing = sorted(set(slugs) - {s.slug for s in snippets})
            raise CommandError(f"no such snippet: {', '.join(missing)} (run import_content first?)")
        started = time.monotonic()
        if options["warm"]:
            import sandbox

            sandbox.warm()  # idempotent; a fresh machine must build the Go standard library once
        checks = snippets_verify(snippets=snippets, jobs=jobs)
        failed = [check for check in checks if not check.ok]
        for check in failed:
            for failure in check.failures:
                self.stderr.write(f"{check.slug}: {failure}")
            if check.diff:
                self.stderr.write(check.diff)
        self.stdout.write(f"verified {len(checks)} snippet(s) in {time.monotonic() - started:.1f} s: "
                          f"{len(checks) - len(failed)} agree, {len(failed)} disagree")
        if failed:
            raise CommandError(f"{len(failed)} snippet(s) disagree with their expected outcome: "
                               f"{', '.join(check.slug for check in failed)}")
