"""The one way a card is scheduled: FSRS with the learner's retention, without random fuzz, so the
interval shown on a rating button is the one the rating then sets."""

from datetime import datetime, timedelta

import fsrs

from quizapp.accounts.models import Profile

from .models import Card, Rating


def scheduler_for(profile: Profile) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=profile.desired_retention, enable_fuzzing=False)


def fsrs_card(card: Card | None) -> fsrs.Card:
    if card is None:
        return fsrs.Card(step=0)
    return fsrs.Card(
        card_id=card.question_id, state=fsrs.State(card.state), step=card.step, stability=card.stability,
        difficulty=card.difficulty, due=card.due, last_review=card.last_review,
    )


def card_apply(card: Card, scheduled: fsrs.Card, *, rating: Rating, now: datetime) -> None:
    """Copies a scheduled FSRS card onto the learner's card (reps and lapses included)."""
    if rating == Rating.AGAIN and card.state == Card.State.REVIEW and card.reps:
        card.lapses += 1
    card.state = scheduled.state.value
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = now
    card.reps += 1


def outcomes(*, card: Card | None, scheduler: fsrs.Scheduler, now: datetime) -> dict[Rating, fsrs.Card]:
    """What each of the four ratings would do to the card now: FSRS's own answer for each."""
    current = fsrs_card(card)
    return {rating: scheduler.review_card(current, fsrs.Rating(rating), review_datetime=now)[0] for rating in Rating}


def interval_label(interval: timedelta) -> str:
    """Anki's short form: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    minutes = interval.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    if minutes < 60 * 24:
        return f"{round(minutes / 60)}h"
    days = minutes / (60 * 24)
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"
