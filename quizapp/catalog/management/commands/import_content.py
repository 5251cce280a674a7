from django.core.management.base import BaseCommand, CommandError

from quizapp.catalog.services import content_import


class Command(BaseCommand):
    help = "Import question documents (default: everything in content/). Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Documents or folders; default: content/")
        parser.add_argument("--force", action="store_true", help="Overwrite questions edited in the admin.")

    def handle(self, *args, paths, force, **options):
        report = content_import(paths=paths or None, force=force)
        for problem in report.problems:
            self.stderr.write(str(problem))
        for path in report.skipped_documents:
            self.stderr.write(f"{path}: has errors; nothing imported from it")
        if report.kept_edited:
            numbers = ", ".join(str(number) for number in report.kept_edited)
            self.stdout.write(f"kept admin edits of questions {numbers} (use --force to overwrite)")
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); fix them and import again")
