import json

from django.core.management.base import BaseCommand, CommandError

from quizapp.content import parse_paths
from quizapp.content.summary import deck_summary


class Command(BaseCommand):
    help = "Lint question documents without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Documents or folders")
        parser.add_argument("--json", action="store_true", help="Print the parsed parts and questions as JSON.")

    def handle(self, *args, paths, **options):
        result = parse_paths(paths)
        for problem in result.problems:
            self.stderr.write(str(problem))
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(result), indent=2, ensure_ascii=False))
        else:
            questions = sum(len(part.questions) for part in result.parts)
            self.stdout.write(
                f"{len(result.parts)} part(s), {questions} question(s), "
                f"{len(result.snippets)} snippet(s), {len(result.exercises)} exercise(s), "
                f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
            )
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s)")


def _series_summary(result) -> dict:
    summary = {}
    for part in result.parts:
        entry = summary.setdefault(part.series, {"questions": 0, "with_indepth": 0, "tricky": 0, "tricky_numbers": []})
        for question in part.questions:
            entry["questions"] += 1
            entry["with_indepth"] += question.has_indepth
            if question.is_tricky:
                entry["tricky"] += 1
                entry["tricky_numbers"].append(question.number)
    return summary


def _as_json(result) -> dict:
    return {
        "series": _series_summary(result),
        "deck": deck_summary(result),
        "parts": [
            {
                "title": part.title,
                "source": str(part.source),
                "line": part.line,
                "declared_range": [part.declared_start, part.declared_end],
                "language": part.language,
                "questions": len(part.questions),
            }
            for part in result.parts
        ],
        "questions": [
            {
                "number": question.number,
                "title": question.title,
                "part": part.title,
                "series": part.series,
                "has_indepth": question.has_indepth,
                "is_tricky": question.is_tricky,
                "line": question.line,
            }
            for part in result.parts
            for question in part.questions
        ],
        "snippets": [
            {"slug": s.slug, "question": s.number, "series": s.series, "language": s.run.language,
             "checker": s.run.checker, "topic": s.topic, "difficulty": s.difficulty,
             "nondeterministic": s.nondeterministic, "toolchains": [t for t, _ in s.expectations],
             "references": [url for _, url in s.references],
             "source": str(s.source), "line": s.line}
            for s in result.snippets
        ],
        "corrections": [
            {"series": c.series, "question": c.number, "source": str(c.source), "line": c.line}
            for c in result.corrections
        ],
        "exercises": [
            {"slug": e.slug, "title": e.title, "question": e.question_number, "series": e.series,
             "language": e.run.language, "checker": e.run.checker, "source": str(e.source), "line": e.line}
            for e in result.exercises
        ],
        "problems": [
            {"path": str(p.path), "line": p.line, "severity": p.severity, "message": p.message}
            for p in result.problems
        ],
    }
