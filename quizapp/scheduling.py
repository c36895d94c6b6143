"""Spaced review: when a question should come back to a student, scheduled by FSRS.

Pure: a card's stored state, the credit just earned and the time in; the new state and due
date out. Times are naive UTC, as the database stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

# Wrong comes back in ten minutes, then days; what was known comes back days later, then
# further apart. No fuzzing, so that a schedule can be tested exactly.
SCHEDULER = Scheduler(
    learning_steps=(timedelta(minutes=10),),
    relearning_steps=(timedelta(minutes=10),),
    enable_fuzzing=False,
)
SESSION_SIZE = 20


@dataclass(frozen=True)
class Scheduled:
    state: dict[str, Any]
    due: datetime
    outcome: str


def rating_for(credit: float) -> Rating:
    """A wrong answer is Again, a partly right one Hard, a right one Good."""
    if credit >= 1 - 1e-9:
        return Rating.Good
    return Rating.Hard if credit > 1e-9 else Rating.Again


def outcome_of(rating: Rating) -> str:
    return {Rating.Good: "correct", Rating.Hard: "partial"}.get(rating, "incorrect")


def schedule(state: dict[str, Any] | None, credit: float, now: datetime) -> Scheduled:
    """The card after an answer worth `credit` (0..1) given at `now`."""
    card = Card.from_dict(state) if state else Card(card_id=1)
    rating = rating_for(credit)
    card, _log = SCHEDULER.review_card(card, rating, now.replace(tzinfo=UTC))
    return Scheduled(
        card.to_dict(), card.due.astimezone(UTC).replace(tzinfo=None), outcome_of(rating)
    )
