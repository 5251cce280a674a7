"""The export of everything a learner owns: JSON (schema in docs/export.md) and a flat CSV of it."""

from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Question
from quizapp.catalog.rendering import plain_text
from quizapp.notes.models import QuestionNote
from quizapp.practice.models import PracticeSession
from quizapp.review.models import Card, ReviewLog
from quizapp.runs.models import Submission

EXPORT_SCHEMA = "quizapp-export/2"


def export_data(*, user, base_url: str = "") -> dict:
    """Everything a learner owns, as plain data: the JSON export (schema in docs/export.md); the CSV flattens it.

    Every question is referred to by series, number, title and link (`base_url` + its path).
    """
    profile = profile_for_user(user=user)

    def ref(question: Question) -> dict:
        return {
            "series": question.series,
            "number": question.number,
            "title": plain_text(question.title_html),
            "url": base_url + question.get_absolute_url(),
        }

    return {
        "schema": EXPORT_SCHEMA,
        "exported_at": timezone.now().isoformat(),
        "user": {"username": user.username, "email": user.email, "date_joined": user.date_joined.isoformat()},
        "settings": {
            "time_zone": profile.time_zone,
            "desired_retention": profile.desired_retention,
            "daily_new_limit": profile.daily_new_limit,
            "theme": profile.theme,
        },
        "cards": _exported_cards(user, ref),
        "reviews": [
            {
                **ref(log.question),
                "rating": log.get_rating_display(),
                "source": log.source,
                "reviewed_at": log.reviewed_at.isoformat(),
                "due_after": log.due_after.isoformat(),
            }
            for log in ReviewLog.objects.filter(user=user).select_related("question").order_by("reviewed_at", "id")
        ],
        "notes": [
            {
                **ref(note.question),
                "bookmarked": note.bookmarked,
                "text": note.text,
                "updated_at": note.updated_at.isoformat(),
            }
            for note in QuestionNote.objects.filter(user=user)
            .select_related("question")
            .order_by("question__series", "question__number")
        ],
        "runs": _exported_runs(user, ref, base_url),
        "practice_sessions": _exported_sessions(user, ref),
    }


def _exported_cards(user, ref) -> list[dict]:
    cards = Card.objects.filter(user=user).select_related("question").order_by("question__series", "question__number")
    return [
        {
            **ref(card.question),
            "state": card.get_state_display(),
            "due": card.due.isoformat(),
            "last_review": card.last_review.isoformat() if card.last_review else None,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "reps": card.reps,
            "lapses": card.lapses,
        }
        for card in cards
    ]


def _exported_runs(user, ref, base_url: str) -> list[dict]:
    runs = Submission.objects.filter(user=user).select_related("snippet__question").order_by("created_at", "id")
    return [
        {
            "id": run.pk,
            "url": base_url + run.get_absolute_url(),
            "created_at": run.created_at.isoformat(),
            "language": run.language,
            "snippet": run.snippet.slug if run.snippet else None,
            "question": ref(run.snippet.question) if run.snippet and run.snippet.question else None,
            "status": run.status,
            "verdict": run.verdict or None,
            "code": run.code,
        }
        for run in runs
    ]


def _exported_sessions(user, ref) -> list[dict]:
    sessions = PracticeSession.objects.filter(user=user).prefetch_related("items__question", "parts")
    return [
        {
            "id": session.pk,
            "started_at": session.started_at.isoformat(),
            "finished_at": session.finished_at.isoformat() if session.finished_at else None,
            "status": session.status,
            "score": session.score,
            "size": session.size,
            "parts": [part.title for part in session.parts.all()] or ["all"],
            "items": [
                {
                    **ref(item.question),
                    "position": item.position,
                    "status": item.status,
                    "answer": item.answer,
                    "rating": item.get_rating_display() if item.rating else None,
                    "seconds": item.seconds_spent,
                }
                for item in session.items.all()
            ],
        }
        for session in sessions
    ]


EXPORT_CSV_HEADER = [
    "record", "series", "number", "title", "url", "when", "rating", "source", "state", "due", "bookmarked",
    "note", "answer", "session", "score", "seconds", "language", "verdict",
]
QUESTION_COLUMNS = ("series", "number", "title", "url")


def export_csv_rows(*, user, base_url: str = "") -> list[list]:
    """One flat table; the first column names the record, and each value sits in its own column."""
    data = export_data(user=user, base_url=base_url)
    records = [*map(_card_record, data["cards"]), *map(_review_record, data["reviews"]),
               *map(_note_record, data["notes"]), *map(_run_record, data["runs"])]
    for session in data["practice_sessions"]:
        records.extend(_session_records(session))
    return [[record.get(column, "") for column in EXPORT_CSV_HEADER] for record in records]


def _question(row: dict) -> dict:
    return {key: row[key] for key in QUESTION_COLUMNS}


def _card_record(card: dict) -> dict:
    return {"record": "card", **_question(card), "when": card["last_review"], "state": card["state"],
            "due": card["due"]}


def _review_record(log: dict) -> dict:
    return {"record": "review", **_question(log), "when": log["reviewed_at"], "rating": log["rating"],
            "source": log["source"], "due": log["due_after"]}


def _note_record(note: dict) -> dict:
    return {"record": "note", **_question(note), "when": note["updated_at"], "bookmarked": note["bookmarked"],
            "note": note["text"]}


def _run_record(run: dict) -> dict:
    question = run["question"] or {}
    return {"record": "run", **{key: question.get(key, "") for key in QUESTION_COLUMNS[:3]}, "url": run["url"],
            "when": run["created_at"], "state": run["status"], "language": run["language"],
            "verdict": run["verdict"] or ""}


def _session_records(session: dict) -> list[dict]:
    records = [{"record": "practice_session", "when": session["started_at"], "state": session["status"],
                "session": session["id"], "score": session["score"], "note": ", ".join(session["parts"])}]
    for item in session["items"]:
        records.append({"record": "practice_item", **_question(item), "rating": item["rating"] or "",
                        "state": item["status"], "answer": item["answer"], "session": session["id"],
                        "seconds": item["seconds"]})
    return records
