"""Writes for interview rooms: create, links, join, the interviewer's moves, end, the candidate's record."""

import random
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quizapp.catalog.models import Question, Snippet
from quizapp.catalog.selectors import snippet_for_question
from quizapp.content.topics import topic_ref
from quizapp.outcomes import PREDICTIONS
from quizapp.runs.models import Submission
from quizapp.runs.submissions import submission_create

from .models import CandidateLink, CodeEvent, InterviewPlan, Room, RoomItem, RoomRun, Scorecard

MAX_ITEMS = 30
REF = re.compile(r"^(?:(?P<series>[a-z0-9-]+):)?(?P<number>\d{1,5})$")


def question_refs(text: str) -> list[tuple[str, int]]:
    """'1028, python-deck:3' -> [("go", 1028), ("python-deck", 3)]."""
    refs = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        found = REF.match(word.lower())
        if found is None:
            raise ValidationError(
                {"questions": f"{word!r} is not a question number; write numbers like 1028 or python-deck:3."}
            )
        refs.append((found["series"] or "go", int(found["number"])))
    return refs


def refs_text(refs) -> str:
    return ", ".join(str(number) if series == "go" else f"{series}:{number}" for series, number in refs)


@dataclass(frozen=True)
class Pick:
    """What goes into a round: questions by number, a topic's snippets, exercises by slug."""

    question_refs: list[tuple[str, int]]
    topic: str = ""
    topic_language: str = "go"
    difficulty: int | None = None
    topic_count: int = 0
    exercise_slugs: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, refs, topic: str = "", difficulty=None, topic_count: int = 0, exercise_slugs=()) -> "Pick":
        """From the form's (or a plan's) values; topic is "language:slug"."""
        language, slug = topic_ref(topic)
        return cls(
            question_refs=list(refs),
            topic=slug,
            topic_language=language or "go",
            difficulty=difficulty,
            topic_count=topic_count or 0,
            exercise_slugs=tuple(exercise_slugs),
        )


def _picked(pick: Pick) -> list[tuple[Question | None, Snippet | None]]:
    chosen: list[tuple[Question | None, Snippet | None]] = []
    for series, number in pick.question_refs:
        question = Question.objects.filter(series=series, number=number).first()
        if question is None:
            raise ValidationError(
                {
                    "questions": f"There is no question {number} in the {series} series; "
                    "check the number (it is shown before each question's title)."
                }
            )
        chosen.append((question, snippet_for_question(question=question)))
    if pick.topic and pick.topic_count:
        pool = Snippet.objects.filter(
            kind=Snippet.Kind.TRICKY,
            is_draft=False,
            language=pick.topic_language,
            topic=pick.topic,
            question__isnull=False,
        )
        if pick.difficulty:
            pool = pool.filter(difficulty=pick.difficulty)
        taken = {snippet.pk for _, snippet in chosen if snippet is not None}
        ids = [pk for pk in pool.values_list("pk", flat=True) if pk not in taken]
        if not ids:
            raise ValidationError(
                {"topic": "No snippets have that topic and difficulty; choose another difficulty or leave it empty."}
            )
        for snippet in Snippet.objects.filter(
            pk__in=random.sample(ids, min(pick.topic_count, len(ids)))
        ).select_related("question"):
            chosen.append((snippet.question, snippet))
    for slug in pick.exercise_slugs:
        exercise = Snippet.objects.filter(slug=slug, kind=Snippet.Kind.EXERCISE, is_draft=False).first()
        if exercise is None:
            raise ValidationError({"exercises": f"There is no exercise {slug!r}; choose one from the list."})
        chosen.append((None, exercise))
    if not chosen:
        raise ValidationError({"questions": "Choose at least one question, a topic or an exercise for the room."})
    if len(chosen) > MAX_ITEMS:
        raise ValidationError({"questions": f"A round holds at most {MAX_ITEMS} questions; you chose {len(chosen)}."})
    return chosen


def items_create(room: Room, round: int, pick: Pick) -> None:
    RoomItem.objects.bulk_create(
        RoomItem(
            room=room,
            round=round,
            position=position,
            question=question,
            snippet=snippet,
            code=snippet.starter_code if snippet is not None else "",
            language=snippet.language if snippet is not None else "",
        )
        for position, (question, snippet) in enumerate(_picked(pick))
    )


def room_create(
    *,
    owner,
    title: str,
    pick: Pick,
    duration_minutes: int,
    mode: str = Room.Mode.INTERVIEW,
    link_hours: int | None = None,
) -> Room:
    now = timezone.now()
    room = Room(
        owner=owner,
        title=title.strip() or "Interview",
        mode=mode,
        duration_minutes=duration_minutes,
        created_at=now,
        expires_at=now + timedelta(days=settings.ROOMS_KEEP_DAYS),
    )
    room.full_clean()
    with transaction.atomic():
        room.save()
        items_create(room, 1, pick)
        link_create(room=room, hours=link_hours)
    return room


def link_create(*, room: Room, hours: int | None = None) -> CandidateLink:
    """A new candidate link; any earlier one is revoked (one current link per room)."""
    now = timezone.now()
    with transaction.atomic():
        room.links.filter(revoked_at__isnull=True).update(revoked_at=now)
        return CandidateLink.objects.create(
            room=room, created_at=now, expires_at=now + timedelta(hours=hours or settings.ROOMS_LINK_HOURS)
        )


def link_revoke(*, room: Room) -> int:
    return room.links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def room_join(*, link: CandidateLink, user) -> Room:
    """The candidate read the data notice and joined: the clock starts with the first join."""
    now = timezone.now()
    signed_in = user if user is not None and user.is_authenticated else None
    CandidateLink.objects.filter(pk=link.pk, joined_at__isnull=True).update(joined_at=now, user=signed_in)
    room = link.room
    if room.status == Room.Status.WAITING:
        Room.objects.filter(pk=room.pk, status=Room.Status.WAITING).update(status=Room.Status.LIVE, started_at=now)
        RoomItem.objects.filter(room=room, round=room.round, position=room.position, opened_at__isnull=True).update(
            opened_at=now
        )
    if room.mode == Room.Mode.PEERS and signed_in is not None and signed_in.pk != room.owner_id:
        Room.objects.filter(pk=room.pk, peer__isnull=True).update(peer=signed_in)
    room.refresh_from_db()
    return room


def item_sync(*, item: RoomItem, code: str | None, outcome: str | None, answer: str | None) -> bool:
    """The candidate's editor and answer as they type; each change is a step of the timeline.
    False when nothing changed (a repeated message)."""
    changes = {}
    if code is not None and code != item.code:
        _limit(code, "code", 64 * 1024)
        changes["code"] = code
    if outcome is not None and outcome != item.outcome:
        if outcome and outcome not in PREDICTIONS:
            raise ValidationError({"outcome": "Choose what the program does: it prints, does not compile, or panics."})
        changes["outcome"] = outcome
    if answer is not None and answer != item.answer:
        _limit(answer, "answer", 10_000)
        changes["answer"] = answer
    if not changes:
        return False
    for name, value in changes.items():
        setattr(item, name, value)
    with transaction.atomic():
        RoomItem.objects.filter(pk=item.pk).update(**changes)
        CodeEvent.objects.create(item=item, code=item.code, outcome=item.outcome, answer=item.answer)
    return True


def _limit(text: str, name: str, limit: int) -> None:
    if len(text.encode("utf-8", "replace")) > limit:
        raise ValidationError({name: f"The {name} is longer than {limit // 1024} KiB; shorten it."})
    if "\x00" in text:
        raise ValidationError({name: f"The {name} contains a NUL character; remove it."})


def room_move(*, room: Room, position: int) -> Room:
    count = room.items.filter(round=room.round).count()
    if not 0 <= position < count:
        raise ValidationError({"position": f"This round has questions 1 to {count}."})
    if room.is_ended:
        raise ValidationError({"room": "The room has ended."})
    Room.objects.filter(pk=room.pk).update(position=position)
    RoomItem.objects.filter(room=room, round=room.round, position=position, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )
    room.position = position
    return room


def item_reveal(*, item: RoomItem, what: str) -> RoomItem:
    if what not in ("answer", "explanation"):
        raise ValidationError({"reveal": "Reveal the answer or the explanation."})
    setattr(item, f"{what}_revealed", True)
    RoomItem.objects.filter(pk=item.pk).update(**{f"{what}_revealed": True})
    return item


def room_end(*, room: Room) -> Room:
    now = timezone.now()
    # The link stays the candidate's key to their summary; nobody can join an ended room with it.
    Room.objects.filter(pk=room.pk).exclude(status=Room.Status.ENDED).update(status=Room.Status.ENDED, ended_at=now)
    room.refresh_from_db()
    return room


def candidate_record_delete(*, room: Room) -> None:
    """The candidate's own record of the room: their code timeline, answers, runs and the feedback
    shared with them. The interviewer's private notes stay theirs until the room expires."""
    with transaction.atomic():
        items = RoomItem.objects.filter(room=room)
        CodeEvent.objects.filter(item__room=room).delete()
        Submission.objects.filter(room_run__item__room=room).delete()
        items.update(code="", outcome="", answer="", shared_feedback="")
        Room.objects.filter(pk=room.pk).update(candidate_deleted_at=timezone.now())


def rooms_expire(*, now=None) -> int:
    """Deletes rooms past their expiry with everything in them (an anonymous candidate's runs too)."""
    now = now or timezone.now()
    expired = Room.objects.filter(expires_at__lte=now)
    Submission.objects.filter(room_run__item__room__in=expired).delete()
    deleted, _ = expired.delete()
    return deleted


def room_run_create(
    *, item: RoomItem, user, session_key: str, code: str, client_ip: str, check: bool, token=None
) -> RoomRun:
    """The candidate's run, through the site's one run pipeline (its validation and rate limits)."""
    submission = submission_create(
        user=user,
        session_key=session_key,
        snippet=item.snippet,
        code=code,
        language=item.language or "go",
        token=token,
        client_ip=client_ip,
        check=check and item.snippet is not None,
    )
    run, _ = RoomRun.objects.get_or_create(submission=submission, defaults={"item": item})
    item_sync(item=item, code=code, outcome=None, answer=None)
    return run


def feedback_share(*, item: RoomItem, text: str) -> None:
    RoomItem.objects.filter(pk=item.pk).update(shared_feedback=text.strip())


def scorecard_save(*, item: RoomItem, data: dict) -> Scorecard:
    fields = {name: data.get(name) for name in Scorecard.RUBRIC}
    fields.update(notes=(data.get("notes") or "").strip(), comment=(data.get("comment") or "").strip())
    scorecard, _ = Scorecard.objects.update_or_create(item=item, defaults=fields)
    return scorecard


def plan_pick(*, plan: InterviewPlan) -> Pick:
    return Pick.of(
        refs=question_refs(plan.questions),
        topic=plan.topic,
        difficulty=plan.difficulty,
        topic_count=plan.topic_count,
        exercise_slugs=plan.exercise_slugs,
    )


def plan_save(*, owner, title: str, pick: Pick, duration_minutes: int) -> InterviewPlan:
    """Saves the pick under its name; saving again under the same name replaces that plan."""
    fields = {
        "questions": refs_text(pick.question_refs),
        "topic": f"{pick.topic_language}:{pick.topic}" if pick.topic else "",
        "difficulty": pick.difficulty,
        "topic_count": pick.topic_count if pick.topic else 0,
        "exercise_slugs": list(pick.exercise_slugs),
        "duration_minutes": duration_minutes,
    }
    plan = InterviewPlan.objects.filter(owner=owner, title=title.strip()).first() or InterviewPlan(
        owner=owner, title=title.strip()
    )
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


def plan_delete(*, plan: InterviewPlan) -> None:
    plan.delete()
