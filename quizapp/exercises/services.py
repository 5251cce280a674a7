"""Writes for exercises: the member's draft."""

from django.core.exceptions import ValidationError

from quizapp.catalog.models import Snippet

from .models import DRAFT_MAX_LENGTH, ExerciseDraft


def draft_save(*, user, exercise: Snippet, code: str) -> ExerciseDraft:
    if len(code) > DRAFT_MAX_LENGTH:
        raise ValidationError({"code": f"The draft is over {DRAFT_MAX_LENGTH:,} characters; it was not saved."})
    draft, _ = ExerciseDraft.objects.update_or_create(user=user, snippet=exercise, defaults={"code": code.replace("\r\n", "\n")})
    return draft
